"""A roster manager matches an Arabic ministry's request with a French-speaking expert and a
provider country, turns it into an activity dated in the past and publishes it; once the daily
task has run, the ministry's focal point sees "implemented" in Arabic. axe-core on the way."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation

from cooperation import tokens
from cooperation.models import TorRequest
from experts.groups import ROSTER_MANAGERS
from matching.models import ActivityExpert
from programmes.models import Programme
from tests.browser.support import WCAG_21_AA, assert_accessible, browser_page, load_axe, log_in
from tests.matching_data.factories import focal_point, make_expert, tor_request
from website.groups import CONTENT_EDITORS

PASSWORD = "a-long-password-1"


def admin_accessible(page):
    """axe-core on an admin page, its CSS preload off: on the request's admin page the preload
    inserts a <style> element that the site's CSP refuses (an error of the tool, not of the
    page, which has none of its own: checked first). css-orientation-lock is then not run."""
    assert page.console_errors == []
    load_axe(page)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "resultTypes": ["violations"],
        "preload": False,
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    violations = [
        (violation["id"], [node["html"][:200] for node in violation["nodes"]][:3])
        for violation in results["violations"]
    ]
    assert violations == [], page.url
    assert page.console_errors == []


def test_a_request_matched_scheduled_published_and_implemented(live_demo):
    programme = Programme.objects.get(slug="diplomacy-cab")
    subjects = list(programme.subjects.all()[:2])
    asker = focal_point("EG", "Demonstration ministry (fictitious)", "eg@example.org", "ar")
    request = tor_request(asker, programme, subjects, language="fr")
    expert = make_expert(1, programme, subjects, languages=[("fr", "native")], given_name="Camille")
    make_expert(2, programme, subjects, languages=[("en", "fluent")], given_name="Omar")
    user = get_user_model().objects.create_user(
        "matcher", "matcher@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(*Group.objects.filter(name__in=[ROSTER_MANAGERS, CONTENT_EDITORS]))
    base = live_demo.url
    past = timezone.localdate() - datetime.timedelta(days=30)

    with browser_page() as page:
        log_in(page, base, "en", "matcher", PASSWORD)
        page.goto(f"{base}/en/admin/cooperation/torrequest/{request.pk}/change/")
        experts = page.locator("#matching-title ~ form table").last
        # The French speaker first: the request's language comes first.
        assert "Camille" in experts.locator("tbody tr").first.inner_text()
        assert "Works in the request's language, French (Native)" in experts.inner_text()
        admin_accessible(page)

        page.get_by_label("Camille Demonstration").check()
        page.select_option("#id_countries", ["TR"])
        page.get_by_role("button", name="Match the request").click()
        page.wait_for_url(f"**/torrequest/{request.pk}/change/")
        assert "The request is matched" in page.locator(".messagelist").inner_text()

        page.get_by_role("link", name="Create the activity").click()
        page.wait_for_url(f"**/torrequest/{request.pk}/activity/")
        admin_accessible(page)
        page.fill("#id_title", "Course on official visits")
        page.fill("#id_start_date", (past - datetime.timedelta(days=2)).isoformat())
        page.fill("#id_end_date", past.isoformat())
        page.get_by_role("button", name="Create the activity").click()
        page.wait_for_url("**/admin/activities/activity/*/change/")
        page.locator("input[name=_publish]").click()
        page.wait_for_url("**/admin/activities/activity/**")
        assert page.console_errors == []

    request.refresh_from_db()
    assert request.state == TorRequest.State.SCHEDULED
    activity = request.match.activity
    activity.refresh_from_db()
    assert activity.is_published
    assert [c.code for c in activity.provider_countries] == ["TR"]
    assert [c.code for c in activity.member_countries] == ["EG"]
    assert ActivityExpert.objects.get(activity=activity).expert == expert

    call_command("mark_implemented_requests", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    request.refresh_from_db()
    assert request.state == TorRequest.State.IMPLEMENTED

    with browser_page() as page:
        token = tokens.make_token(asker, tokens.SPACE)
        page.goto(f"{base}/ar/cooperation/space/{token}/")
        with translation.override("ar"):
            implemented = str(TorRequest.State.IMPLEMENTED.label)
        assert implemented in page.locator("main").inner_text()
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_accessible(page)

        page.goto(f"{base}/ar{activity.get_absolute_url()[3:]}")
        facts = page.locator(".activity__facts").inner_text()
        assert "تركيا" in facts and "مصر" in facts
        assert "Camille" not in facts  # not named without consent
        assert_accessible(page)

        # What the numbers say: the flows chart has the activity's row, mirrored in Arabic.
        page.goto(f"{base}/ar/statistics/")
        row = page.locator("#chart-flows-caption ~ svg g").filter(
            has_text=f"{programme.acronym} {past.year}"
        )
        providers = row.locator(".flows-chart__bar--providers").bounding_box()
        beneficiaries = row.locator(".flows-chart__bar--beneficiaries").bounding_box()
        label = row.locator(".chart__label").bounding_box()
        # One country on each side: bars of the same length (the hatched one has an outline).
        assert providers["width"] > 0 and abs(providers["width"] - beneficiaries["width"]) < 3
        assert label["x"] > providers["x"] + providers["width"] - 1  # bars grow leftwards
        assert "تركيا" in page.locator(".flows-table").inner_text()
        assert_accessible(page)


def test_an_expert_who_agreed_to_an_older_text_confirms_the_current_one_in_arabic(live_demo):
    from matching.consent import NAMING_CONSENT_VERSION
    from matching.models import NamingConsent
    from tests.matching_data.factories import record_url

    programme = Programme.objects.get(slug="diplomacy-cab")
    expert = make_expert(1, programme, [], given_name="Camille")
    NamingConsent.objects.create(
        expert=expert, consent_version="2025-01-15", given_at=timezone.now()
    )
    with translation.override("ar"):
        renew = translation.gettext("I agree to the current text")

    with browser_page() as page:
        page.goto(f"{live_demo.url}{record_url(expert, 'ar')}")
        assert "2025-01-15" in page.locator("main").inner_text()
        assert_accessible(page)
        with page.expect_navigation():
            page.get_by_role("button", name=renew).click()
        assert page.get_by_role("button", name=renew).count() == 0
        assert_accessible(page)

    assert NamingConsent.objects.get(expert=expert).consent_version == NAMING_CONSENT_VERSION
