"""Signed, expiring links sent by e-mail (double opt-in and updates)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "experts.link"
CONFIRM = "confirm"
UPDATE = "update"


class LinkError(Exception):
    """The link is broken or tampered with."""


class LinkExpired(LinkError):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class Link:
    expert_id: int
    purpose: str
    version: int


def _signer():
    return signing.TimestampSigner(salt=SALT)


def make_token(expert, purpose: str) -> str:
    return _signer().sign_object({"e": expert.pk, "p": purpose, "v": expert.link_version})


def read_token(token: str, purpose: str) -> Link:
    try:
        data = _signer().unsign_object(token, max_age=settings.EXPERTS_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkError from error
    if not isinstance(data, dict) or data.get("p") != purpose:
        raise LinkError
    try:
        return Link(int(data["e"]), purpose, int(data["v"]))
    except (KeyError, TypeError, ValueError) as error:
        raise LinkError from error
