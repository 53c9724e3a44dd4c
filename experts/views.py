import functools
import json
import logging

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import kept_uploads
from core.fragments import cached_fragment
from core.i18n import translated_fields
from core.pagecache import never_cache_posts, public_page
from programmes.models import MainSubject, Programme

from . import erasure, limits, mail, services
from .consent import CONSENT_VERSION
from .cv import validate_cv
from .forms import KEPT_CV, ExpertForm, LinkRequestForm, language_formset
from .models import Expert
from .personal_data import personal_data
from .templatetags.experts_tags import programme_boxes
from .tokens import CONFIRM, UPDATE, LinkError, LinkExpired, read_token

logger = logging.getLogger(__name__)

# Why a valid form was not saved, with the HTTP status and the Retry-After it answers with.
LIMITED = "limited"
OUTAGE = "outage"
REFUSALS = {LIMITED: (429, "3600"), OUTAGE: (503, "120")}


def _programme_groups():
    """Active programmes with their subjects: two queries, however many there are, of only
    the columns the checklists show."""
    subjects = MainSubject.objects.only("programme", "name", *translated_fields("name"))
    return (
        Programme.objects.active()
        .only("acronym", "name", *translated_fields("name"))
        .prefetch_related(Prefetch("subjects", queryset=subjects))
    )


def _checklists(form):
    """The programme checklist and the subjects under their programmes (HTML). With nothing
    ticked they depend only on the content and the language: a fragment kept while the content
    generation is current (core.fragments), which also spares their two queries."""
    programmes, subjects = _selected(form, "programmes"), _selected(form, "subjects")
    names = (form["programmes"].html_name, form["subjects"].html_name)

    def render():
        groups = _programme_groups()
        return (
            programme_boxes(groups, names[0], programmes),
            render_to_string(
                "experts/includes/subject_groups.html",
                {"programmes": groups, "subjects_name": names[1], "selected_subjects": subjects},
            ),
        )

    if programmes or subjects:
        return render()
    return cached_fragment("experts.checklists", names, render)


def _selected(form, name):
    value = form[name].value() or []
    return {str(item.pk if hasattr(item, "pk") else item) for item in value}


GROUP_ANCHORS = {"programmes": "group-programmes", "subjects": "group-subjects"}


def _error_summary(form, languages):
    """(anchor, label, message) for every error, in the order of the form."""
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            anchor, label = "expert-form", ""
        else:
            anchor = GROUP_ANCHORS.get(name) or form[name].id_for_label
            # The consent label is a sentence: its full stop would run into the ":" after it.
            label = str(form.fields[name].label).rstrip(".")
        items += [{"anchor": anchor, "label": label, "message": error} for error in errors]
    for row in languages.forms:
        for name, errors in row.errors.items():
            if name in row.fields:
                items += [
                    {
                        "anchor": row[name].id_for_label,
                        "label": row.fields[name].label,
                        "message": e,
                    }
                    for e in errors
                ]
    label = _("Working languages")
    for error in languages.non_form_errors():
        items.append({"anchor": "group-languages", "label": label, "message": error})
    return items


def _form_page(request, form, languages, template, status=200, refusal=None, **extra):
    # Whatever the refusal, what was typed comes back (the bound form), and so does the CV.
    if form.is_bound and form.upload_to_keep() and limits.may_keep_upload(request):
        form.keep_upload()
    empty = not form.is_bound and form.instance.pk is None and refusal is None
    context = {
        "refusal": refusal,
        "form": form,
        "languages": languages,
        # An empty registration form is the same for every visitor but its CSRF token: its
        # fields are a fragment of the content generation (core.fragments), the checklists
        # written only when it is.
        "form_fragment_key": template if empty else None,
        "fragment_context": lambda: {"checklists": _checklists(form)},
        "consent_version": CONSENT_VERSION,
        "rate_limit": limits.described(),
        "has_errors": form.is_bound
        and refusal is None
        and (not form.is_valid() or not languages.is_valid()),
        "error_summary": _error_summary(form, languages) if form.is_bound else [],
        **extra,
    }
    if refusal is not None:
        status, retry_after = REFUSALS[refusal]
    response = render(request, template, context, status=status)
    if refusal is not None:
        response["Retry-After"] = retry_after
    return response


