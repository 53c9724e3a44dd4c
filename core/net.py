"""The client's address, as far as the trusted reverse proxies let us know it."""

import ipaddress

from django.conf import settings

# One shared bucket for requests whose address is unknown (a unix socket leaves REMOTE_ADDR
# empty): django-ratelimit needs an address to mask, and "no address" must not mean "no limit".
UNKNOWN_CLIENT_ADDRESS = "0.0.0.0"  # noqa: S104 - never bound, only a rate-limit bucket


def client_ip(request) -> str:
    """REMOTE_ADDR, or the X-Forwarded-For entry added by the outermost trusted proxy.

    Each trusted proxy appends the address it received the request from, so with N trusted
    proxies the client is the N-th entry from the end; anything to its left was sent by the
    client and is not trusted. With fewer entries than proxies the request did not come through
    them all, and REMOTE_ADDR is the only address we know.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
            if _valid(candidate):
                return _canonical(candidate)
    if _valid(remote):
        return _canonical(remote)
    return "unknown"


def ratelimit_client_address(request) -> str:
    """RATELIMIT_IP_META_KEY: the address django-ratelimit's "ip" key masks (IPv6 to a /64)."""
    address = client_ip(request)
    return UNKNOWN_CLIENT_ADDRESS if address == "unknown" else address


def _valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _canonical(value: str) -> str:
    return str(ipaddress.ip_address(value))
