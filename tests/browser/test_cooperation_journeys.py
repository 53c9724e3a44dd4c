"""Ministries answer online, in a real browser, following the links of the e-mails they get.

An Arabic ministry goes from the programme page to its answers counting in the public figures;
a French agency sends Terms of Reference and follows the state that staff change in the admin.
Both write, so they run on live_demo (their own demo, emptied after each).
"""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext

from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import (
    CompletedFile,
    FocalPoint,
    Institution,
    QuestionnaireAnswer,
    TorRequest,
)
from programmes.models import DocumentKind, Programme
from tests.browser.support import assert_accessible, browser_page, log_in
from tests.conftest import run_due_tasks
from tests.experts_data.support import PDF_BYTES

STAFF = ("coop-staff", "coop-staff-password")


def tr(language, text):
    with translation.override(language):
        return gettext(text)


def mails_sent():
    """Run the queued tasks as the worker would; the messages they sent, then forget them.

    (The ORM runs in Playwright's greenlet here: its connection is closed at once.)
    """
    run_due_tasks()
    connections.close_all()
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def link_in(message, path):
    return re.search(rf"https?://\S+{re.escape(path)}\S+", message.body).group(0)


def staff_user():
    """A member of the Cooperation managers group (created by migration), nothing more."""
    user = get_user_model().objects.create_user(
        STAFF[0], "coop-staff@example.org", STAFF[1], is_staff=True
    )
    user.groups.add(Group.objects.get(name=COOPERATION_MANAGERS))
    connections.close_all()
    return user


