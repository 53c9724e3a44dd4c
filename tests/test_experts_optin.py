"""Double opt-in, repeat registrations, updates through e-mailed links, concurrency."""

import re
import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from experts import tokens
from experts.models import Expert
from tests.conftest import run_due_tasks
from tests.experts_data.support import (
    make_programme,
    pdf_upload,
    valid_data,
)
from website.groups import ROSTER_MANAGERS


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def programme(db):
    return make_programme()


@pytest.fixture
def registered(client, programme, experts_env):
    """An expert registered in French, and the link from the confirmation e-mail."""
    response = client.post(url("experts:register", "fr"), valid_data(programme))
    assert response.status_code == 302
    assert mail.outbox == []  # queued in the request, sent by the worker after the commit
    run_due_tasks()
    return Expert.objects.get(), link_in(mail.outbox[-1])


@pytest.fixture
def roster_manager(db):
    user = get_user_model().objects.create_user(
        "manager", "manager@sesric.example", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    return user


@pytest.mark.django_db
def test_get_and_head_show_a_button_and_never_confirm(client, registered):
    expert, link = registered
    assert link.startswith("/fr/roscab/confirm/")

    response = client.get(link)
    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert client.head(link).status_code == 200
    expert.refresh_from_db()
    assert expert.status == Expert.Status.UNCONFIRMED


@pytest.mark.django_db
def test_post_confirms_and_tells_the_roster_managers(client, registered, roster_manager):
    expert, link = registered
    mail.outbox.clear()

    response = client.post(link)
    run_due_tasks()

    assert response.status_code == 302
    assert response["Location"] == url("experts:confirmed", "fr")
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING
    assert expert.confirmed_at is not None
    assert [message.to for message in mail.outbox] == [["manager@sesric.example"]]
    assert f"/admin/experts/expert/{expert.pk}/change/" in mail.outbox[0].body
    assert "amina.haddad@example.org" not in mail.outbox[0].body
    page = client.get(response["Location"])
    assert "Inscription confirmée" in page.content.decode()
    # The same link again: an honest "already confirmed", and no second e-mail.
    again = client.post(link)
    run_due_tasks()
    assert again.status_code == 200
    assert "déjà confirmée" in again.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_confirmation_mail_is_in_the_registrants_language(registered):
    message = mail.outbox[-1]
    assert "Confirmez votre inscription" in message.subject
    assert "Madame, Monsieur" in message.body or "Amina" in message.body
    assert "3 jours" in message.body


@pytest.mark.django_db
def test_a_tampered_link_is_refused(client, registered):
    expert, link = registered
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.TimestampSigner(salt=tokens.SALT).sign_object(
        {"e": expert.pk + 1, "p": "confirm", "v": 0}
    )
    for bad in (token[:-2] + "xx", token.replace(token[:5], "aaaaa"), "nonsense", forged[:-1]):
        response = client.post(url("experts:confirm", "fr", token=bad))
        assert response.status_code == 400
        assert "Ce lien ne fonctionne pas" in response.content.decode()
    expert.refresh_from_db()
    assert expert.status == Expert.Status.UNCONFIRMED


@pytest.mark.django_db
def test_an_update_link_does_not_confirm_through_the_confirm_page(client, registered):
    expert, _link = registered
    token = tokens.make_token(expert, tokens.UPDATE)
    response = client.post(url("experts:confirm", token=token))
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_a_way_forward(client, registered, settings):
    expert, link = registered
    later = signing.time.time() + settings.EXPERTS_LINK_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(link)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce lien a expiré" in html
    assert url("experts:register", "fr") in html
    expert.refresh_from_db()
    assert expert.status == Expert.Status.UNCONFIRMED


@pytest.mark.django_db
def test_a_link_to_a_deleted_registration_is_refused(client, registered):
    expert, link = registered
    expert.delete()
    assert client.get(link).status_code == 400


@pytest.mark.django_db
def test_registering_again_reveals_nothing_and_mails_an_update_link(client, registered, programme):
    expert, _link = registered
    first_page = client.get(url("experts:sent", "fr")).content
    mail.outbox.clear()

    data = valid_data(programme, email="  AMINA.Haddad@Example.org ", given_name="Eve")
    response = client.post(url("experts:register", "ar"), data)
    run_due_tasks()

    assert response.status_code == 302
    assert response["Location"] == url("experts:sent", "ar")
    assert client.get(url("experts:sent", "fr")).content == first_page
    assert Expert.objects.count() == 1
    expert.refresh_from_db()
    assert expert.given_name == "Amina"  # nothing changed without the owner's consent
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina.haddad@example.org"]
    assert "/ar/roscab/update/" in message.body  # in the language of the new submission


@pytest.mark.django_db
def test_the_update_link_opens_a_prefilled_form_and_saves_changes(client, registered, programme):
    expert, _link = registered
    client.post(url("experts:register"), valid_data(programme))
    run_due_tasks()
    update_link = link_in(mail.outbox[-1])
    old_cv = expert.cv.name

    page = client.get(update_link)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Amina"' in html
    assert 'value="amina.haddad@example.org"' in html and "disabled" in html
    assert "selected>Natif" in html or 'value="native" selected' in html

    data = valid_data(
        programme, given_name="Aminah", email="intruder@example.org", cv=None, summary="x" * 60
    )
    response = client.post(update_link, data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.given_name == "Aminah"
    assert expert.email == "amina.haddad@example.org"  # the address cannot be changed here
    assert expert.cv.name == old_cv  # no new file: the old CV stays
    assert expert.status == Expert.Status.PENDING  # the link proved the address
    # The link was used: it does not work a second time.
    assert client.get(update_link).status_code == 400


def reviewed(expert, status, manager):
    Expert.objects.filter(pk=expert.pk).update(
        status=status,
        confirmed_at=timezone.now(),
        reviewed_by=manager,
        reviewed_at=timezone.now(),
    )
    expert.refresh_from_db()
    return url("experts:update", "fr", token=tokens.make_token(expert, tokens.UPDATE))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "decision"),
    [(Expert.Status.APPROVED, "Approved"), (Expert.Status.REJECTED, "Rejected")],
)
@pytest.mark.parametrize(
    "change",
    [
        {"organisation": "Another ministry"},
        {"summary": "Different expertise: " + "public finance and budgeting " * 3},
        {"languages-1-level": "basic"},
        {"subjects": []},
        {"cv": "new"},
    ],
    ids=["field", "summary", "language", "subjects", "cv"],
)
def test_changing_a_reviewed_entry_sends_it_back_to_review(
    client, registered, programme, roster_manager, status, decision, change
):
    expert, _link = registered
    link = reviewed(expert, status, roster_manager)
    page = client.get(link).content.decode()
    assert "examinera à nouveau" in page  # the expert is told before saving
    mail.outbox.clear()
    if change.get("cv") == "new":
        change = {"cv": pdf_upload("new.pdf")}

    response = client.post(link, valid_data(programme, **change))
    run_due_tasks()

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING
    assert expert.reviewed_by is None and expert.reviewed_at is None
    assert expert.confirmed_at is not None
    assert [message.to for message in mail.outbox] == [["manager@sesric.example"]]
    message = mail.outbox[0]
    assert message.subject == "Changed expert entry to review: \u2068Amina Haddad\u2069"
    assert f"(decision: {decision})" in message.body
    assert f"/admin/experts/expert/{expert.pk}/change/" in message.body
    assert "amina.haddad@example.org" not in message.body


