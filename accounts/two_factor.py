"""Who must sign in with a second factor, and the middleware that holds them to it.

A password alone opens nothing to staff who can see personal data: after it, the admin sends
them to the code page (`accounts:verify`) or, with no authenticator yet, to the enrolment page
(`accounts:setup`); every other page treats them as anonymous until the code is given. Anyone
who enrolled an authenticator is asked for its code too, whether required or not.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device


def must_use_two_factor(user) -> bool:
    """Staff who can see personal data (TWO_FACTOR_PERMISSIONS; superusers hold them all)."""
    if not (user.is_authenticated and user.is_staff and user.is_active):
        return False
    if user.get_username() in settings.TWO_FACTOR_EXEMPT_USERS:
        return False
    return any(user.has_perm(permission) for permission in settings.TWO_FACTOR_PERMISSIONS)


def pending_step(user) -> str | None:
    """What the signed-in `user` still has to do: "verify", "setup" or nothing (None)."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    if must_use_two_factor(user):
        return "setup"
    return None


def step_url(step, next_url=None):
    url = reverse(f"accounts:{step}")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware (which tells whether the session is verified)."""

    # Admin pages an unverified session may still open.
    OPEN_ADMIN_VIEWS = {"logout", "jsi18n"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Without a session cookie nobody is signed in: the session is not even opened (an
        # opened session would add "Vary: Cookie" and keep the page out of the page cache).
        if not settings.TWO_FACTOR_REQUIRED or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        match = request.resolver_match
        if match is None or match.namespace == "accounts":
            return None
        if not request.user.is_authenticated:
            return None
        step = pending_step(request.user)
        if step is None:
            return None
        if match.namespace == "admin":
            if match.url_name in self.OPEN_ADMIN_VIEWS:
                return None
            next_url = request.GET.get("next") if match.url_name == "login" else None
            return redirect(step_url(step, next_url or request.get_full_path()))
        # Draft previews and anything else that trusts staff: not on a password alone.
        request.user = AnonymousUser()
        return None
