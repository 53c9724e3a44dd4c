"""Staff see what is untranslated, per model, in a column, a filter and on the admin index."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, Photo
from core.translations import missing_fields
from experts.groups import ROSTER_MANAGERS
from experts.models import Expert
from programmes.models import Document, MainSubject, Sector
from website.groups import CONTENT_EDITORS


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


pytestmark = pytest.mark.django_db


def staff_client(client, *groups):
    user = get_user_model().objects.create_user("staff-member", password="x", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, demo):
    return staff_client(client, CONTENT_EDITORS)


def untranslate(obj, field, code):
    setattr(obj, f"{field}_{code}", "")
    obj.save()
    return obj


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Activity, "title"),
        (Photo, "caption"),
        (MainSubject, "name"),
        (Sector, "name"),
    ],
)
def test_the_filter_and_the_column_find_what_is_untranslated(editor, model, field):
    obj = model.objects.exclude(**{f"{field}_en": ""}).order_by("pk").first()
    untranslate(obj, field, "fr")
    opts = model._meta
    url = f"/en/admin/{opts.app_label}/{opts.model_name}/"
    response = editor.get(url, {"untranslated": "fr"})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert obj in shown
    # Every row listed misses a French text, and every row missing one is listed.
    assert all("fr" in missing_fields(row) for row in shown)
    missing = [row for row in model.objects.all() if "fr" in missing_fields(row)]
    assert len(shown) == len(missing) or response.context["cl"].result_count == len(missing)
    html = response.content.decode()
    assert "<strong>French</strong>" in html
    assert str(opts.get_field(field).verbose_name) in html


def test_documents_lacking_a_language_are_filtered(editor):
    document = Document.objects.first()
    Document.objects.filter(pk=document.pk).update(file_fr="")
    response = editor.get("/en/admin/programmes/document/", {"missing": "fr"})
    assert document in response.context["cl"].result_list
    assert all(not row.file_fr for row in response.context["cl"].result_list)


def test_the_dashboard_counts_and_links_untranslated_content(editor):
    activity = untranslate(Activity.objects.order_by("pk").first(), "summary", "ar")
    expected = Activity.objects.filter(summary_ar="").count()
    assert activity.summary_ar == ""
    response = editor.get("/ar/admin/")
    html = response.content.decode()
    assert 'id="dashboard-heading"' in html
    assert 'href="/ar/admin/activities/activity/?untranslated=ar">' in html
    row = next(
        row
        for row in response.context["untranslated"]
        if row["name"] == Activity._meta.verbose_name_plural
    )
    arabic = next(cell for cell in row["counts"] if cell["url"].endswith("=ar"))
    assert arabic["count"] >= expected >= 1
    # Content editors do not see the roster.
    assert response.context["experts"] is None


def test_roster_managers_see_the_experts_awaiting_review(client, demo):
    manager = staff_client(client, ROSTER_MANAGERS)
    response = manager.get("/en/admin/")
    assert "Experts awaiting review" in response.content.decode()
    experts = response.context["experts"]
    assert experts["url"] == "/en/admin/experts/expert/?status__exact=pending"
    assert experts["count"] == Expert.objects.filter(status=Expert.Status.PENDING).count()
    # They are not shown content they may not view.
    assert response.context["untranslated"] == []


def test_the_admin_index_costs_the_same_queries_as_content_grows(editor, django_assert_num_queries):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor.get("/en/admin/").status_code == 200
        return len(queries)

    before = count()
    programme = Activity.objects.first().programme
    for number in range(5):
        Activity.objects.create(
            programme=programme,
            kind="webinar",
            title_en=f"Untranslated webinar {number}",
            slug=f"untranslated-webinar-{number}",
            summary_en="Only in English.",
        )
    with django_assert_num_queries(before):
        assert editor.get("/en/admin/").status_code == 200
