"""The admin login resists password guessing (django-axes) and staff sessions are short."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

LOGIN = "/{language}/admin/login/?next=/{language}/admin/"


def _attempt(username, password, address, language="en"):
    client = Client(REMOTE_ADDR=address)
    url = LOGIN.format(language=language)
    return client.post(url, {"username": username, "password": password, "next": url})


@pytest.fixture
def staff(db):
    users = get_user_model().objects
    return {
        name: users.create_user(name, password=f"{name}-correct-horse", is_staff=True)
        for name in ["manager", "editor"]
    }


def test_fifty_wrong_passwords_lock_the_account_and_the_address(staff, caplog):
    for _ in range(50):
        response = _attempt("manager", "guess", "198.51.100.7")
        assert response.status_code in {200, 429}
    with caplog.at_level(logging.WARNING, logger="axes"):
        response = _attempt("manager", "manager-correct-horse", "198.51.100.7")
    # The right password no longer opens the account: the guesser cannot tell it was right.
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    assert "Sign-in blocked" in response.content.decode()
    assert any("lock" in record.getMessage().lower() for record in caplog.records)

    # The account is blocked from every address, and the address for every account ...
    assert _attempt("manager", "manager-correct-horse", "203.0.113.9").status_code == 429
    assert _attempt("editor", "editor-correct-horse", "198.51.100.7").status_code == 429
    # ... while other staff elsewhere sign in as usual.
    response = _attempt("editor", "editor-correct-horse", "203.0.113.9")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(staff["editor"].pk)


def test_failures_below_the_limit_do_not_lock(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt("manager", "guess", "198.51.100.7").status_code == 200
    assert _attempt("manager", "manager-correct-horse", "198.51.100.7").status_code == 302


@pytest.mark.parametrize(
    ("language", "heading", "duration"),
    [
        ("en", "Sign-in blocked", "30 minutes"),
        ("ar", "تم حظر تسجيل الدخول", "30 دقيقة"),
        ("fr", "Connexion bloquée", "30 minutes"),
    ],
)
def test_the_lockout_page_is_translated_and_says_how_long(
    staff, settings, language, heading, duration
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt("manager", "guess", "198.51.100.7", language)
    response = _attempt("manager", "guess", "198.51.100.7", language)
    assert response.status_code == 429
    body = response.content.decode()
    assert heading in body
    assert f'<html lang="{language}"' in body
    assert duration in body


def test_an_administrator_unlocks_an_account(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt("manager", "guess", "198.51.100.7")
    assert _attempt("manager", "manager-correct-horse", "203.0.113.9").status_code == 429
    call_command("axes_reset_username", "manager", stdout=None)
    call_command("axes_reset_ip", "198.51.100.7", stdout=None)
    assert _attempt("manager", "manager-correct-horse", "203.0.113.9").status_code == 302


def test_staff_sessions_are_short_and_end_with_the_browser(staff):
    response = _attempt("manager", "manager-correct-horse", "198.51.100.7")
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""  # a browser-session cookie
    assert response.client.session.get_expiry_age() <= 4 * 60 * 60
