"""A roster manager rejects an expert with a reason from the expert's page (issue 14): the
decision is recorded and the expert receives the French e-mail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from experts.groups import ROSTER_MANAGERS
from experts.models import Expert, ExpertDecision
from tests.browser.support import WCAG_21_AA, assert_accessible, browser_page, load_axe, log_in
from tests.conftest import run_due_tasks
from tests.experts_data.support import make_expert


def assert_review_accessible(page):
    """axe on the review section (Django's own filter_horizontal widget, elsewhere on the page,
    has a finding of its own that is not this section's)."""
    load_axe(page)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "options => axe.run(document.querySelector('.expert-review'), options)", options
    )
    assert [violation["id"] for violation in results["violations"]] == []


def own_errors(page):
    """Console errors of the pages themselves: axe-core's own <style> probe is refused by the
    admin's CSP, and the refused decision answers 400 on purpose."""
    return [
        error
        for error in page.console_errors
        if "Applying inline style" not in error and "status of 400" not in error
    ]


REASON = "Les domaines indiqués ne correspondent à aucun programme en cours."


def test_a_manager_rejects_with_a_reason_and_the_expert_reads_it_in_french(live_demo, experts_env):
    manager = get_user_model().objects.create_user(
        "manager", "manager@example.org", "a-long-password-1", is_staff=True
    )
    manager.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    expert = make_expert("candidate@example.org", language="fr")

    with browser_page() as page:
        log_in(page, live_demo.url, "en", "manager", "a-long-password-1")
        page.goto(f"{live_demo.url}/en/admin/experts/expert/{expert.pk}/change/")
        assert page.console_errors == []
        assert_review_accessible(page)
        review = page.locator(".expert-review")
        review.get_by_label("Reject").check()
        # Without a reason the decision is refused, and says why.
        review.get_by_role("button", name="Record the decision").click()
        assert page.get_by_text("Give the reason: the expert will read it.").is_visible()
        assert_review_accessible(page)
        page.get_by_label("Reject").check()
        page.get_by_label("Reason").fill(REASON)
        page.get_by_role("button", name="Record the decision").click()
        page.wait_for_url(f"**/admin/experts/expert/{expert.pk}/change/")
        assert page.get_by_text("Decision recorded: Rejected.").is_visible()
        history = page.locator(".expert-review table")
        assert REASON in history.inner_text()
        assert "manager" in history.inner_text()
        assert own_errors(page) == []

    expert.refresh_from_db()
    assert expert.status == Expert.Status.REJECTED
    assert ExpertDecision.objects.get().reason == REASON
    mail.outbox.clear()
    run_due_tasks()
    (message,) = mail.outbox
    assert message.to == ["candidate@example.org"]
    assert message.subject == "Votre inscription sur la liste des experts"
    assert "Notre équipe a examiné votre inscription" in message.body
    assert REASON in message.body
    assert "/fr/roscab/update/" in message.body


def test_the_update_and_leave_pages_are_accessible_in_arabic(live_demo, experts_env):
    from experts import tokens

    expert = make_expert("candidate@example.org", language="ar")
    token = tokens.make_token(expert, tokens.UPDATE)
    with browser_page() as page:
        page.goto(f"{live_demo.url}/ar/roscab/update/{token}/")
        assert_accessible(page)
        page.locator("#leave-heading + p + p a").click()
        page.wait_for_url(f"**/ar/roscab/update/{token}/leave/")
        assert_accessible(page)
        page.get_by_role("button", name="احذف بياناتي وسيرتي الذاتية").click()
        page.wait_for_url("**/ar/roscab/left/")
        assert_accessible(page)
    assert not Expert.objects.filter(pk=expert.pk).exists()


def test_setting_inactive_from_the_list_asks_for_the_reason(live_demo, experts_env):
    manager = get_user_model().objects.create_user(
        "manager", "manager@example.org", "a-long-password-1", is_staff=True
    )
    manager.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    expert = make_expert("away@example.org", language="ar")
    with browser_page() as page:
        log_in(page, live_demo.url, "ar", "manager", "a-long-password-1")
        page.goto(f"{live_demo.url}/ar/admin/experts/expert/")
        page.locator(f"input[name=_selected_action][value='{expert.pk}']").check()
        page.select_option("select[name=action]", "set_inactive")
        page.locator("button[name=index]").click()
        assert page.get_by_role("heading", name="اذكر السبب").is_visible()
        assert_review_accessible(page)
        page.get_by_label("السبب").fill("غير متاح هذا العام.")
        page.get_by_role("button", name="تسجيل القرار").click()
        page.wait_for_url("**/ar/admin/experts/expert/")
        assert own_errors(page) == []
    decision = ExpertDecision.objects.get()
    assert (decision.status, decision.reason, decision.source) == (
        "inactive",
        "غير متاح هذا العام.",
        "list",
    )
