"""Attacks found by reviewing issue 10 against what the site does, kept as regressions."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

LOGIN = "/en/admin/login/?next=/en/admin/"
ATTACKER = "198.51.100.66"


def _sign_in(username, password, address=ATTACKER):
    client = Client(REMOTE_ADDR=address)
    return client.post(LOGIN, {"username": username, "password": password, "next": "/en/admin/"})


@pytest.fixture
def two_staff(db):
    users = get_user_model().objects
    return {
        name: users.create_user(name, password=f"{name}-correct-horse", is_staff=True)
        for name in ["manager", "editor"]
    }


def test_signing_in_to_ones_own_account_does_not_wipe_guesses_at_another(two_staff, settings):
    """An editor guessing the manager's password from their desk, signing in as themselves
    before the limit, must not start the count again: a success forgets only the failures of
    the account that signed in, from that address."""
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT // 2):
            response = _sign_in("manager", "guess")
            if response.status_code == 429:
                break
            assert response.status_code == 200
        _sign_in("editor", "editor-correct-horse")
    # Three rounds of half the limit are more than the limit: the manager's account is locked,
    # and so is the address that guessed.
    assert _sign_in("manager", "manager-correct-horse", "203.0.113.5").status_code == 429
    assert _sign_in("editor", "editor-correct-horse").status_code == 429


def test_a_person_who_mistyped_then_signed_in_starts_afresh(two_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("manager", "typo").status_code == 200
    assert _sign_in("manager", "manager-correct-horse").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("manager", "typo").status_code == 200
    assert _sign_in("manager", "manager-correct-horse").status_code == 302