@pytest.mark.django_db
def test_saving_a_reviewed_entry_unchanged_keeps_the_decision(
    client, registered, programme, roster_manager
):
    expert, _link = registered
    link = reviewed(expert, Expert.Status.APPROVED, roster_manager)
    mail.outbox.clear()

    response = client.post(link, valid_data(programme, cv=None, phone="+90 312-468-6172"))
    assert response.status_code == 302, response.context["error_summary"]
    run_due_tasks()

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == Expert.Status.APPROVED
    assert expert.reviewed_by == roster_manager
    assert mail.outbox == []


@pytest.mark.django_db
def test_changing_a_pending_entry_tells_no_one(client, registered, programme, roster_manager):
    expert, link = registered
    client.post(link)  # confirmed: pending review
    run_due_tasks()
    mail.outbox.clear()
    token = tokens.make_token(Expert.objects.get(), tokens.UPDATE)
    client.post(url("experts:update", token=token), valid_data(programme, organisation="Other"))
    run_due_tasks()
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING
    assert expert.organisation == "Other"
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_update_with_a_new_cv_removes_the_old_file(
    client, registered, programme, experts_env, django_capture_on_commit_callbacks
):
    expert, _link = registered
    token = tokens.make_token(expert, tokens.UPDATE)
    old_path = experts_env / expert.cv.name
    assert old_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("experts:update", token=token), valid_data(programme, cv=pdf_upload("new.pdf"))
        )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.cv_name == "new.pdf"
    assert not old_path.exists()
    assert (experts_env / expert.cv.name).exists()


@pytest.mark.django_db
def test_the_update_form_shows_errors_too(client, registered, programme):
    expert, _link = registered
    token = tokens.make_token(expert, tokens.UPDATE)
    response = client.post(url("experts:update", token=token), valid_data(programme, phone="1"))
    assert response.status_code == 200
    assert "international format" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_with_one_address_leave_one_expert(experts_env):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file: no true concurrency to test.")
    programme = make_programme()
    barrier = threading.Barrier(2)
    results = []
    original_save = Expert.save

    def save_after_both_checked(self, *args, **kwargs):
        # Both requests have seen "no such address" before either inserts.
        if self.pk is None:
            barrier.wait(timeout=10)
        return original_save(self, *args, **kwargs)

    def submit(case):
        try:
            data = valid_data(programme, email=case)
            response = Client().post(url("experts:register"), data)
            results.append(response.status_code)
        finally:
            connections.close_all()

    with mock.patch.object(Expert, "save", save_after_both_checked):
        threads = [
            threading.Thread(target=submit, args=(email,))
            for email in ("same@example.org", "SAME@example.org")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert results == [302, 302]
    run_due_tasks()
    assert Expert.objects.filter(email="same@example.org").count() == 1
    assert Expert.objects.count() == 1
    # One confirmation mail and one update mail: the loser was treated as a repeat.
    assert sorted(message.subject for message in mail.outbox) == sorted(
        [
            "Confirm your registration in the Roster of Experts",
            "Your entry in the Roster of Experts",
        ]
    )
    # The loser's CV was removed from storage, only the winner's remains.
    assert [path.name for path in (experts_env / "cvs").iterdir()] == [
        Expert.objects.get().cv.name.split("/")[-1]
    ]


@pytest.mark.django_db
def test_the_database_refuses_a_second_expert_with_the_same_address_in_another_case(programme):
    from django.db import IntegrityError, transaction

    first = dict(  # noqa: C408
        given_name="A",
        family_name="B",
        nationality="TR",
        country_of_residence="TR",
        phone="+9031",
        position="p",
        organisation="o",
        sector="ngo",
        years_of_experience=1,
        highest_degree="master",
        summary="s",
        consent_version="v",
        language="en",
        consent_given_at="2025-01-01T00:00:00Z",
        cv="cvs/x.pdf",
    )
    Expert.objects.create(email="dup@example.org", **first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.bulk_create([Expert(email="DUP@example.org", **first)])
