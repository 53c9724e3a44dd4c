"""Signed, expiring links sent by e-mail: the only way in for people who have no password.

A token names one row, what the link is for, and the row's link version: bumping the version
on the row makes every earlier link of it stop working.
"""

from dataclasses import dataclass

from django.core import signing


class LinkError(Exception):
    """The link is broken or tampered with."""


class LinkExpired(LinkError):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class Link:
    row_id: int
    purpose: str
    version: int


def make_token(salt: str, row_id: int, purpose: str, version: int) -> str:
    return signing.TimestampSigner(salt=salt).sign_object({"e": row_id, "p": purpose, "v": version})


def read_token(salt: str, token: str, purpose: str, max_age: int) -> Link:
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
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
