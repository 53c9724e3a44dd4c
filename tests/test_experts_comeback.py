"""Experts come back (issue 13): a fresh update link by e-mail, their own data, leaving."""

import json
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from experts import erasure, services, tokens
from experts.models import Expert, ExpertDecision, ExpertLanguage
from tests.conftest import run_due_tasks
from tests.experts_data.support import make_expert

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def link_in(message):
    return re.search(r"http://testserver(/\S+/update/\S+/)", message.body).group(1)


def token_of(expert):
    return tokens.make_token(expert, tokens.UPDATE)


@pytest.fixture
def expert():
    expert = make_expert("amina@example.org", status=Expert.Status.APPROVED, language="fr")
    ExpertLanguage.objects.create(expert=expert, language="ar", level="native")
    return expert


# Asking for a link ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Update or leave your entry"),
        ("fr", "Mettre à jour ou quitter votre fiche"),
        ("ar", "تحديث بياناتك أو مغادرة القائمة"),
    ],
)
def test_the_page_is_translated_and_linked_from_the_registration_page(client, language, heading):
    response = client.get(url("experts:request_link", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert 'name="website"' in html  # the honeypot
    register = client.get(url("experts:register", language)).content.decode()
    assert f'href="{url("experts:request_link", language)}"' in register


def test_known_and_unknown_addresses_get_the_same_answer_with_the_same_work(
    client, expert, django_assert_num_queries
):
    answers = []
    for email in ("AMINA@example.org", "nobody@example.org"):
        with django_assert_num_queries(QUERIES_PER_LINK_REQUEST):
            response = client.post(url("experts:request_link", "fr"), {"email": email})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1] == (302, url("experts:link_sent", "fr"))
    assert DBTaskResult.objects.count() == 2  # one task each, whoever asked
    assert mail.outbox == []
    run_due_tasks()
    assert len(mail.outbox) == 1  # only the registered address hears anything
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert message.subject == "Votre fiche sur la liste des experts"
    assert "Vous avez demandé un lien" in message.body
    assert url("experts:request_link", "fr") in message.body
    # The link opens the update page, in French.
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert url("experts:my_data", "fr", token=link_in(message).split("/")[-2]) in (
        page.content.decode()
    )


# SELECT the expert, INSERT the task, in a savepoint of the view's transaction.
QUERIES_PER_LINK_REQUEST = 4


def test_the_honeypot_sends_nothing_and_says_nothing(client, expert):
    response = client.post(
        url("experts:request_link"), {"email": expert.email, "website": "http://spam"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("experts:link_sent")
    assert DBTaskResult.objects.count() == 0


@pytest.mark.parametrize(
    "email", ["", "not an address", "a\x00b@example.org", "x" * 300 + "@example.org", "<b>@x"]
)
def test_bad_addresses_are_refused_beside_the_field(client, email):
    response = client.post(url("experts:request_link", "ar"), {"email": email})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert DBTaskResult.objects.count() == 0


def test_the_limit_per_address_answers_429_translated(client, settings, expert):
    settings.EXPERTS_REGISTER_EMAIL_RATE = "2/h"
    for _attempt in range(2):
        assert (
            client.post(url("experts:request_link"), {"email": "x@example.org"}).status_code == 302
        )
    response = client.post(url("experts:request_link", "fr"), {"email": "x@example.org"})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "trop de demandes" in response.content.decode()
    # Another address is not held back by that one.
    assert client.post(url("experts:request_link"), {"email": expert.email}).status_code == 302


def test_the_page_queries_are_pinned(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the request's savepoint (ATOMIC_REQUESTS), no more
        assert client.get(url("experts:request_link")).status_code == 200
        assert client.get(url("experts:link_sent")).status_code == 200


# The update link: own data, leaving -----------------------------------------------------------


def test_the_update_page_offers_the_data_and_leaving(client, expert):
    token = token_of(expert)  # once: a token carries the second it was made
    html = client.get(url("experts:update", "ar", token=token)).content.decode()
    assert url("experts:my_data", "ar", token=token) in html
    assert url("experts:leave", "ar", token=token) in html


def test_the_data_download_holds_the_expert_and_nobody_else(
    client, expert, django_assert_num_queries
):
    other = make_expert("someone.else@example.org", given_name="Other")
    manager = get_user_model().objects.create_user("manager")
    services.decide(Expert.objects.filter(pk=expert.pk), "inactive", manager, reason="Busy")
    # expert, programmes, subjects, languages, decisions, in the request's savepoint
    with django_assert_num_queries(7):
        response = client.get(url("experts:my_data", token=token_of(expert)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "amina@example.org"
    assert data["languages"] == [{"language": "Arabic", "level": "Native"}]
    assert data["decisions"][0]["reason"] == "Busy"
    assert "manager" not in response.content.decode()  # staff names are not the expert's data
    assert other.email not in response.content.decode()


def test_leaving_asks_first_then_deletes_entry_and_cv_on_commit(
    client, expert, experts_env, django_capture_on_commit_callbacks
):
    cv_path = experts_env / expert.cv.name
    assert cv_path.exists()
    leave = url("experts:leave", "fr", token=token_of(expert))
    page = client.get(leave)
    assert page.status_code == 200
    assert "Supprimer ma fiche et mon CV" in page.content.decode()
    assert client.head(leave).status_code == 200
    assert Expert.objects.filter(pk=expert.pk).exists()  # GET and HEAD change nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(leave)
    assert response.status_code == 302
    assert response["Location"] == url("experts:left", "fr")
    assert not Expert.objects.filter(pk=expert.pk).exists()
    assert not ExpertLanguage.objects.exists()
    assert not cv_path.exists()
    # The link is dead now.
    assert client.get(url("experts:update", token=token_of(expert))).status_code == 400


def test_a_failure_after_the_deletion_rolls_it_back_and_keeps_the_cv(
    client, expert, experts_env, django_capture_on_commit_callbacks
):
    cv_path = experts_env / expert.cv.name
    failing = mock.patch("experts.views.redirect", side_effect=RuntimeError("boom"))
    with django_capture_on_commit_callbacks(execute=True), failing, pytest.raises(RuntimeError):
        client.post(url("experts:leave", token=token_of(expert)))
    assert Expert.objects.filter(pk=expert.pk).exists()
    assert cv_path.exists()


def test_leaving_with_a_record_that_names_the_entry_anonymises_it(
    client, expert, experts_env, monkeypatch, django_capture_on_commit_callbacks
):
    # Decisions stand in for a record of another app (e.g. an activity the expert served).
    monkeypatch.setattr(erasure, "OWN_RELATIONS", {"languages"})
    manager = get_user_model().objects.create_user("manager")
    services.decide(Expert.objects.filter(pk=expert.pk), "inactive", manager, reason="Busy")
    cv_path = experts_env / expert.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("experts:leave", token=token_of(expert)))
    expert.refresh_from_db()
    assert expert.erased_at is not None
    assert (expert.given_name, expert.family_name, expert.phone, expert.summary) == ("", "", "", "")
    assert expert.email == f"erased-{expert.pk}@erased.invalid"
    assert not expert.cv and not cv_path.exists()
    assert not expert.languages.exists()
    assert ExpertDecision.objects.filter(expert=expert).exists()  # the record stays
    assert client.get(url("experts:update", token=token_of(expert))).status_code == 400


def test_only_the_entrys_own_relations_are_deleted_with_it():
    # Any relation another app adds to Expert (a service record) makes erase() anonymise.
    names = {relation.get_accessor_name() for relation in Expert._meta.related_objects}
    assert names - erasure.OWN_RELATIONS == {
        r.get_accessor_name() for r in erasure.kept_relations()
    }
    assert {"languages", "decisions"} <= names


@pytest.mark.parametrize("name", ["experts:my_data", "experts:leave", "experts:update"])
def test_an_expired_link_says_so_and_offers_a_new_one(client, expert, settings, name):
    token = token_of(expert)
    later = signing.time.time() + settings.EXPERTS_LINK_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(url(name, "fr", token=token))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce lien a expiré" in html
    assert url("experts:request_link", "fr") in html


@pytest.mark.parametrize("token", ["x", "a" * 5000, "%00", "e30:abc:def"])
def test_broken_links_are_refused_not_failed(client, token):
    for name in ("experts:my_data", "experts:leave"):
        assert client.get(url(name, token=token)).status_code in (400, 404)
        assert client.post(url(name, token=token)).status_code in (400, 404, 405)


def test_a_confirmation_link_does_not_open_the_data(client, expert):
    token = tokens.make_token(expert, tokens.CONFIRM)
    assert client.get(url("experts:my_data", token=token)).status_code == 400


def test_the_leave_and_left_pages_queries_are_pinned(client, expert, django_assert_num_queries):
    leave = url("experts:leave", token=token_of(expert))
    with django_assert_num_queries(3):  # the expert, in the request's savepoint
        assert client.get(leave).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(url("experts:left")).status_code == 200
