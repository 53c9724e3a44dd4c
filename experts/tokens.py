"""Signed, expiring links sent by e-mail (double opt-in and updates); see core.links."""

from django.conf import settings

from core import signed_links as links
from core.signed_links import LinkError, LinkExpired

__all__ = ["CONFIRM", "UPDATE", "LinkError", "LinkExpired", "make_token", "read_token"]

SALT = "experts.link"
CONFIRM = "confirm"
UPDATE = "update"


def make_token(expert, purpose: str) -> str:
    return links.make_token(SALT, expert.pk, purpose, expert.link_version)


def read_token(token: str, purpose: str) -> links.Link:
    return links.read_token(SALT, token, purpose, settings.EXPERTS_LINK_MAX_AGE)
