"""Brute-force protection of the admin login (django-axes): who is counted, and the answer."""

from django.conf import settings
from django.shortcuts import render

from .net import client_ip


def client_address(request) -> str | None:
    """The client's address behind the trusted proxies (AXES_CLIENT_IP_CALLABLE).

    None when it cannot be known: axes stores addresses in an IP field.
    """
    address = client_ip(request)
    return None if address == "unknown" else address


def lockout_response(request, original_response=None, credentials=None):
    """A translated page (429) saying how long the block lasts and whom to ask
    (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "core/login_locked.html",
        {"lockout_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def forget_own_failures(sender, request, user, **kwargs):
    """After a sign-in, forget that account's failures from that address, and only those.

    axes' own AXES_RESET_ON_SUCCESS deletes every failure of the account *and every failure
    from the address*: a member of staff could then guess another account's password from
    their desk, signing in as themselves before each limit to start the count again.
    """
    from axes.models import AccessAttempt  # axes' models are not ready when this is imported

    if request is None:
        return
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_address(request)
    ).delete()
