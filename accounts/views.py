"""Staff sign-in: the second step (code or recovery code), enrolment of an authenticator app,
recovery codes, and password reset by e-mail."""

from base64 import b32encode
from io import BytesIO

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_login import forget_own_failures, lockout_response
from core.limits import CacheUnavailable, accept

from .forms import CodeForm, StaffPasswordResetForm
from .two_factor import pending_step, step_url

RECOVERY_CODE_COUNT = 10


def _context(request, **extra):
    """What the admin's base template needs, without the menus: an unverified session must
    not be shown the admin's apps."""
    return {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": admin.site.site_url,
        "next": _next_url(request),
        **extra,
    }


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(wrapped)


def _group(text, size=4):
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _new_recovery_codes(user):
    """Ten single-use codes, replacing any earlier ones; shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _matching_device(user, code):
    """The confirmed device (authenticator or recovery codes) that accepts the code."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _unconfirmed_device(user, *, create=False):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


@_staff_only
def setup(request):
    """Enrolment: a QR code (and the secret as text) for an authenticator app, confirmed by
    one of its codes. Forced on staff who must use a second factor and have none; open to any
    verified or not-required staff member (to replace a lost phone, for instance)."""
    step = pending_step(request.user)
    if step == "verify":
        return redirect(step_url("verify", _next_url(request)))
    device = _unconfirmed_device(request.user, create=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(request.user)
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                _context(request, codes=codes, enrolled=True),
            )
        if form.is_valid():
            form.add_error("code", _("This code is not right. Check the time on your phone."))
    return render(
        request,
        "accounts/setup.html",
        _context(
            request,
            form=form,
            secret=_group(b32encode(device.bin_key).decode()),
            required=step == "setup",
        ),
    )


@_staff_only
def setup_qr(request):
    """The QR code of the authenticator being enrolled, drawn here (SVG), never elsewhere."""
    device = _unconfirmed_device(request.user)
    if device is None:
        return HttpResponse(status=404)
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, border=4, xmldecl=False, title=_("QR code")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@_staff_only
def verify(request):
    """The second step of the admin sign-in: a code of the authenticator app or a recovery
    code. Wrong codes count as failed sign-ins for django-axes (same limit, same lockout)."""
    user = request.user
    step = pending_step(user)
    if step != "verify":
        return redirect(step_url(step, _next_url(request)) if step else _next_url(request))
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        device = _matching_device(user, form.cleaned_data["code"]) if form.is_valid() else None
        if device is not None:
            otp_login(request, device)
            forget_own_failures(None, request, user)
            return redirect(_next_url(request))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return lockout_response(request)
        if form.is_valid():
            form.add_error("code", _("This code is not right, or it was already used."))
    return render(request, "accounts/verify.html", _context(request, form=form))


@_staff_only
def recovery_codes(request):
    """New recovery codes (the old ones stop working), for a verified session only."""
    if pending_step(request.user) is not None or not request.user.is_verified():
        return redirect(step_url("setup"))
    if request.method == "POST":
        codes = _new_recovery_codes(request.user)
        return render(request, "accounts/recovery_codes.html", _context(request, codes=codes))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    remaining = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, "accounts/recovery_codes.html", _context(request, remaining=remaining))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view with a rate limit per address asked for and per client; the answer is
    the same whether the address belongs to a member of staff or not."""

    form_class = StaffPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        try:
            allowed = accept(
                self.request,
                email,
                group="password_reset",
                email_rate=settings.PASSWORD_RESET_EMAIL_RATE,
                client_rate=settings.PASSWORD_RESET_RATE,
            )
        except CacheUnavailable:
            form.add_error("email", _("This cannot be done right now. Try again in a few minutes."))
            return self.render_to_response(self.get_context_data(form=form), status=503)
        if not allowed:
            form.add_error(
                "email",
                _("Too many requests for this address or from your network. Try again later."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = PasswordResetView.extra_context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")
    template_name = "accounts/password_reset_confirm.html"
    extra_context = PasswordResetView.extra_context


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = PasswordResetView.extra_context

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "login_url": reverse("admin:login")}
