"""Password reset from the admin login: queued mail in the language of the page, the same
answer for unknown addresses, a rate limit, and a link that sets a new password."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.test_experts_staff import staff

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def ask(email, language="en", address="198.51.100.7"):
    return Client(REMOTE_ADDR=address).post(url("admin_password_reset", language), {"email": email})


@pytest.fixture
def member():
    return staff("editor")  # e-mail editor@sesric.example, password "pw"


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_admin_login_links_to_the_reset_form(language):
    login = Client().get(url("admin:login", language)).content.decode()
    assert f'href="{url("admin_password_reset", language)}"' in login
    form = Client().get(url("admin_password_reset", language))
    assert form.status_code == 200
    assert f'<html lang="{language}"' in form.content.decode()


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("en", "Set a new password for the site's admin", "open this link within two hours"),
        ("fr", "Choisir un nouveau mot de passe", "ouvrez ce lien dans les deux heures"),
        ("ar", "تعيين كلمة مرور جديدة", "افتح هذا الرابط في غضون ساعتين"),
    ],
)
def test_the_mail_is_queued_and_written_in_the_pages_language(
    member, run_tasks, language, subject, sentence
):
    response = ask("Editor@SESRIC.example", language)
    assert response.status_code == 302
    assert response.url == url("accounts:password_reset_done", language)
    assert mail.outbox == []  # queued in the request's transaction, sent by the worker
    assert run_tasks() == 1
    [message] = mail.outbox
    assert message.to == ["editor@sesric.example"]
    assert subject in message.subject
    assert sentence in message.body
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    assert link.startswith(f"/{language}/admin/password-reset/")

    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
    )
    assert done.status_code == 302
    assert done.url == url("accounts:password_reset_complete", language)
    member.refresh_from_db()
    assert member.check_password("a long new passphrase 42")
    complete = client.get(done.url).content.decode()
    assert url("admin:login", language) in complete
    # The link works once.
    assert "new_password1" not in Client().get(link, follow=True).content.decode()


def test_unknown_addresses_and_non_staff_get_the_same_answer_and_no_mail(member, run_tasks):
    staff("visitor").__class__.objects.filter(username="visitor").update(is_staff=False)
    known = ask("editor@sesric.example")
    for email in ["nobody@sesric.example", "visitor@sesric.example"]:
        other = ask(email)
        assert (other.status_code, other.url) == (known.status_code, known.url)
    assert run_tasks() == 1
    assert len(mail.outbox) == 1


def test_requests_are_limited_per_address(member, run_tasks, settings):
    settings.PASSWORD_RESET_EMAIL_RATE = "2/h"
    assert ask("editor@sesric.example").status_code == 302
    assert ask("EDITOR@sesric.example", address="203.0.113.9").status_code == 302
    refused = ask("editor@sesric.example", "fr", address="192.0.2.1")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    # An unknown address is limited the same way: the limit tells nothing either.
    for _ in range(2):
        assert ask("nobody@sesric.example").status_code == 302
    assert ask("nobody@sesric.example").status_code == 429
    run_tasks()
    assert len(mail.outbox) == 2


def test_a_reset_does_not_bypass_two_factor_sign_in(member, run_tasks, settings):
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TWO_FACTOR_REQUIRED = True
    member.groups.add(Group.objects.get(name="Roster managers"))
    TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
    ask("editor@sesric.example")
    run_tasks()
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
    )
    client.post(url("admin:login"), {"username": "editor", "password": "a long new passphrase 42"})
    assert client.get(url("admin:index")).url.startswith(url("accounts:verify"))
