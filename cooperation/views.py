import logging
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import limits
from core.pagecache import public_page
from core.signed_links import LinkError, LinkExpired
from programmes.models import Programme

from . import services
from .forms import (
    CompletedFileForm,
    LinkRequestForm,
    QuestionnaireForm,
    RegistrationForm,
    TorRequestForm,
)
from .models import FocalPoint, QuestionnaireAnswer, TorRequest
from .tokens import CONFIRM, SPACE, make_token, read_token

logger = logging.getLogger(__name__)

# Why a valid form was not acted on: the HTTP status and the Retry-After it answers with.
REFUSALS = {"limited": (429, "3600"), "outage": (503, "120")}


def _form_page(request, template, form, refusal=None, **context):
    status, retry_after = REFUSALS.get(refusal, (200, None))
    context = {"form": form, "refusal": refusal, **context}
    response = render(request, template, context, status=status)
    if retry_after:
        response["Retry-After"] = retry_after
    return response


def _act(request, group, email, action, *, signed_in=False):
    """Count and run an accepted submission; the refusal's name when it may not run.

    Forms reached through a signed link (`signed_in`) are sent by a known focal point, who may
    save a questionnaire many times in an hour: their address gets the client address's rate.
    """
    email_rate = (
        settings.COOPERATION_FORM_RATE if signed_in else settings.COOPERATION_FORM_EMAIL_RATE
    )
    try:
        if not limits.accept(
            request,
            email,
            group=group,
            email_rate=email_rate,
            client_rate=settings.COOPERATION_FORM_RATE,
        ):
            return "limited"
        action()
    except limits.CacheUnavailable:
        return "outage"  # fail closed: the counters keep a flood of mail off the queue
    except DatabaseError:
        logger.exception("Could not act on a %s submission", group)
        return "outage"
    return None


def _public_form(request, form_class, template, group, action):
    if request.method != "POST":
        return _form_page(request, template, form_class())
    form = form_class(request.POST)
    if form.honeypot_filled:
        return redirect("cooperation:sent")  # say nothing to a bot; store and send nothing
    if not form.is_valid():
        return _form_page(request, template, form)
    refusal = _act(request, group, form.cleaned_data["email"], lambda: action(form.cleaned_data))
    if refusal:
        return _form_page(request, template, form, refusal)
    return redirect("cooperation:sent")


@never_cache
@transaction.non_atomic_requests  # services run their own transactions
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    return _public_form(
        request,
        RegistrationForm,
        "cooperation/register.html",
        "cooperation.register",
        lambda data: services.register(data),
    )


def _send_link(data):
    focal_point = FocalPoint.objects.filter(email=data["email"]).first()
    if focal_point is not None:
        services.send_fresh_link(focal_point)


@never_cache
@transaction.non_atomic_requests
@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request):
    """A fresh link for a known address; the answer is the same for an unknown one."""
    return _public_form(
        request,
        LinkRequestForm,
        "cooperation/request_link.html",
        "cooperation.link",
        _send_link,
    )


@require_http_methods(["GET", "HEAD"])
def sent(request):
    return render(request, "cooperation/sent.html")


def _link_problem(request, expired=False):
    return render(request, "cooperation/link_invalid.html", {"expired": expired}, status=400)


