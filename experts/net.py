"""Kept so that experts.views can keep naming its rate-limit key from here.

The key is django-ratelimit's own "ip" key: it reads the address from
settings.RATELIMIT_IP_META_KEY (core.net.ratelimit_client_address, which honours the trusted
proxies) and masks IPv6 addresses to settings.RATELIMIT_IPV6_MASK (a /64 network).
"""

from core.net import client_ip

ratelimit_key = "ip"

__all__ = ["client_ip", "ratelimit_key"]
