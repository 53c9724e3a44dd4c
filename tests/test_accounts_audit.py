"""The audit log of personal data leaving the site: roster exports (CSV, Excel, JSON), CV
downloads, cooperation exports and completed-file downloads. Roster managers read it; nobody
changes or deletes a row, superusers included."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, AuditLogIsAppendOnly
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import FocalPoint, Institution
from tests.test_experts_export import CSV_FORMAT, XLSX_FORMAT, export
from tests.test_experts_staff import PDF_BYTES, ROSTER_MANAGERS, make_expert, staff
from website.groups import CONTENT_EDITORS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]

Action = AuditEntry.Action


@pytest.fixture
def manager_client():
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.force_login(staff("manager", ROSTER_MANAGERS))
    return client


@pytest.fixture
def experts():
    return [make_expert(email=f"expert-{n}@example.org") for n in range(3)]


@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT])
def test_a_roster_export_is_logged_with_its_rows(manager_client, experts, fmt):
    rows = export(manager_client, fmt=fmt)
    assert len(rows) == 4
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.rows) == ("manager", Action.ROSTER_EXPORT, 3)
    assert entry.what == ("experts csv" if fmt == CSV_FORMAT else "experts xlsx")
    assert str(entry.address) == "198.51.100.7"
    assert (timezone.now() - entry.at).total_seconds() < 60


def test_a_filtered_export_names_its_filters(manager_client, experts):
    Expert = type(experts[0])
    Expert.objects.filter(pk=experts[0].pk).update(status=Expert.Status.APPROVED)
    url = reverse("admin:experts_expert_export") + "?status__exact=approved"
    page = manager_client.get(url)
    fields = [name for name in page.context["form"].fields if name.startswith("expertresource_")]
    response = manager_client.post(url, {"format": CSV_FORMAT, **dict.fromkeys(fields, "on")})
    assert len(b"".join(response.streaming_content).splitlines()) == 2
    entry = AuditEntry.objects.get()
    assert (entry.what, entry.rows) == ("experts csv ?status__exact=approved", 1)


def test_a_personal_data_export_and_a_cv_download_are_logged(manager_client, experts):
    response = manager_client.post(
        reverse("admin:experts_expert_changelist"),
        {"action": "export_personal_data", "_selected_action": [e.pk for e in experts[:2]]},
    )
    assert response.status_code == 200
    cv = manager_client.get(reverse("admin:experts_expert_cv", args=[experts[2].pk]))
    assert b"".join(cv.streaming_content) == PDF_BYTES
    cv_entry, json_entry = AuditEntry.objects.all()  # newest first
    assert (json_entry.action, json_entry.rows) == (Action.PERSONAL_DATA_EXPORT, 2)
    assert f"#{experts[0].pk}" in json_entry.what and f"#{experts[2].pk}" not in json_entry.what
    assert (cv_entry.action, cv_entry.what) == (
        Action.CV_DOWNLOAD,
        f"CV of expert #{experts[2].pk}",
    )


def test_a_refused_or_missing_download_logs_nothing(experts):
    editor = Client()
    editor.force_login(staff("editor", CONTENT_EDITORS))
    assert editor.get(reverse("admin:experts_expert_cv", args=[experts[0].pk])).status_code == 403
    experts[1].cv.storage.delete(experts[1].cv.name)
    manager = Client()
    manager.force_login(staff("manager", ROSTER_MANAGERS))
    assert manager.get(reverse("admin:experts_expert_cv", args=[experts[1].pk])).status_code == 404
    assert not AuditEntry.objects.exists()


def test_cooperation_exports_are_logged():
    institution = Institution.objects.create(country="SN", name="Demo agency", kind="agency")
    focal_points = [
        FocalPoint.objects.create(
            institution=institution, name=f"Awa {n}", email=f"awa{n}@example.org", language="fr"
        )
        for n in range(2)
    ]
    manager = staff("coop", COOPERATION_MANAGERS)
    client = Client()
    client.force_login(manager)
    response = client.post(
        reverse("admin:cooperation_focalpoint_changelist"),
        {"action": "export_csv", "_selected_action": [fp.pk for fp in focal_points]},
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.rows) == ("coop", Action.COOPERATION_EXPORT, 2)
    assert entry.what == f"focal-points csv: #{focal_points[0].pk}, #{focal_points[1].pk}" or (
        entry.what == f"focal-points csv: #{focal_points[1].pk}, #{focal_points[0].pk}"
    )


def test_roster_managers_read_the_log_and_nobody_changes_it(manager_client, experts):
    export(manager_client)
    entry = AuditEntry.objects.get()
    changelist = reverse("admin:accounts_auditentry_changelist")
    page = manager_client.get(changelist)
    assert page.status_code == 200
    assert "experts csv" in page.content.decode()
    detail = reverse("admin:accounts_auditentry_change", args=[entry.pk])
    assert manager_client.get(detail).status_code == 200
    root = Client()
    root.force_login(staff("root", is_superuser=True))
    for client in [manager_client, root]:
        assert client.post(detail, {"what": "nothing", "rows": 0}).status_code == 403
        delete = reverse("admin:accounts_auditentry_delete", args=[entry.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    entry.refresh_from_db()
    assert (entry.what, entry.rows) == ("experts csv", 3)
    # Only "view" exists as a permission: no group can be given more.
    assert set(
        Group.objects.get(name=ROSTER_MANAGERS)
        .permissions.filter(content_type__app_label="accounts")
        .values_list("codename", flat=True)
    ) == {"view_auditentry"}


def test_content_editors_cannot_read_the_log():
    editor = Client()
    editor.force_login(staff("editor", CONTENT_EDITORS))
    assert editor.get(reverse("admin:accounts_auditentry_changelist")).status_code == 403


def test_code_cannot_change_or_delete_a_row():
    entry = AuditEntry.objects.create(username="m", action=Action.CV_DOWNLOAD, what="x", rows=1)
    entry.what = "y"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update(what="y")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes():
    from django.db import DatabaseError

    entry = AuditEntry.objects.create(username="m", action=Action.CV_DOWNLOAD, what="x", rows=1)
    for sql in [
        "UPDATE accounts_auditentry SET what = 'y'",
        "DELETE FROM accounts_auditentry",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).what == "x"