def _focal_point(token, purpose, queryset=FocalPoint.objects):
    """The focal point a link names, or the reason it does not work (expired or not)."""
    try:
        link = read_token(token, purpose)
    except LinkError as error:
        return None, isinstance(error, LinkExpired)
    focal_point = queryset.filter(pk=link.row_id, link_version=link.version).first()
    return focal_point, False


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET and HEAD only show the button: mail scanners follow links, people press buttons."""
    focal_point, expired = _focal_point(token, CONFIRM)
    if focal_point is None:
        return _link_problem(request, expired)
    if request.method == "POST":
        services.confirm(focal_point)
        focal_point.refresh_from_db()
        return redirect("cooperation:space", token=make_token(focal_point, SPACE))
    return render(request, "cooperation/confirm.html", {"focal_point": focal_point})


@never_cache
@require_http_methods(["GET", "HEAD"])
def space(request, token):
    focal_point, expired = _space_focal_point(token)
    if focal_point is None:
        return _link_problem(request, expired)
    answered = dict(
        QuestionnaireAnswer.objects.filter(institution=focal_point.institution).values_list(
            "programme_id", "updated_at"
        )
    )
    programmes = [
        (programme, answered.get(programme.pk)) for programme in Programme.objects.for_catalogue()
    ]
    tor_requests = TorRequest.objects.filter(institution=focal_point.institution).select_related(
        "programme", "kind"
    )
    context = {
        "focal_point": focal_point,
        "token": token,
        "programmes": programmes,
        "tor_requests": tor_requests,
        "sent": request.GET.get("sent") == "1",
        "uploaded": request.GET.get("uploaded") == "1",
    }
    return render(request, "cooperation/space.html", context)


def _space_focal_point(token):
    return _focal_point(
        token,
        SPACE,
        FocalPoint.objects.filter(confirmed_at__isnull=False).select_related("institution"),
    )


@dataclass(frozen=True)
class SpacePage:
    """A programme's page in the focal point's space, reached through their signed link."""

    token: str
    focal_point: FocalPoint
    programme: Programme


def _space_page(view):
    """Checks the link (a page says why it does not work), then the programme (404), before
    calling `view(request, page)` with the SpacePage."""

    @wraps(view)
    def checked(request, token, slug):
        focal_point, expired = _space_focal_point(token)
        if focal_point is None:
            return _link_problem(request, expired)
        programme = get_object_or_404(Programme.objects.active(), slug=slug)
        return view(request, SpacePage(token, focal_point, programme))

    return checked


def _posted(request):
    """The form's data and files when the page was posted (a bound form); nothing otherwise."""
    return (request.POST, request.FILES) if request.method == "POST" else ()


def _space_form(request, page, form, template, group, act, done_url, **context):
    """A posted, valid `form` is counted against the focal point's address and acted on
    (`act()`), then the browser goes to `done_url`; otherwise the form page is shown (again)."""
    refusal = None
    if form.is_bound and form.is_valid():
        refusal = _act(request, group, page.focal_point.email, act, signed_in=True)
        if not refusal:
            return redirect(done_url)
    return _form_page(
        request,
        template,
        form,
        refusal,
        focal_point=page.focal_point,
        token=page.token,
        programme=page.programme,
        **context,
    )


@never_cache
@transaction.non_atomic_requests  # services.save_questionnaire runs its own transaction
@require_http_methods(["GET", "HEAD", "POST"])
@_space_page
def questionnaire(request, page):
    programme = page.programme
    current = services.current_answers(page.focal_point.institution, programme)
    form = QuestionnaireForm(
        *_posted(request),
        subjects=programme.subjects.all(),
        questions=programme.questionnaire_questions.filter(is_active=True),
        current=current,
    )
    return _space_form(
        request,
        page,
        form,
        "cooperation/questionnaire.html",
        "cooperation.answer",
        lambda: services.save_questionnaire(page.focal_point, programme, form),
        reverse("cooperation:questionnaire", args=[page.token, programme.slug]) + "?saved=1",
        saved=request.GET.get("saved") == "1" and request.method != "POST",
        answered=current is not None,
    )


@never_cache
@transaction.non_atomic_requests  # services.submit_tor_request runs its own transaction
@require_http_methods(["GET", "HEAD", "POST"])
@_space_page
def tor_request(request, page):
    form = TorRequestForm(*_posted(request), programme=page.programme)
    return _space_form(
        request,
        page,
        form,
        "cooperation/tor_request.html",
        "cooperation.tor",
        lambda: services.submit_tor_request(page.focal_point, page.programme, form),
        reverse("cooperation:space", args=[page.token]) + "?sent=1",
    )


@require_safe
@public_page()
def needs(request, slug):
    """A programme's needs and capacities, on a page of its own (cached like other pages)."""
    programme = get_object_or_404(Programme.objects.active(), slug=slug)
    return render(request, "cooperation/needs.html", {"programme": programme})


@never_cache
@transaction.non_atomic_requests  # services.store_completed_file runs its own transaction
@require_http_methods(["GET", "HEAD", "POST"])
@_space_page
def upload(request, page):
    """A completed questionnaire or ToR uploaded instead of answering online."""
    form = CompletedFileForm(*_posted(request))
    return _space_form(
        request,
        page,
        form,
        "cooperation/upload.html",
        "cooperation.upload",
        lambda: services.store_completed_file(
            page.focal_point, page.programme, form.cleaned_data["kind"], form.cleaned_data["file"]
        ),
        reverse("cooperation:space", args=[page.token]) + "?uploaded=1",
    )
