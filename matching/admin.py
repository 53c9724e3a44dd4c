"""The matching in the admin: suggestions and picks on a request, experts on an activity.

The Terms of Reference request and activity admins of cooperation and activities are extended
here (re-registered as subclasses): those apps know nothing of one another.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.admin import ActivityAdmin as BaseActivityAdmin
from activities.models import Activity
from cooperation.admin import TorRequestAdmin as BaseTorRequestAdmin
from cooperation.models import TorRequest
from experts.admin import ExpertAdmin as BaseExpertAdmin
from experts.models import Expert

from . import services
from .forms import ActivityFromRequestForm, MatchForm
from .models import ActivityExpert, Availability, NamingConsent, RequestMatch, unavailable_during
from .suggestions import suggest

MATCH_PERMISSION = "matching.add_requestmatch"
ROSTER_PERMISSION = "experts.view_expert"


def sees_people(user):
    """Roster managers see experts; content editors see countries, not people."""
    return user.has_perm(ROSTER_PERMISSION)


class ActivityExpertInline(admin.TabularInline):
    """The experts who served an activity: only roster managers see the inline."""

    model = ActivityExpert
    extra = 0
    fields = ("expert", "role")
    raw_id_fields = ("expert",)
    verbose_name = _("expert who served (roster managers only)")

    def has_view_permission(self, request, obj=None):
        return sees_people(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return sees_people(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return sees_people(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_people(request.user) and super().has_delete_permission(request, obj)


admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityAdmin(BaseActivityAdmin):
    inlines = [*BaseActivityAdmin.inlines, ActivityExpertInline]


admin.site.unregister(TorRequest)


@admin.register(TorRequest)
class TorRequestAdmin(BaseTorRequestAdmin):
    change_form_template = "matching/admin/torrequest_change_form.html"

    class Media:
        css = {"all": ["matching/admin.css"]}

    def get_urls(self):
        return [
            path(
                "<int:pk>/match/",
                self.admin_site.admin_view(self.match_view),
                name="cooperation_torrequest_match",
            ),
            path(
                "<int:pk>/activity/",
                self.admin_site.admin_view(self.activity_view),
                name="cooperation_torrequest_activity",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["matching"] = self._matching_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _matching_context(self, request, tor_request):
        people = sees_people(request.user)
        request_match = (
            RequestMatch.objects.filter(request=tor_request)
            .select_related("activity")
            .prefetch_related("experts" if people else "provider_institutions")
            .first()
        )
        can_match = request.user.has_perm(MATCH_PERMISSION) and people
        matchable = tor_request.state in services.MATCHABLE_STATES
        return {
            "suggestions": suggest(tor_request, with_experts=people) if matchable else None,
            "request_match": request_match,
            "sees_people": people,
            "can_match": can_match and matchable,
            "can_create_activity": can_match
            and tor_request.state == TorRequest.State.MATCHED
            and request_match is not None,
            "match_form": MatchForm(),
        }

    def _allowed(self, request):
        if not (request.user.has_perm(MATCH_PERMISSION) and sees_people(request.user)):
            raise PermissionDenied

    def match_view(self, request, pk):
        self._allowed(request)
        tor_request = get_object_or_404(TorRequest, pk=pk)
        back = reverse("admin:cooperation_torrequest_change", args=[pk])
        if request.method != "POST":
            return redirect(back)
        form = MatchForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        suggestions = suggest(tor_request)
        try:
            services.match(
                tor_request,
                request.user,
                countries=form.cleaned_data["countries"],
                institutions=list(form.cleaned_data["institutions"]),
                experts=list(form.cleaned_data["experts"]),
                suggested_experts=[item.expert for item in suggestions.experts],
            )
        except services.NotAllowedNow:
            messages.error(request, _("This request can no longer be matched."))
            return redirect(back)
        messages.success(request, _("The request is matched; the focal point is told by e-mail."))
        return redirect(back)

    def activity_view(self, request, pk):
        self._allowed(request)
        tor_request = get_object_or_404(
            TorRequest.objects.select_related("institution", "programme", "kind"), pk=pk
        )
        request_match = RequestMatch.objects.filter(request=tor_request).first()
        back = reverse("admin:cooperation_torrequest_change", args=[pk])
        if tor_request.state != TorRequest.State.MATCHED or request_match is None:
            messages.error(request, _("Only a matched request can become an activity."))
            return redirect(back)
        experts = Expert.objects.filter(matches=request_match)
        initial = {
            "kind": services.suggested_kind(tor_request),
            "summary": tor_request.objectives[:600],
            "provider_countries": list(request_match.provider_countries),
            "beneficiary_countries": [str(tor_request.institution.country)],
            "experts": list(experts),
        }
        form = ActivityFromRequestForm(
            request.POST if request.method == "POST" else None, initial=initial, experts=experts
        )
        if request.method == "POST" and form.is_valid():
            try:
                activity = services.create_activity(tor_request, request.user, form.cleaned_data)
            except services.NotAllowedNow:
                messages.error(request, _("Only a matched request can become an activity."))
                return redirect(back)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "The activity is created as a draft and the request is scheduled; "
                        "the focal point is told by e-mail."
                    ),
                )
                if request.user.has_perm("activities.change_activity"):
                    return redirect(reverse("admin:activities_activity_change", args=[activity.pk]))
                return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create the activity"),
            "opts": self.opts,
            "original": tor_request,
            "tor_request": tor_request,
            "form": form,
            "back": back,
        }
        return TemplateResponse(request, "matching/admin/create_activity.html", context)


@admin.register(RequestMatch)
class RequestMatchAdmin(admin.ModelAdmin):
    """Read-only: what was matched, by whom, and the activity it became."""

    list_display = ("request", "provider_country_names", "activity", "matched_at", "matched_by")
    list_select_related = ("request__institution", "request__kind", "activity", "matched_by")
    list_filter = ("matched_at",)
    fields = (
        "request",
        "provider_countries",
        "provider_institutions",
        "experts",
        "suggested_experts",
        "activity",
        "matched_at",
        "matched_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return sees_people(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("provider countries"))
    def provider_country_names(self, request_match):
        return ", ".join(country.name for country in request_match.provider_countries)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ActivitiesServedInline(ReadOnlyInline):
    model = ActivityExpert
    fields = ("activity", "role")
    readonly_fields = fields
    verbose_name = _("activity served")
    verbose_name_plural = _("activities served")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity")


class SuggestedForInline(ReadOnlyInline):
    model = RequestMatch.suggested_experts.through
    fields = ("request_match",)
    readonly_fields = fields
    verbose_name = _("request suggested for")
    verbose_name_plural = _("requests suggested for")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("requestmatch__request__kind", "requestmatch__request__institution")
        )

    @admin.display(description=_("request"))
    def request_match(self, row):
        tor_request = row.requestmatch.request
        url = reverse("admin:cooperation_torrequest_change", args=[tor_request.pk])
        return format_html('<a href="{}">{}</a>', url, tor_request)


class NamingConsentInline(ReadOnlyInline):
    model = NamingConsent
    fields = ("consent_version", "given_at", "withdrawn_at")
    readonly_fields = fields


class ServedFilter(admin.SimpleListFilter):
    """The roster searched by what a request needs: experts who already served an activity."""

    title = _("activities served")
    parameter_name = "served"

    def lookups(self, request, model_admin):
        return [("yes", _("Served at least one activity")), ("no", _("Served no activity yet"))]

    def queryset(self, request, queryset):
        served = Exists(ActivityExpert.objects.filter(expert_id=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(served)
        if self.value() == "no":
            return queryset.exclude(served)
        return queryset


class AvailabilityInline(admin.StackedInline):
    """The dates the expert gave through their link (they change them there)."""

    model = Availability
    extra = 0
    can_delete = False
    fields = ("available_from", "available_until", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AvailabilityFilter(admin.SimpleListFilter):
    """Experts not inactive whose dates (if they gave any) cover now or a whole year."""

    title = _("availability")
    parameter_name = "available"

    def lookups(self, request, model_admin):
        year = timezone.localdate().year
        return [
            ("now", _("Available now")),
            *[
                (str(y), _("Available during %(year)s") % {"year": y})
                for y in (year, year + 1, year + 2)
            ],
            ("dates", _("Gave availability dates")),
        ]

    def period(self):
        today = timezone.localdate()
        if self.value() == "now":
            return today, today
        if self.value() in {str(today.year + offset) for offset in range(3)}:
            year = int(self.value())
            return max(today, today.replace(year=year, month=1, day=1)), today.replace(
                year=year, month=12, day=31
            )
        return None

    def queryset(self, request, queryset):
        if self.value() == "dates":
            return queryset.filter(
                Exists(
                    Availability.objects.filter(expert_id=OuterRef("pk")).exclude(
                        available_from__isnull=True, available_until__isnull=True
                    )
                )
            )
        period = self.period()
        if period is None:
            return queryset
        ruled_out = Availability.objects.filter(
            unavailable_during(*period), expert_id=OuterRef("pk")
        )
        return queryset.exclude(status=Expert.Status.INACTIVE).exclude(Exists(ruled_out))


admin.site.unregister(Expert)


@admin.register(Expert)
class ExpertAdmin(BaseExpertAdmin):
    """The roster's admin, with what the matching knows of each expert."""

    list_filter = (*BaseExpertAdmin.list_filter, ServedFilter, AvailabilityFilter)
    inlines = [
        *BaseExpertAdmin.inlines,
        AvailabilityInline,
        NamingConsentInline,
        ActivitiesServedInline,
        SuggestedForInline,
    ]