def test_an_arabic_ministry_answers_the_questionnaire_from_the_programme_page(live_demo, settings):
    settings.SITE_URL = live_demo.url  # the site's one address, which e-mail links are built on
    settings.COOPERATION_FORM_RATE = "1000/h"
    staff_user()
    base = live_demo.url
    with browser_page() as page:
        page.goto(f"{base}/ar/programmes/diplomacy-cab/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.get_by_role("link", name=tr("ar", "Answer the questionnaire online")).click()
        page.wait_for_url(f"{base}/ar/cooperation/register/")
        assert page.locator("h1").inner_text() == "أجب باسم مؤسستك"
        assert_accessible(page)

        # A mistake first: the form says what to correct, in Arabic, and keeps what was typed.
        page.fill("#id_institution", "وزارة التخطيط (للعرض التوضيحي)")
        page.get_by_role("button", name=tr("ar", "Register")).click()
        assert page.locator("#error-summary").is_visible()
        assert page.input_value("#id_institution") == "وزارة التخطيط (للعرض التوضيحي)"
        assert_accessible(page)

        page.select_option("#id_country", "TN")
        page.select_option("#id_kind", "ministry")
        page.fill("#id_name", "سلمى بن علي")
        page.fill("#id_position", "مديرة التكوين")
        page.fill("#id_email", "salma@example.org")
        page.get_by_role("button", name=tr("ar", "Register")).click()
        page.wait_for_url(f"{base}/ar/cooperation/sent/")
        assert_accessible(page)

        [message] = mails_sent()
        assert message.to == ["salma@example.org"]
        assert (
            message.subject
            == tr("ar", "Confirm your e-mail address")
            != ("Confirm your e-mail address")
        )
        page.goto(link_in(message, "/ar/cooperation/confirm/"))
        assert_accessible(page)
        focal_point = FocalPoint.objects.get(email="salma@example.org")
        connections.close_all()
        assert not focal_point.is_confirmed  # opening the page is not confirming
        page.get_by_role("button", name=tr("ar", "Confirm my address")).click()
        page.wait_for_url(re.compile(r".*/ar/cooperation/space/[^/]+/$"))
        assert "وزارة التخطيط (للعرض التوضيحي)" in page.locator("main").inner_text()
        assert_accessible(page)
        [to_managers] = mails_sent()
        assert to_managers.to == ["coop-staff@example.org"]

    # Staff accept the focal point in the admin; the ministry is told, in Arabic.
    with browser_page() as staff:
        log_in(staff, base, "en", *STAFF)
        staff.goto(f"{base}/en/admin/cooperation/focalpoint/?state=awaiting")
        staff.locator(f"input.action-select[value='{focal_point.pk}']").check()
        staff.select_option("select[name=action]", "accept")
        staff.locator("button[name=index]").click()
        assert "1 focal point accepted." in staff.locator(".messagelist").inner_text()
    [accepted] = mails_sent()
    assert accepted.to == ["salma@example.org"]
    assert accepted.subject == tr("ar", "Your institution's answers now count")

    with browser_page() as page:
        page.goto(link_in(accepted, "/ar/cooperation/space/"))
        page.get_by_role("link", name=re.compile("الدبلوماسية")).first.click()
        page.wait_for_url(
            re.compile(r".*/ar/cooperation/space/[^/]+/questionnaire/diplomacy-cab/$")
        )
        assert_accessible(page)
        subjects = page.locator("fieldset.cooperation-subject")
        count = subjects.count()
        assert count >= 2
        for index in range(count):
            subject = subjects.nth(index)
            first, last = index == 0, index == count - 1
            subject.locator("input[name^=need_][value=%s]" % ("yes" if first else "no")).check()
            if first:
                subject.locator("select[name^=priority_]").select_option("high")
            subject.locator("input[name^=provide_][value=%s]" % ("yes" if last else "no")).check()
            if last:
                subject.locator("textarea[name^=offer_]").fill("مدرّبان لدورة مدتها أسبوع")
        page.locator("textarea[name^=question_]").first.fill("إدارة المراسم")
        page.get_by_role("button", name=tr("ar", "Save the answers")).click()
        page.wait_for_url(re.compile(r".*/questionnaire/diplomacy-cab/\?saved=1$"))
        assert page.get_by_role("status").inner_text() == tr(
            "ar", "Thank you: your answers are saved."
        )
        assert_accessible(page)

        # The answers count: Tunisia now offers the last subject on the public page.
        page.goto(f"{base}/ar/cooperation/needs/diplomacy-cab/")
        last_row = page.locator(".cooperation-needs tbody tr").last
        assert "تونس" in last_row.locator("td").last.inner_text()

    answer = QuestionnaireAnswer.objects.get(institution__country="TN")
    assert answer.focal_point.counts and answer.focal_point.language == "ar"
    assert answer.revisions.get().snapshot["language"] == "ar"
    assert not Institution.objects.get(country="TN").is_demo


def test_a_french_agency_sends_terms_of_reference_and_follows_their_state(live_demo, settings):
    settings.SITE_URL = live_demo.url
    settings.COOPERATION_FORM_RATE = "1000/h"
    staff_user()
    base = live_demo.url
    institution = Institution.objects.create(
        country="SN", name="Agence de démonstration de la statistique", kind="agency"
    )
    FocalPoint.objects.create(
        institution=institution,
        name="Awa Diop",
        email="awa@example.org",
        language="fr",
        confirmed_at=timezone.now(),
        accepted_at=timezone.now(),
        link_version=1,
    )
    connections.close_all()

    with browser_page() as page:
        # Back through a fresh link: the agency gives its address, the link comes by e-mail.
        page.goto(f"{base}/fr/cooperation/link/")
        assert_accessible(page)
        page.fill("#id_email", "awa@example.org")
        page.get_by_role("button", name=tr("fr", "Send me a link")).click()
        page.wait_for_url(f"{base}/fr/cooperation/sent/")
        [message] = mails_sent()
        assert message.subject == tr("fr", "Your link to the SESRIC Capacity Building Programmes")
        assert message.subject.startswith("Votre lien")
        space = link_in(message, "/fr/cooperation/space/")

        page.goto(space)
        assert_accessible(page)
        page.locator("a[href*='/request/osh-cab/']").click()
        page.wait_for_url(re.compile(r".*/fr/cooperation/space/[^/]+/request/osh-cab/$"))
        assert_accessible(page)
        page.select_option("#id_kind", label="Termes de référence des visites d'étude")
        # OSH-CaB's main subjects are not published: the request is sent without them.
        assert page.locator("input[name=subjects]").count() == 0
        page.fill("#id_objectives", "Découvrir l'organisation d'une inspection du travail.")
        page.fill("#id_desired_period", "Second semestre 2027")
        page.fill("#id_participants", "0")
        page.fill("#id_participant_profile", "Inspecteurs du travail")
        page.select_option("#id_language", "fr")
        page.select_option("#id_mode", "in_person")
        page.get_by_role("button", name=tr("fr", "Send the request")).click()
        # Zero participants: refused in French, everything else kept.
        assert page.locator("#error-summary").is_visible()
        assert page.input_value("#id_desired_period") == "Second semestre 2027"
        assert_accessible(page)
        page.fill("#id_participants", "12")
        page.get_by_role("button", name=tr("fr", "Send the request")).click()
        page.wait_for_url(re.compile(r".*/fr/cooperation/space/[^/]+/\?sent=1$"))
        row = page.locator("table tbody tr")
        assert row.count() == 1
        assert row.locator("td").last.inner_text() == "Reçue"
        assert_accessible(page)
        [received] = mails_sent()
        assert received.to == ["awa@example.org"]
        assert received.subject == "Votre demande\u00a0: Reçue"

        # Staff move it on in the admin; the agency gets a French e-mail and sees the new state.
        tor_request = TorRequest.objects.get()
        connections.close_all()
        with browser_page() as staff:
            log_in(staff, base, "en", *STAFF)
            staff.goto(f"{base}/en/admin/cooperation/torrequest/")
            staff.locator(f"input.action-select[value='{tor_request.pk}']").check()
            staff.select_option("select[name=action]", "move_to_under_review")
            staff.locator("button[name=index]").click()
            assert "1 request changed." in staff.locator(".messagelist").inner_text()
        [changed] = mails_sent()
        assert changed.to == ["awa@example.org"]
        assert changed.subject == "Votre demande\u00a0: En cours d’examen"
        assert link_in(changed, "/fr/cooperation/space/")

        page.goto(space)
        assert page.locator("table tbody tr td").last.inner_text() == "En cours d’examen"
        assert_accessible(page)


def test_staff_download_a_completed_questionnaire_and_record_its_answers(
    live_demo, settings, experts_env
):
    """In the Arabic admin, under the strict CSP: the file comes through the protected path, the
    answers typed in become the institution's, and their history says where they came from."""
    staff_user()
    focal_point = FocalPoint.objects.get(email="demo-focal-point-2@example.org")
    completed = CompletedFile(
        institution=focal_point.institution,
        programme=Programme.objects.get(slug="diplomacy-cab"),
        kind=DocumentKind.objects.get(slug="questionnaire"),
        focal_point=focal_point,
        file_name="استبيان.pdf",
    )
    completed.file.save("x.pdf", ContentFile(PDF_BYTES), save=False)
    completed.save()
    connections.close_all()
    base = live_demo.url
    with browser_page() as staff:
        log_in(staff, base, "ar", *STAFF)
        staff.goto(f"{base}/ar/admin/cooperation/completedfile/{completed.pk}/change/")
        with staff.expect_download() as download:
            staff.get_by_role("link", name="استبيان.pdf").click()
        assert Path(download.value.path()).read_bytes() == PDF_BYTES
        staff.get_by_role("link", name=tr("ar", "Record the answers of this file")).click()
        staff.wait_for_url(re.compile(r".*/completedfile/\d+/record/$"))
        assert staff.locator("html").get_attribute("dir") == "rtl"
        # The form starts from the demo answers: only the first subject's offer is changed.
        first = staff.locator("fieldset.module").first
        first.locator("input[name^=provide_][value=yes]").check()
        first.locator("textarea[name^=offer_]").fill("خبيران في التفاوض (من الملف)")
        staff.locator(".submit-row input[type=submit]").click()
        staff.wait_for_url(re.compile(r".*/questionnaireanswer/\d+/change/$"))
        history = staff.locator("#content-main").inner_text()
        assert "استبيان.pdf" in history and STAFF[0] in history
        assert staff.console_errors == []  # no CSP violation, no script error

    completed.refresh_from_db()
    assert completed.recorded
    answer = QuestionnaireAnswer.objects.get(
        institution=focal_point.institution, programme=completed.programme
    )
    assert answer.subjects.first().offer == "خبيران في التفاوض (من الملف)"
    assert answer.revisions.get().recorded_by.username == STAFF[0]
