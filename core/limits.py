"""How many accepted submissions a public form takes, per e-mail address and per client address.

Only submissions the form accepted are counted: mistakes cost nothing. Each e-mail address
may send `email_rate` of them, each client address (IPv4, or IPv6 /64; a ministry's whole
network may sit behind one) the higher `client_rate`. The counters live in the shared cache
(Redis): when it cannot be reached, `CacheUnavailable` is raised and the view refuses the
submission (fails closed) while keeping everything that was typed.
"""

import hashlib
import logging

from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# django-ratelimit's own "ip" key: settings.RATELIMIT_IP_META_KEY (core.net) finds the client.
CLIENT_KEY = "ip"


class CacheUnavailable(Exception):
    """The shared cache could not be read or written (rate-limit counters, the content
    generation of core.freshness)."""


def _email_key(email):
    # The address itself never becomes a cache key.
    return lambda group, request: hashlib.sha256(email.encode()).hexdigest()


def _usages(request, email, increment, *, group, email_rate, client_rate):
    try:
        return [
            get_usage(
                request,
                group=f"{group}.email",
                key=_email_key(email),
                rate=email_rate,
                method="POST",
                increment=increment,
            ),
            get_usage(
                request,
                group=f"{group}.client",
                key=CLIENT_KEY,
                rate=client_rate,
                method="POST",
                increment=increment,
            ),
        ]
    except Exception as error:  # any cache client error: connection refused, timeout, auth
        logger.warning("Rate-limit cache unavailable: %r", error)
        raise CacheUnavailable from error


def accept(request, email, *, group, email_rate, client_rate) -> bool:
    """Count an accepted submission; False (and nothing counted) when a limit is reached."""
    limits = {"group": group, "email_rate": email_rate, "client_rate": client_rate}
    usages = _usages(request, email, False, **limits)
    # None: limits are switched off (RATELIMIT_ENABLE).
    if any(usage is not None and usage["count"] >= usage["limit"] for usage in usages):
        return False
    _usages(request, email, True, **limits)
    return True
