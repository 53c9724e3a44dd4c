"""Focal points: register an institution, confirm by a signed link, come back, be accepted."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.db import DatabaseError
from django.urls import reverse

from cooperation import tokens
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import FocalPoint, Institution
from tests.cooperation_data.support import signed_in_staff, url
from website.groups import CONTENT_EDITORS


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def registration(**overrides):
    return {
        "country": "SN",
        "institution": "Demonstration Ministry of Planning",
        "kind": "ministry",
        "name": "Awa Diop",
        "position": "Director of training",
        "email": "Awa.Diop@Example.org",
        **overrides,
    }


@pytest.fixture
def coop_env(settings):
    settings.COOPERATION_FORM_RATE = "1000/h"


@pytest.fixture
def registered(client, coop_env, run_tasks):
    """A focal point registered in French, and the link of the confirmation e-mail."""
    response = client.post(url("cooperation:register", "fr"), registration())
    assert response.status_code == 302
    assert mail.outbox == []  # queued in the request, sent by the worker after the commit
    run_tasks()
    return FocalPoint.objects.get(), link_in(mail.outbox[-1])


@pytest.fixture
def signed_in_manager(db):
    """A cooperation manager (told of each confirmed focal point), signed in: (client, user)."""
    return signed_in_staff(COOPERATION_MANAGERS, "coop")


@pytest.mark.django_db
def test_the_form_is_shown_in_three_languages(client, language):
    response = client.get(url("cooperation:register", language))
    assert response.status_code == 200
    assert 'name="website"' in response.content.decode()


@pytest.mark.django_db
def test_registering_stores_an_unconfirmed_focal_point_and_mails_in_its_language(registered):
    focal_point, link = registered
    assert focal_point.email == "awa.diop@example.org"
    assert focal_point.language == "fr"
    assert focal_point.institution.country.code == "SN"
    assert focal_point.institution.kind == Institution.Kind.MINISTRY
    assert not focal_point.is_confirmed and not focal_point.counts
    assert mail.outbox[-1].subject == "Confirmez votre adresse électronique"
    assert mail.outbox[-1].to == ["awa.diop@example.org"]
    assert link.startswith("/fr/cooperation/confirm/")


@pytest.mark.django_db
def test_get_shows_a_button_and_post_confirms_and_tells_the_managers(
    client, registered, signed_in_manager, run_tasks
):
    focal_point, link = registered
    assert client.get(link).status_code == 200
    assert client.head(link).status_code == 200
    focal_point.refresh_from_db()
    assert not focal_point.is_confirmed
    mail.outbox.clear()

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/cooperation/space/")
    focal_point.refresh_from_db()
    assert focal_point.is_confirmed and not focal_point.counts
    page = client.get(response["Location"]).content.decode()
    assert "Demonstration Ministry of Planning" in page
    run_tasks()
    assert [m.to for m in mail.outbox] == [["coop@sesric.example"]]
    assert "Awa" not in mail.outbox[0].subject + mail.outbox[0].body  # no personal data by mail

    # A confirmation link works once.
    assert client.post(link).status_code == 400


@pytest.mark.django_db
def test_broken_tampered_and_expired_links_are_refused(client, registered, settings):
    focal_point, link = registered
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.TimestampSigner(salt="experts.link").sign_object(
        {"e": focal_point.pk, "p": "confirm", "v": 0}
    )
    space_as_confirm = tokens.make_token(focal_point, tokens.SPACE)
    for bad in (token[:-2] + "xx", "nonsense", forged, space_as_confirm):
        assert client.post(url("cooperation:confirm", "fr", token=bad)).status_code == 400
    settings.COOPERATION_LINK_MAX_AGE = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    focal_point.refresh_from_db()
    assert not focal_point.is_confirmed


@pytest.mark.django_db
def test_an_unconfirmed_focal_point_has_no_space(client, registered):
    focal_point, _ = registered
    token = tokens.make_token(focal_point, tokens.SPACE)
    assert client.get(url("cooperation:space", token=token)).status_code == 400


@pytest.mark.django_db
def test_a_fresh_link_goes_to_known_addresses_and_reveals_nothing(client, registered, run_tasks):
    focal_point, link = registered
    client.post(link)
    mail.outbox.clear()

    known = client.post(url("cooperation:link", "ar"), {"email": "AWA.DIOP@example.org"})
    unknown = client.post(url("cooperation:link", "ar"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa.diop@example.org"]
    # The language of the page asked from, not the one registered in.
    assert "/ar/cooperation/space/" in message.body
    assert client.get(link_in(message)).status_code == 200


@pytest.mark.django_db
def test_registering_again_with_a_known_address_creates_nothing(client, registered, run_tasks):
    mail.outbox.clear()
    response = client.post(url("cooperation:register"), registration(institution="Another"))
    assert response.status_code == 302
    assert FocalPoint.objects.count() == Institution.objects.count() == 1
    run_tasks()
    # Still unconfirmed: the owner of the address gets a new confirmation link.
    assert len(mail.outbox) == 1 and "/cooperation/confirm/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_honeypot_stores_and_sends_nothing(client, coop_env, run_tasks):
    response = client.post(url("cooperation:register"), registration(website="spam"))
    assert response.status_code == 302
    run_tasks()
    assert not FocalPoint.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_invalid_input_is_answered_with_the_form_never_a_5xx(client, coop_env):
    for data in (
        registration(email="not an address"),
        registration(country="XX"),
        registration(kind="emperor"),
        registration(name="A\u202eB"),
        registration(institution="x" * 300),
        {},
    ):
        response = client.post(url("cooperation:register", "fr"), data)
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert not FocalPoint.objects.exists()


@pytest.mark.django_db
def test_accepted_submissions_are_rate_limited_per_address(client, coop_env, settings, run_tasks):
    settings.COOPERATION_FORM_EMAIL_RATE = "2/h"
    for _ in range(2):
        assert client.post(url("cooperation:link"), {"email": "a@example.org"}).status_code == 302
    response = client.post(url("cooperation:link", "fr"), {"email": "a@example.org"})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_an_unreachable_rate_limit_cache_refuses_and_keeps_what_was_typed(client, coop_env):
    with mock.patch("core.limits.get_usage", side_effect=ConnectionError("redis down")):
        response = client.post(url("cooperation:register"), registration())
    assert response.status_code == 503
    assert "Demonstration Ministry of Planning" in response.content.decode()
    assert not FocalPoint.objects.exists()


@pytest.mark.django_db
def test_a_database_failure_leaves_nothing_half_saved(client, coop_env, run_tasks):
    with mock.patch(
        "cooperation.models.FocalPoint.objects.create",
        side_effect=DatabaseError("down"),
    ):
        response = client.post(url("cooperation:register"), registration())
    assert response.status_code == 503
    assert not Institution.objects.exists()
    run_tasks()
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_accept_confirmed_focal_points_only_and_they_are_told(
    client, registered, signed_in_manager, run_tasks
):
    focal_point, link = registered
    staff, manager = signed_in_manager
    unconfirmed = FocalPoint.objects.create(
        institution=focal_point.institution, name="B", email="b@example.org", language="en"
    )
    client.post(link)
    run_tasks()  # the managers are told of the confirmed focal point
    mail.outbox.clear()
    response = staff.post(
        reverse("admin:cooperation_focalpoint_changelist"),
        {"action": "accept", "_selected_action": [focal_point.pk, unconfirmed.pk]},
    )
    assert response.status_code == 302
    focal_point.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert focal_point.counts and focal_point.accepted_by == manager
    assert not unconfirmed.is_accepted
    assert list(FocalPoint.objects.counting()) == [focal_point]
    run_tasks()
    assert [m.to for m in mail.outbox] == [["awa.diop@example.org"]]
    assert "/fr/cooperation/space/" in mail.outbox[0].body


@pytest.mark.django_db
def test_only_cooperation_managers_see_focal_points_content_editors_see_institutions(registered):
    editors = Group.objects.get(name=CONTENT_EDITORS)
    managers = Group.objects.get(name=COOPERATION_MANAGERS)
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"view_institution", "change_institution"} <= editor_codenames
    assert not any("focalpoint" in codename for codename in editor_codenames)
    assert set(
        Permission.objects.filter(content_type__app_label="cooperation").values_list(
            "codename", flat=True
        )
    ) <= set(managers.permissions.values_list("codename", flat=True))

    staff, _ = signed_in_staff(CONTENT_EDITORS, "ed")
    assert staff.get(reverse("admin:cooperation_institution_changelist")).status_code == 200
    assert staff.get(reverse("admin:cooperation_focalpoint_changelist")).status_code == 403


@pytest.mark.django_db
def test_the_public_forms_and_the_confirmation_page_take_constant_queries(
    client, registered, django_assert_num_queries
):
    focal_point, link = registered
    FocalPoint.objects.create(
        institution=focal_point.institution, name="B", email="b@example.org", language="en"
    )
    for address, queries in (
        (url("cooperation:register", "ar"), 0),
        (url("cooperation:link", "fr"), 0),
        (link, 3),
    ):
        client.get(address)
        with django_assert_num_queries(queries):
            assert client.get(address).status_code == 200
