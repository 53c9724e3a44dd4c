"""How many registrations and updates are accepted, per e-mail address and per client address.

Only submissions the form accepted are counted: mistakes cost nothing. Each address may send
EXPERTS_REGISTER_EMAIL_RATE of them, each client address (IPv4, or IPv6 /64; a ministry's
whole network may sit behind one) the higher EXPERTS_REGISTER_RATE. The counters live in the
shared cache (Redis). The production cache (django-redis, errors ignored) reads as empty while
Redis is down, and RATELIMIT_FAIL_OPEN then lets submissions through uncounted: the entry and
its mail live in PostgreSQL, so nothing is lost (README "Outages"). A cache backend that raises
instead gives `CacheUnavailable`, and the view refuses, keeping everything that was typed.
"""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage

from core import limits as core_limits
from core.limits import CacheUnavailable

from .net import ratelimit_key

__all__ = ["CacheUnavailable", "accept", "may_keep_upload"]

logger = logging.getLogger(__name__)

# Counted as "experts.register.email" and "experts.register.client" (core.limits).
GROUP = "experts.register"
KEPT_GROUP = "experts.register.kept"


# Requests for a fresh update link, counted apart from registrations at the same rates.
LINK_GROUP = "experts.link"


def accept(request, email, group=GROUP) -> bool:
    """Count an accepted submission; False (and nothing counted) when a limit is reached."""
    return core_limits.accept(
        request,
        email,
        group=group,
        email_rate=settings.EXPERTS_REGISTER_EMAIL_RATE,
        client_rate=settings.EXPERTS_REGISTER_RATE,
    )


def described():
    """The per-address limit as the form states it up front: how many sends, in what time."""
    from django.utils.translation import ngettext

    from core.views import _duration, _rate_window_seconds

    rate = settings.EXPERTS_REGISTER_EMAIL_RATE
    try:
        count = int(rate.split("/")[0])
    except ValueError:
        return ""
    window = _duration(_rate_window_seconds(rate))
    return ngettext(
        "Each e-mail address may send this form %(count)d time in %(window)s.",
        "Each e-mail address may send this form %(count)d times in %(window)s.",
        count,
    ) % {"count": count, "window": window}


def may_keep_upload(request) -> bool:
    """Whether a refused form from this client may keep one more upload on disk.

    Refused forms are not counted by the limit above, so each kept file is: a client cannot
    fill the disk by sending a valid CV with a mistake again and again. While the cache is
    unreachable the upload is kept (the outage page promises it; the sweep bounds the cost).
    """
    try:
        usage = get_usage(
            request,
            group=KEPT_GROUP,
            key=ratelimit_key,
            rate=settings.EXPERTS_REGISTER_RATE,
            method="POST",
            increment=True,
        )
    except Exception as error:  # any cache client error, as above
        logger.warning("Rate-limit cache unavailable: %r", error)
        return True
    return usage is None or not usage["should_limit"]
