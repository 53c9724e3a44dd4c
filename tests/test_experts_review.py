"""Expert review on the expert's page (issue 14): decisions with reasons, their history, the
expert told in their language, the inactive state, and the retention of retired entries."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from experts import erasure, services, tokens
from experts.models import Expert, ExpertDecision
from tests.conftest import run_due_tasks
from tests.experts_data.support import make_expert, make_programme, pdf_upload, staff, valid_data
from website.groups import CONTENT_EDITORS, ROSTER_MANAGERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


def admin_url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:experts_{name}", args=args)


@pytest.fixture
def manager():
    return staff("manager", ROSTER_MANAGERS)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def expert():
    return make_expert("amina@example.org", language="fr")


# The expert's page ----------------------------------------------------------------------------


def test_a_rejection_with_a_reason_is_recorded_and_told_in_french(manager_client, manager, expert):
    page = manager_client.get(admin_url("expert_change", expert.pk))
    html = page.content.decode()
    assert 'action="{}"'.format(admin_url("expert_review", expert.pk)) in html
    assert "No decision yet." in html

    response = manager_client.post(
        admin_url("expert_review", expert.pk),
        {"decision": "rejected", "reason": "Le profil ne correspond à aucun programme actuel."},
    )
    assert response.status_code == 302
    assert response["Location"] == admin_url("expert_change", expert.pk)
    expert.refresh_from_db()
    assert expert.status == Expert.Status.REJECTED
    assert expert.reviewed_by == manager
    decision = ExpertDecision.objects.get()
    assert (decision.expert, decision.previous_status, decision.status) == (
        expert,
        "pending",
        "rejected",
    )
    assert decision.decided_by == manager and decision.decided_by_name == "manager"
    assert decision.source == ExpertDecision.Source.PAGE
    assert timezone.now() - decision.decided_at < timedelta(minutes=1)
    assert LogEntry.objects.filter(object_id=str(expert.pk), user=manager).count() == 1

    assert mail.outbox == []  # queued in the request's transaction
    run_due_tasks()
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Votre inscription sur la liste des experts"
    assert "a décidé de ne pas la retenir" in message.body
    assert "Le motif indiqué\u00a0:\nLe profil ne correspond à aucun programme actuel." in (
        message.body
    )
    assert "supprimés 365 jours après cette décision" in message.body
    link = re.search(r"http://testserver(/fr/roscab/update/\S+/)", message.body).group(1)
    assert manager_client.get(link).status_code == 200  # the expert may update or leave

    history = manager_client.get(admin_url("expert_change", expert.pk)).content.decode()
    assert "Le profil ne correspond à aucun programme actuel." in history
    assert "Awaiting review → Rejected" in history


def test_the_history_reads_in_the_managers_language(manager_client, manager, expert):
    services.decide(Expert.objects.filter(pk=expert.pk), "inactive", manager, reason="Busy")
    html = manager_client.get(admin_url("expert_change", expert.pk, language="ar")).content
    assert "سجل المراجعة" in html.decode()
    assert "غير نشط (لم يعد متاحًا)" in html.decode()


@pytest.mark.parametrize("decision", ["rejected", "inactive"])
def test_rejecting_or_setting_inactive_needs_a_reason(manager_client, expert, decision):
    response = manager_client.post(
        admin_url("expert_review", expert.pk), {"decision": decision, "reason": "  "}
    )
    assert response.status_code == 400
    assert "Give the reason: the expert will read it." in response.content.decode()
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING
    assert not ExpertDecision.objects.exists()
    assert DBTaskResult.objects.count() == 0


def test_approval_needs_no_reason_and_the_expert_hears_it(manager_client, expert):
    response = manager_client.post(admin_url("expert_review", expert.pk), {"decision": "approved"})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == Expert.Status.APPROVED
    run_due_tasks()
    assert mail.outbox[0].subject == "Votre fiche sur la liste des experts est approuvée"
    assert "supprimés" not in mail.outbox[0].body  # no retention warning for an approval


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "hacked", "reason": "x"},
        {"decision": "unconfirmed", "reason": "x"},
        {"decision": "rejected", "reason": "a\x00b"},
        {"decision": "rejected", "reason": "a\u202eb"},
        {"decision": "rejected", "reason": "x" * 2001},
        {"decision": ["approved", "rejected"]},
    ],
)
def test_bad_input_is_refused_not_failed(manager_client, expert, data):
    response = manager_client.post(admin_url("expert_review", expert.pk), data)
    assert response.status_code == 400
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING


def test_a_missing_expert_is_a_404(manager_client):
    assert manager_client.post(admin_url("expert_review", 999999), {}).status_code == 404


def test_the_same_decision_twice_records_nothing_new(manager_client, expert):
    url = admin_url("expert_review", expert.pk)
    manager_client.post(url, {"decision": "inactive", "reason": "Away"})
    response = manager_client.post(url, {"decision": "inactive", "reason": "Away"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "No decision recorded: the entry already has this status." in messages
    assert ExpertDecision.objects.count() == 1


def test_an_unconfirmed_entry_cannot_be_decided(manager_client):
    unconfirmed = make_expert("u@example.org", status=Expert.Status.UNCONFIRMED)
    page = manager_client.get(admin_url("expert_change", unconfirmed.pk)).content.decode()
    assert "there is nothing to review" in page
    manager_client.post(admin_url("expert_review", unconfirmed.pk), {"decision": "approved"})
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == Expert.Status.UNCONFIRMED


def test_only_roster_managers_decide(client, expert):
    client.force_login(staff("editor", CONTENT_EDITORS))
    assert client.get(admin_url("expert_change", expert.pk)).status_code == 403
    post = client.post(admin_url("expert_review", expert.pk), {"decision": "approved"})
    assert post.status_code == 403
    assert client.get(admin_url("expertdecision_changelist")).status_code == 403
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING


def test_a_viewer_sees_the_history_without_the_form(client, expert):
    from django.contrib.auth.models import Permission

    viewer = staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_expert"))
    client.force_login(viewer)
    html = client.get(admin_url("expert_change", expert.pk)).content.decode()
    assert "Review history" in html
    assert admin_url("expert_review", expert.pk) not in html
    post = client.post(admin_url("expert_review", expert.pk), {"decision": "approved"})
    assert post.status_code == 403


def test_the_change_page_queries_are_pinned(
    manager_client, manager, expert, django_assert_num_queries
):
    for status, reason in (("approved", ""), ("inactive", "Away"), ("approved", "")):
        services.decide(Expert.objects.filter(pk=expert.pk), status, manager, reason=reason)
    url = admin_url("expert_change", expert.pk)
    manager_client.get(url)  # warm the content types and permissions caches
    with django_assert_num_queries(CHANGE_PAGE_QUERIES):
        response = manager_client.get(url)
    assert response.content.decode().count("expert-review__reason") == 1
    assert response.context["decisions"].count() == 3
    undecided = make_expert("other@example.org")
    with django_assert_num_queries(CHANGE_PAGE_QUERIES):
        manager_client.get(admin_url("expert_change", undecided.pk))


# The history adds one query to the change page, whatever its length; matching's panels
# (naming consent, availability, activities served, requests suggested for) four more.
CHANGE_PAGE_QUERIES = 17


# List actions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", "approved", "2 experts approved."),
        ("reject", "rejected", "2 experts rejected."),
        ("set_inactive", "inactive", "2 experts set inactive."),
    ],
)
def test_list_actions_write_the_history_and_tell_each_expert(
    manager_client, manager, action, status, message
):
    experts = [
        make_expert(f"e{n}@example.org", language=lang) for n, lang in enumerate(["ar", "fr"])
    ]
    selection = {"action": action, "_selected_action": [e.pk for e in experts]}
    if status != "approved":
        # A page asks for the reason first; nothing is decided without one.
        page = manager_client.post(admin_url("expert_changelist"), selection)
        assert page.status_code == 200
        assert "Give the reason" in page.content.decode()
        refused = manager_client.post(admin_url("expert_changelist"), {**selection, "_decide": "1"})
        assert refused.status_code == 400
        assert not ExpertDecision.objects.exists()
        selection = {**selection, "_decide": "1", "reason": "Programme closed."}
    response = manager_client.post(admin_url("expert_changelist"), selection, follow=True)
    assert message in [str(m) for m in response.context["messages"]]
    decisions = ExpertDecision.objects.filter(status=status, source=ExpertDecision.Source.LIST)
    assert sorted(d.expert_id for d in decisions) == sorted(e.pk for e in experts)
    assert {d.decided_by for d in decisions} == {manager}
    assert {d.reason for d in decisions} == {"" if status == "approved" else "Programme closed."}
    # The admin's own history of each expert is no longer empty.
    for expert in experts:
        history = manager_client.get(admin_url("expert_history", expert.pk)).content.decode()
        assert "Changed Status." in history or "Changed status." in history
    run_due_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["e0@example.org", "e1@example.org"]


def test_a_message_superseded_by_a_later_decision_is_not_sent(manager, expert):
    chosen = Expert.objects.filter(pk=expert.pk)
    services.decide(chosen, "rejected", manager, reason="Wrong subject")
    services.decide(chosen, "approved", manager)
    run_due_tasks()
    assert [m.subject for m in mail.outbox] == [
        "Votre fiche sur la liste des experts est approuvée"
    ]


def test_the_history_is_read_only_in_the_admin(manager_client, manager, expert):
    services.decide(Expert.objects.filter(pk=expert.pk), "inactive", manager, reason="Away")
    decision = ExpertDecision.objects.get()
    listing = manager_client.get(admin_url("expertdecision_changelist"))
    assert listing.status_code == 200
    assert "Amina Haddad" in listing.content.decode()
    page = manager_client.get(admin_url("expertdecision_change", decision.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        manager_client.post(admin_url("expertdecision_change", decision.pk), {}).status_code == 403
    )
    assert manager_client.get(admin_url("expertdecision_add")).status_code == 403
    assert manager_client.post(admin_url("expertdecision_delete", decision.pk)).status_code == 403
    assert ExpertDecision.objects.count() == 1


# Back to review when the expert changes the entry --------------------------------------------


def test_an_inactive_expert_who_updates_the_entry_goes_back_to_review(client, manager):
    programme = make_programme()
    expert = make_expert("amina.haddad@example.org")
    expert.programmes.add(programme)
    services.decide(Expert.objects.filter(pk=expert.pk), "inactive", manager, reason="Away")
    expert.refresh_from_db()
    data = valid_data(
        programme, summary="Available again: mediation and negotiation for diplomats."
    )
    data["consent"] = "on"
    data.pop("email")
    token = tokens.make_token(expert, tokens.UPDATE)
    with translation.override("en"):
        url = reverse("experts:update", kwargs={"token": token})
    response = client.post(url, {**data, "cv": pdf_upload()})
    assert response.status_code == 302, response.content.decode()[:2000]
    expert.refresh_from_db()
    assert expert.status == Expert.Status.PENDING


# Retention ------------------------------------------------------------------------------------


def decided_days_ago(expert, status, days):
    Expert.objects.filter(pk=expert.pk).update(
        status=status, reviewed_at=timezone.now() - timedelta(days=days)
    )


def test_the_purge_erases_retired_entries_after_the_retention_period(
    settings, experts_env, django_capture_on_commit_callbacks
):
    settings.EXPERTS_RETIRED_RETENTION_DAYS = 30
    old_rejected = make_expert("r@example.org")
    old_inactive = make_expert("i@example.org")
    recent_rejected = make_expert("rr@example.org")
    old_approved = make_expert("a@example.org")
    old_unconfirmed = make_expert("u@example.org", status=Expert.Status.UNCONFIRMED)
    Expert.objects.filter(pk=old_unconfirmed.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    decided_days_ago(old_rejected, "rejected", 31)
    decided_days_ago(old_inactive, "inactive", 31)
    decided_days_ago(recent_rejected, "rejected", 29)
    decided_days_ago(old_approved, "approved", 400)
    cvs = {e.pk: experts_env / e.cv.name for e in (old_rejected, old_inactive, recent_rejected)}

    out = StringIO()
    call_command("purge_experts", "--dry-run", stdout=out)
    assert "1 unconfirmed registration(s)" in out.getvalue()
    assert "2 rejected or inactive" in out.getvalue()
    assert Expert.objects.count() == 5

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_experts", stdout=out)
    assert "Deleted 1 unconfirmed" in out.getvalue()
    assert "2 rejected or inactive entr(y/ies) deleted and 0 anonymised" in out.getvalue()
    assert set(Expert.objects.values_list("email", flat=True)) == {
        "rr@example.org",
        "a@example.org",
    }
    assert not cvs[old_rejected.pk].exists() and not cvs[old_inactive.pk].exists()
    assert cvs[recent_rejected.pk].exists()


def test_the_purge_keeps_a_record_that_names_the_entry_without_the_person(
    settings, manager, monkeypatch, django_capture_on_commit_callbacks
):
    # Decisions stand in for another app's record (an activity served): anonymise, not delete.
    monkeypatch.setattr(erasure, "OWN_RELATIONS", {"languages"})
    expert = make_expert("r@example.org")
    services.decide(Expert.objects.filter(pk=expert.pk), "rejected", manager, reason="No")
    decided_days_ago(expert, "rejected", settings.EXPERTS_RETIRED_RETENTION_DAYS + 1)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_experts", stdout=out)
    assert "0 rejected or inactive entr(y/ies) deleted and 1 anonymised" in out.getvalue()
    expert.refresh_from_db()
    assert expert.erased_at and not expert.given_name and not expert.cv
    assert str(expert) == f"#{expert.pk}"
    # Anonymised entries are not purged again, nor decided on, nor reached by a link.
    out = StringIO()
    call_command("purge_experts", stdout=out)
    assert "0 anonymised" in out.getvalue()
    decided, skipped = services.decide(Expert.objects.all(), "approved", manager)
    assert (decided, skipped) == ([], 1)


def test_the_purge_refuses_a_retention_of_zero_days(settings):
    settings.EXPERTS_RETIRED_RETENTION_DAYS = 0
    with pytest.raises(Exception, match="at least 1 day"):
        call_command("purge_experts", stdout=StringIO())


def test_the_privacy_page_states_the_retention_of_retired_entries(client, settings):
    settings.EXPERTS_RETIRED_RETENTION_DAYS = 200
    with translation.override("fr"):
        url = reverse("core:privacy")
    html = client.get(url).content.decode()
    assert "200\u00a0jours" in html