def _save(request, form, languages, template, email, save, **extra):
    """Count and save an accepted submission; a limit or an outage keeps the form as typed."""
    try:
        if not limits.accept(request, email):
            return _form_page(request, form, languages, template, refusal=LIMITED, **extra)
        save()
    except limits.CacheUnavailable:
        # Only a cache backend that raises gets here (see limits): the counts can't be trusted.
        return _form_page(request, form, languages, template, refusal=OUTAGE, **extra)
    except DatabaseError:
        logger.exception("Could not save a submission of %s", template)
        return _form_page(request, form, languages, template, refusal=OUTAGE, **extra)
    form.discard_kept()  # copied into the entry
    return None


def _kept_through_outage(view):
    """A form sent while the database is unreachable is refused with everything kept.

    Without the database the form cannot even be checked (its choices live there), so the
    answer is a 503 page of its own: what was typed, in hidden fields, and the CV, once it
    passes its content checks, kept (core.kept_uploads) and named by a signed token, behind a
    "Send again" button. Nothing is saved, so nothing is half-saved.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            if request.method != "POST":
                raise  # the site-wide 503 page (core.views.server_error)
            logger.warning("Database unreachable: %s refused, form kept", request.path)
            return _outage_resend_page(request)

    return wrapper


def _outage_resend_page(request):
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "kept_cv")
        for value in values
    ]
    kept = kept_uploads.find(request.POST.get("kept_cv", ""), KEPT_CV)
    upload = request.FILES.get("cv")
    if upload is not None and limits.may_keep_upload(request):
        try:
            validate_cv(upload)
        except ValidationError:
            upload = None  # the form will say why once it can be checked again
        else:
            kept = kept_uploads.keep(upload, KEPT_CV)
    # Rendered without the context processors: some of them may need the database.
    page = loader.get_template("experts/outage_resend.html").render(
        {"fields": fields, "kept": kept, "action": request.path, "csrf": get_token(request)}
    )
    response = HttpResponse(page, status=503)
    response["Retry-After"] = REFUSALS[OUTAGE][1]
    add_never_cache_headers(response)  # it holds what the visitor typed
    return response


@_kept_through_outage
@require_http_methods(["GET", "HEAD", "POST"])
@public_page()
@never_cache_posts
@transaction.non_atomic_requests  # services.register runs its own transaction and cleans up
def register(request):
    template = "experts/register.html"
    if request.method == "POST":
        form = ExpertForm(request.POST, request.FILES)
        languages = language_formset(request.POST)
        if form.honeypot_filled:
            return redirect("experts:sent")  # say nothing to a bot; store and send nothing
        if form.is_valid() and languages.is_valid():
            email = form.cleaned_data["email"]
            refused = _save(
                request,
                form,
                languages,
                template,
                email,
                lambda: services.register(form, languages.chosen),
            )
            return refused or redirect("experts:sent")
    else:
        form = ExpertForm()
        languages = language_formset()
    return _form_page(request, form, languages, template)


@require_http_methods(["GET", "HEAD"])
def sent(request):
    return render(request, "experts/sent.html")


def _link_problem(request, error):
    expired = isinstance(error, LinkExpired)
    return render(request, "experts/link_invalid.html", {"expired": expired}, status=400)


def _linked_expert(request, token, queryset=Expert.objects):
    """The entry an update link names, or the page saying why the link does not work."""
    try:
        link = read_token(token, UPDATE)
    except LinkError as error:
        return None, _link_problem(request, error)
    expert = queryset.filter(
        pk=link.row_id, link_version=link.version, erased_at__isnull=True
    ).first()
    if expert is None:
        return None, _link_problem(request, LinkError())
    return expert, None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET and HEAD only show the button: mail scanners follow links, people press buttons."""
    try:
        link = read_token(token, CONFIRM)
    except LinkError as error:
        return _link_problem(request, error)
    expert = Expert.objects.filter(pk=link.row_id).first()
    if expert is None:
        return _link_problem(request, LinkError())
    if expert.is_confirmed:
        return render(request, "experts/confirmed.html", {"already": True})
    if expert.link_version != link.version:
        return _link_problem(request, LinkError())
    if request.method == "POST":
        services.confirm(expert)
        return redirect("experts:confirmed")
    return render(request, "experts/confirm.html", {"expert": expert})


