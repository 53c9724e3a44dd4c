"""Staff side of ROSCAB: groups, permissions, CV downloads, review, exports, privacy, abuse."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_ratelimit.core import get_usage

from core.net import client_ip
from experts.checks import check_rate_limit_cache
from experts.models import PROFILE_FIELDS, Expert, ExpertLanguage
from tests.experts_data.support import (
    PDF_BYTES,
    make_expert,
    make_programme,
    staff,
    valid_data,
)
from website.groups import CONTENT_EDITORS, ROSTER_MANAGERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


@pytest.fixture
def expert():
    return make_expert()


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:experts_expert_{name}", args=args)


# Groups and permissions ---------------------------------------------------------------------


def test_the_migration_creates_both_groups_with_separate_permissions():
    roster = set(
        Group.objects.get(name=ROSTER_MANAGERS).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    editors = set(
        Group.objects.get(name=CONTENT_EDITORS).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("experts", "view_expert") in roster
    assert ("experts", "download_cv") in roster
    # Besides the roster: reading the audit log of exports and CV downloads, and matching
    # requests (the matching's permissions, reading the requests).
    assert {perm for perm in roster if perm[0] not in ("experts", "matching")} == {
        ("accounts", "view_auditentry"),
        ("cooperation", "view_torrequest"),
    }
    assert ("matching", "add_requestmatch") in roster
    assert ("programmes", "change_programme") in editors
    assert not any(app in ("experts", "matching") for app, _ in editors)


@pytest.mark.parametrize("who", ["anonymous", "editor", "plain_staff"])
def test_no_expert_data_nor_cv_for_anyone_but_roster_managers(client, expert, who, experts_env):
    if who == "editor":
        client.force_login(staff("editor", CONTENT_EDITORS))
    elif who == "plain_staff":
        client.force_login(staff("clerk"))
    pages = [
        admin_url("changelist"),
        admin_url("change", expert.pk),
        admin_url("cv", expert.pk),
        admin_url("export"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (302, 403), (page, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
        body = b"".join(response) if response.streaming else response.content
        assert b"Haddad" not in body and PDF_BYTES not in body
    if who != "anonymous":
        index = client.get(reverse("admin:index")).content.decode()
        assert "/admin/experts/" not in index
    # The CV has no public URL at all (the storage refuses to make one).
    with pytest.raises(ValueError):
        _ = expert.cv.url


def test_roster_managers_see_the_roster_and_download_cvs(client, expert):
    client.force_login(staff("manager", ROSTER_MANAGERS))
    listing = client.get(admin_url("changelist"))
    assert listing.status_code == 200
    assert "Haddad" in listing.content.decode()
    change = client.get(admin_url("change", expert.pk)).content.decode()
    assert admin_url("cv", expert.pk) in change

    response = client.get(admin_url("cv", expert.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_a_missing_cv_file_is_a_404_not_a_500(client, expert):
    expert.cv.storage.delete(expert.cv.name)
    client.force_login(staff("manager", ROSTER_MANAGERS))
    assert client.get(admin_url("cv", expert.pk)).status_code == 404
    assert client.get(admin_url("cv", 999999)).status_code == 404


def test_superusers_see_everything(client, expert):
    client.force_login(staff("boss", is_superuser=True))
    assert client.get(admin_url("changelist")).status_code == 200
    assert client.get(admin_url("cv", expert.pk)).status_code == 200


def test_the_groups_come_back_after_a_flush_through_post_migrate():
    Group.objects.all().delete()
    from django.apps import apps as global_apps

    from website.groups import sync_staff_groups

    sync_staff_groups(sender=global_apps.get_app_config("experts"), apps=global_apps)
    assert Group.objects.get(name=ROSTER_MANAGERS).permissions.filter(codename="view_expert")
    editors = Group.objects.get(name=CONTENT_EDITORS)
    assert not editors.permissions.filter(content_type__app_label="experts").exists()


# Admin list, review, exports ------------------------------------------------------------


def test_filters_and_search(client):
    programme = make_programme()
    one = make_expert("one@example.org", nationality="MA")
    one.programmes.add(programme)
    ExpertLanguage.objects.create(expert=one, language="fr", level="native")
    make_expert("two@example.org", status=Expert.Status.APPROVED, family_name="Yilmaz")
    client.force_login(staff("manager", ROSTER_MANAGERS))

    def names(query):
        response = client.get(admin_url("changelist") + query)
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert names("") == 2
    assert names("?status__exact=approved") == 1
    assert names("?nationality__exact=MA") == 1
    assert names(f"?programmes__id__exact={programme.pk}") == 1
    assert names("?language=fr") == 1
    assert names("?q=Yilmaz") == 1
    assert names("?q=two%40example.org") == 1


# NUL characters never reach the filter: RequestSanityMiddleware answers 400 (tests/test_site.py).
@pytest.mark.parametrize("value", ["xx", "fr%20", "f", "%C3%A9"])
def test_an_unknown_working_language_leaves_the_list_unfiltered(client, value):
    make_expert("one@example.org")
    client.force_login(staff("manager", ROSTER_MANAGERS))
    response = client.get(admin_url("changelist") + f"?language={value}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_approve_and_reject_record_who_and_when(client):
    pending = make_expert("p@example.org")
    unconfirmed = make_expert("u@example.org", status=Expert.Status.UNCONFIRMED)
    manager = staff("manager", ROSTER_MANAGERS)
    client.force_login(manager)

    response = client.post(
        admin_url("changelist"),
        {"action": "approve", "_selected_action": [pending.pk, unconfirmed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert pending.status == Expert.Status.APPROVED
    assert pending.reviewed_by == manager
    assert timezone.now() - pending.reviewed_at < timedelta(minutes=1)
    assert unconfirmed.status == Expert.Status.UNCONFIRMED
    messages = [str(m) for m in response.context["messages"]]
    assert "1 expert approved." in messages
    assert any("not confirmed yet" in m for m in messages)

    client.post(
        admin_url("changelist"),
        {"action": "reject", "_selected_action": [pending.pk], "_decide": "1", "reason": "No"},
    )
    pending.refresh_from_db()
    assert pending.status == Expert.Status.REJECTED


@pytest.mark.parametrize(("fmt", "marker"), [("0", b"Family name"), ("1", b"PK\x03\x04")])
def test_export_of_the_filtered_list_to_csv_and_excel(client, fmt, marker):
    make_expert("a@example.org", family_name="Alpha", status=Expert.Status.APPROVED)
    make_expert("b@example.org", family_name="Beta", status=Expert.Status.REJECTED)
    client.force_login(staff("manager", ROSTER_MANAGERS))
    url = admin_url("export") + "?status__exact=approved"
    page = client.get(url)
    assert page.status_code == 200
    fields = [name for name in page.context["form"].fields if name.startswith("expertresource_")]
    response = client.post(url, {"format": fmt, **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    # CSV is streamed row by row; Excel comes whole.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert marker in body
    if fmt == "0":
        text = body.decode()
        assert "Alpha" in text and "Beta" not in text
        assert "Jordan" in text


def test_personal_data_export_as_json(client, expert):
    client.force_login(staff("manager", ROSTER_MANAGERS))
    response = client.post(
        admin_url("changelist"), {"action": "export_personal_data", "_selected_action": [expert.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data[0]["email"] == "expert@example.org"
    assert data[0]["consent_version"] == "2025-06-01"
    assert data[0]["cv_file_name"] == "سيرة أمينة.pdf"
    # Every profile field, as a person reads it (labels and names, not stored codes).
    assert set(PROFILE_FIELDS) <= set(data[0])
    assert data[0]["nationality"] == "Jordan"
    assert data[0]["sector"] == expert.get_sector_display() != expert.sector
    assert data[0]["programmes"] == [programme.name for programme in expert.programmes.all()]


# Privacy: deleting removes the CV, the purge command ----------------------------------------


def test_deleting_an_expert_removes_the_cv(expert, experts_env, django_capture_on_commit_callbacks):
    path = experts_env / expert.cv.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        expert.delete()
    assert not path.exists()


def test_bulk_delete_in_admin_removes_every_cv(
    client, experts_env, django_capture_on_commit_callbacks
):
    experts = [make_expert(f"{n}@example.org") for n in range(3)]
    paths = [experts_env / e.cv.name for e in experts]
    client.force_login(staff("manager", ROSTER_MANAGERS))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [e.pk for e in experts],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert Expert.objects.count() == 0
    assert not any(path.exists() for path in paths)


def test_a_rolled_back_delete_keeps_the_cv(expert, experts_env):
    from django.db import transaction

    path = experts_env / expert.cv.name

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).delete()
        raise Boom
    assert path.exists()


def test_purge_removes_only_old_unconfirmed_registrations(
    experts_env, settings, django_capture_on_commit_callbacks
):
    settings.EXPERTS_UNCONFIRMED_RETENTION_DAYS = 7
    old = make_expert("old@example.org", status=Expert.Status.UNCONFIRMED)
    Expert.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    make_expert("fresh@example.org", status=Expert.Status.UNCONFIRMED)
    confirmed = make_expert("kept@example.org")
    Expert.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=90))
    old_path = experts_env / old.cv.name

    out = StringIO()
    call_command("purge_unconfirmed_experts", "--dry-run", stdout=out)
    assert "1 unconfirmed" in out.getvalue()
    assert Expert.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_unconfirmed_experts", stdout=out)
    assert set(Expert.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "kept@example.org",
    }
    assert not old_path.exists()


# Abuse: rate limit, client address, shared-cache check -------------------------------------


def test_the_rate_limit_answers_429_in_the_page_language(client, settings):
    settings.EXPERTS_REGISTER_RATE = "2/h"
    programme = make_programme()
    with translation.override("ar"):
        url = reverse("experts:register")
    # Mistakes are not counted: only accepted submissions are.
    for _attempt in range(3):
        assert client.post(url, valid_data(programme, email="")).status_code == 200
    for index in range(2):
        data = valid_data(programme, email=f"a{index}@example.org")
        assert client.post(url, data).status_code == 302
    response = client.post(url, valid_data(programme))
    assert response.status_code == 429
    assert "محاولات كثيرة جدًا" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Expert.objects.count() == 2
    # Another address still gets through; spoofing X-Forwarded-For does not help without proxies.
    spoofed = client.post(url, valid_data(programme), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert spoofed.status_code == 429
    other = client.post(url, valid_data(programme), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    # Reading the form is never limited.
    assert client.get(url).status_code == 200


def test_registrations_and_updates_share_one_budget(client, settings):
    from experts.tokens import UPDATE, make_token

    settings.EXPERTS_REGISTER_RATE = "2/h"
    programme = make_programme()
    expert = make_expert()
    update = reverse("experts:update", kwargs={"token": make_token(expert, UPDATE)})
    assert client.post(update, valid_data(programme, phone="1")).status_code == 200
    register = reverse("experts:register")
    assert client.post(register, valid_data(programme, email="b@example.org")).status_code == 302
    assert client.post(update, valid_data(programme, cv=None)).status_code == 302
    expert.refresh_from_db()  # the used link stopped working: a new one
    update = reverse("experts:update", kwargs={"token": make_token(expert, UPDATE)})
    assert client.post(update, valid_data(programme)).status_code == 429
    assert client.post(register, valid_data(programme)).status_code == 429
    assert client.get(update).status_code == 200


def test_behind_one_trusted_proxy_the_limit_follows_the_forwarded_client(client, settings):
    settings.EXPERTS_REGISTER_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    programme = make_programme()
    url = reverse("experts:register")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.post(
        url, valid_data(programme, email="c@example.org"), HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy
    )
    assert first.status_code == 302
    # The client forges an earlier hop: the proxy's own entry (last) still identifies it.
    again = client.post(
        url,
        valid_data(programme, email="d@example.org"),
        HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4",
        **proxy,
    )
    assert again.status_code == 429
    other = client.post(
        url, valid_data(programme, email="e@example.org"), HTTP_X_FORWARDED_FOR="5.6.7.8", **proxy
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "10.0.0.1", "203.0.113.5", "10.0.0.1"),
        (1, "10.0.0.1", "not-an-ip", "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (0, "", "", "unknown"),
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def count_after_one_attempt(first, second):
    """How many attempts django-ratelimit's "ip" key counts for `second` after one by `first`."""
    get_usage(first, group="g", key="ip", rate="5/h", increment=True)
    return get_usage(second, group="g", key="ip", rate="5/h")["count"]


def test_ipv6_clients_share_a_bucket_per_64_network():
    one = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    elsewhere = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert count_after_one_attempt(one, two) == 1
    assert count_after_one_attempt(one, elsewhere) == 0


def test_the_rate_limit_counts_the_client_behind_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8")
    other_client = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9"
    )
    assert count_after_one_attempt(via_proxy, other_client) == 0


def test_clients_without_an_address_share_one_limited_bucket():
    one = RequestFactory().post("/", REMOTE_ADDR="")
    two = RequestFactory().post("/", REMOTE_ADDR="")
    assert count_after_one_attempt(one, two) == 1


def test_the_shared_cache_check_errors_outside_debug_without_redis(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = check_rate_limit_cache(None)
    assert [error.id for error in errors] == ["experts.E001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/4",
        }
    }
    assert check_rate_limit_cache(None) == []
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_rate_limit_cache(None) == []


def test_system_checks_under_the_test_settings(settings):
    """Only experts.E001 may speak, and only when the suite runs without Redis (DEBUG is off)."""
    messages = [
        m for m in run_checks() if m.is_serious() and m.id not in settings.SILENCED_SYSTEM_CHECKS
    ]
    shared = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert [m.id for m in messages] == ([] if shared else ["experts.E001"])
