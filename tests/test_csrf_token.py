"""The CSRF token of a page served from the page cache is Django's own token, drawn faster."""

import collections
import itertools

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CsrfViewMiddleware,
    _check_token_format,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from core import csrf


def request_with(cookie=None):
    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES["csrftoken"] = cookie
    # What the middleware does before any view: a valid cookie becomes META["CSRF_COOKIE"].
    CsrfViewMiddleware(lambda request: None).process_request(request)
    return request


def test_a_new_visitor_gets_a_new_secret_and_a_token_that_unmasks_to_it():
    request = request_with()
    token = csrf.visitor_token(request)
    _check_token_format(token)  # 64 characters of the allowed alphabet, or it raises
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_returning_visitor_keeps_their_secret_behind_a_new_mask_each_time():
    secret = "a" * 16 + "Z9" * 8
    request = request_with(cookie=secret)
    first, second = csrf.visitor_token(request), csrf.visitor_token(request)
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert request.META["CSRF_COOKIE"] == secret


def test_the_middleware_accepts_the_token_against_the_cookie_it_sets():
    visit = request_with()
    token = csrf.visitor_token(visit)
    post = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = visit.META["CSRF_COOKIE"]
    middleware = CsrfViewMiddleware(lambda request: None)
    middleware.process_request(post)
    assert middleware.process_view(post, lambda request: None, (), {}) is None  # accepted
    forged = RequestFactory().post("/", {"csrfmiddlewaretoken": csrf.visitor_token(request_with())})
    forged.COOKIES["csrftoken"] = visit.META["CSRF_COOKIE"]
    middleware.process_request(forged)
    assert middleware.process_view(forged, lambda request: None, (), {}).status_code == 403


def test_every_character_is_equally_likely(monkeypatch):
    # Every byte value once: the 248 below the cut give each of the 62 characters 4 times,
    # the 8 above it are dropped (byte % 62 would otherwise favour the first 8 characters).
    every_byte = itertools.cycle([*range(240, 256), *range(240)])
    monkeypatch.setattr(
        csrf.secrets, "token_bytes", lambda n: bytes(next(every_byte) for _ in range(n))
    )
    counts = collections.Counter(csrf.random_indexes(248))
    assert set(counts) == set(range(62))
    assert set(counts.values()) == {4}


def test_dropped_bytes_are_drawn_again(monkeypatch):
    reads = iter([bytes([255] * 40), bytes([61] * 40)])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(reads))
    assert csrf.random_indexes(32) == [61] * 32


@pytest.mark.parametrize("count", [1, 32, 64, 500])
def test_it_returns_exactly_the_number_asked_for(count):
    assert len(csrf.random_indexes(count)) == count