@require_http_methods(["GET", "HEAD"])
def confirmed(request):
    return render(request, "experts/confirmed.html", {"already": False})


@_kept_through_outage
@never_cache
@transaction.non_atomic_requests  # services.update runs its own transaction and cleans up
@require_http_methods(["GET", "HEAD", "POST"])
def update(request, token):
    expert, problem = _linked_expert(
        request, token, Expert.objects.prefetch_related("languages", "programmes", "subjects")
    )
    if problem:
        return problem
    template = "experts/update.html"
    page = {"expert": expert, "token": token, **_more_for(expert)}
    if request.method == "POST":
        form = ExpertForm(request.POST, request.FILES, instance=expert, update=True)
        languages = language_formset(request.POST)
        if form.is_valid() and languages.is_valid():
            refused = _save(
                request,
                form,
                languages,
                template,
                expert.email,
                lambda: services.update(expert, form, languages.chosen),
                **page,
            )
            return refused or redirect("experts:updated")
    else:
        form = ExpertForm(instance=expert, update=True)
        languages = language_formset(
            initial=[
                {"language": row.language, "level": row.level} for row in expert.languages.all()
            ]
        )
    return _form_page(request, form, languages, template, **page)


def _more_for(expert):
    """What the update page shows beside the form (other apps' sections join here)."""
    return {}


@require_http_methods(["GET", "HEAD"])
def updated(request):
    return render(request, "experts/updated.html")


# Experts come back -----------------------------------------------------------------------------


def _send_fresh_link(email):
    # The same work whether or not the address is registered: one SELECT, one queued task
    # (which sends nothing for an unknown address), so neither the answer nor its timing tells.
    expert = Expert.objects.filter(email=email, erased_at__isnull=True).only("pk").first()
    mail.send_update_link(expert, get_language(), mail.REQUESTED)


@_kept_through_outage
@never_cache
@transaction.non_atomic_requests  # the queued mail commits on its own (atomic below)
@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request):
    """A fresh update link for a registered address; the same answer for any other."""
    if request.method != "POST":
        return _link_request_page(request, LinkRequestForm())
    form = LinkRequestForm(request.POST)
    if form.honeypot_filled:
        return redirect("experts:link_sent")  # say nothing to a bot; send nothing
    if not form.is_valid():
        return _link_request_page(request, form)
    email = form.cleaned_data["email"]
    try:
        if not limits.accept(request, email, group=limits.LINK_GROUP):
            refusal = LIMITED
        else:
            with transaction.atomic():
                _send_fresh_link(email)
            refusal = None
    except limits.CacheUnavailable:
        refusal = OUTAGE
    except DatabaseError:
        logger.exception("Could not queue an update link")
        refusal = OUTAGE
    if refusal is None:
        return redirect("experts:link_sent")
    return _link_request_page(request, form, refusal)


def _link_request_page(request, form, refusal=None):
    status, retry_after = REFUSALS.get(refusal, (200, None))
    context = {"form": form, "refusal": refusal, "link_days": mail.link_days()}
    response = render(request, "experts/request_link.html", context, status=status)
    if retry_after:
        response["Retry-After"] = retry_after
    return response


@require_http_methods(["GET", "HEAD"])
def link_sent(request):
    return render(request, "experts/link_sent.html")


@never_cache
@require_http_methods(["GET", "HEAD"])
def my_data(request, token):
    """Everything the roster holds on the person the link names, as JSON: theirs only."""
    expert, problem = _linked_expert(
        request,
        token,
        Expert.objects.prefetch_related("programmes", "subjects", "languages", "decisions"),
    )
    if problem:
        return problem
    response = HttpResponse(
        json.dumps(personal_data(expert), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="roscab-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request, token):
    """GET asks for confirmation; POST deletes the entry and the CV (experts.erasure)."""
    expert, problem = _linked_expert(request, token)
    if problem:
        return problem
    if request.method == "POST":
        erasure.erase(expert)
        return redirect("experts:left")
    return render(request, "experts/leave.html", {"expert": expert, "token": token})


@require_http_methods(["GET", "HEAD"])
def left(request):
    return render(request, "experts/left.html")
