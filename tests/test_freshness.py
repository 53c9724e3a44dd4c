"""Freshness: every kind of content change reaches the search index, the content generation
(cached pages, sitemap, feed, statistics), connected per model."""

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.deletion import Collector
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from core import freshness
from programmes.models import Document, DocumentKind, Organisation, Programme, Sector
from search.models import SearchEntry
from tests.activities_data.factories import make_activity


@pytest.fixture
def programme(db):
    sector = Sector.objects.create(slug="health", name_en="Health")
    return Programme.objects.create(
        slug="tourism", sector=sector, name_en="Tourism Programme", summary_en="Travel."
    )


def indexed_text(kind, pk, language="en"):
    entry = SearchEntry.objects.filter(kind=kind, object_id=pk, language=language).first()
    return entry.normalised if entry else None


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def generation():
    return freshness.current_generation()


# Tests of the generation commit for real: bumps happen only after a commit.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_unpublish_action_removes_the_activity_from_search_and_cached_pages(
    staff_client, programme
):
    activity = make_activity(programme, 1, title_en="Secret planning meeting")
    assert indexed_text("activity", activity.pk) is not None
    before = generation()

    with translation.override("en"):
        response = staff_client.post(
            reverse("admin:activities_activity_changelist"),
            {"action": "unpublish", "_selected_action": [activity.pk]},
        )

    assert response.status_code == 302
    assert not Activity.objects.get(pk=activity.pk).is_published
    assert indexed_text("activity", activity.pk) is None
    assert generation() == before + 1


def test_deactivated_programme_loses_its_document_entries(programme):
    kind = DocumentKind.objects.create(slug="questionnaire", name_en="Questionnaire")
    document = Document.objects.create(programme=programme, kind=kind)
    assert indexed_text("document", document.pk) is not None

    programme.is_active = False
    programme.save()

    assert not SearchEntry.objects.filter(kind="document").exists()
    assert not SearchEntry.objects.filter(kind="programme").exists()


@pytest.mark.parametrize("renamed", ["sector", "partner", "document kind", "programme"])
def test_renaming_what_entries_show_reindexes_them(programme, renamed):
    partner = Organisation.objects.create(name_en="Islamic Youth Forum", acronym="ICYF")
    activity = make_activity(programme, 1)
    activity.partners.add(partner)
    kind = DocumentKind.objects.create(slug="tor", name_en="Terms of Reference")
    document = Document.objects.create(programme=programme, kind=kind)
    changed, kind_of_entry, pk = {
        "sector": (programme.sector, "programme", programme.pk),
        "partner": (partner, "activity", activity.pk),
        "document kind": (kind, "document", document.pk),
        "programme": (programme, "activity", activity.pk),
    }[renamed]

    changed.name_en = "Zanzibarian"
    changed.save()

    assert "zanzibarian" in indexed_text(kind_of_entry, pk)
    if renamed == "programme":
        assert "zanzibarian" in indexed_text("document", document.pk)


def test_partner_added_through_either_side_of_the_many_to_many_is_indexed(programme):
    first, second = make_activity(programme, 1), make_activity(programme, 2)
    forum = Organisation.objects.create(name_en="Islamic Youth Forum")
    academy = Organisation.objects.create(name_en="Diplomatic Academy")

    first.partners.add(forum)
    academy.activities.add(second)

    assert "islamic youth forum" in indexed_text("activity", first.pk)
    assert "diplomatic academy" in indexed_text("activity", second.pk)
    first.partners.remove(forum)
    assert "islamic youth forum" not in indexed_text("activity", first.pk)


def test_deleting_a_partner_reindexes_its_activities(programme):
    activity = make_activity(programme, 1)
    forum = Organisation.objects.create(name_en="Islamic Youth Forum")
    activity.partners.add(forum)
    forum.delete()
    assert "islamic youth forum" not in indexed_text("activity", activity.pk)


@committing
def test_every_kind_of_change_bumps_the_generation_once_after_commit(programme):
    before = generation()
    with transaction.atomic():
        activity = make_activity(programme, 1)
        activity.partners.add(Organisation.objects.create(name_en="Forum"))
        activity.title_fr = "Nouveau titre"  # a translation is a save of the same row
        activity.save()
        Activity.objects.filter(pk=activity.pk).unpublish()
        assert generation() == before  # nothing before the commit
    assert generation() == before + 1  # one bump per transaction, however many changes

    with transaction.atomic():
        Sector.objects.create(slug="x", name_en="X")
        transaction.set_rollback(True)
    assert generation() == before + 1  # a rolled-back change bumps nothing

    activity.delete()
    assert generation() == before + 2


def test_receivers_are_connected_per_model_so_django_still_fast_deletes():
    assert Collector(using="default").can_fast_delete(Session.objects.all())


@committing
def test_a_failed_bump_is_retried(programme, monkeypatch):
    before = generation()

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as patched:
        patched.setattr(freshness.cache, "incr", unreachable)
        programme.name_en = "Renamed while Redis was down"
        programme.save()  # the edit itself succeeds
        assert freshness.bump_pending()
        assert generation() == before

    freshness.retry_pending()  # what the next request of this process does
    assert not freshness.bump_pending()
    assert generation() == before + 1


@committing
def test_a_failed_bump_is_retried_by_the_task_queue_for_every_app_server(programme, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import run_due_tasks

    before = generation()
    with monkeypatch.context() as patched:
        patched.setattr(freshness.cache, "incr", lambda *a, **k: (_ for _ in ()).throw(OSError))
        programme.name_en = "Renamed while Redis was down"
        programme.save()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path.endswith("retry_failed_bump")
    assert generation() == before
    # Another app server's process has no pending flag; the queued task still bumps.
    freshness._failed.clear()
    DBTaskResult.objects.update(run_after=timezone.now())  # due now rather than in 30 s
    assert run_due_tasks() == 1
    assert generation() == before + 1


def test_a_lost_generation_restarts_above_any_stored_one(db):
    before = generation()
    freshness.cache.delete(freshness.GENERATION_KEY)
    assert generation() >= before


@pytest.mark.django_db
def test_a_release_s_migrate_makes_every_cached_page_and_fragment_stale():
    """HTML in the shared cache was written by the previous release's templates."""
    from django.core.management import call_command

    before = generation()
    call_command("migrate", verbosity=0)
    assert generation() == before + 1
