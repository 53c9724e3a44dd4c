"""The admin's main pages are axe-clean (whole page, WCAG 2.1 AA) under the strict CSP, in the
three languages, with the demo content: dashboard, lists and change forms."""

import pytest

from activities.models import Activity
from cooperation.models import Institution, TorRequest
from experts.models import Expert
from programmes.models import Document, DocumentKind, Programme
from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import assert_accessible, browser_page, log_in
from tests.experts_data.support import make_expert

pytestmark = pytest.mark.browser

MODELS = [Programme, Document, Activity, Expert, Institution, TorRequest]


@pytest.fixture(scope="module")
def personal_rows(demo_site, django_db_blocker):
    """The demo has no expert nor ToR request (personal data): one of each for their pages."""
    with django_db_blocker.unblock():
        make_expert("axe-expert@example.org", language="ar")
        institution = Institution.objects.create(
            country="SN", name="Demonstration Agency for Statistics", kind="agency"
        )
        programme = Programme.objects.order_by("pk").first()
        request = TorRequest.objects.create(
            institution=institution,
            programme=programme,
            kind=DocumentKind.objects.filter(category="tor").first(),
            objectives="Learn how protocol departments prepare official visits.",
            desired_period="Second half of 2027",
            participants=12,
            participant_profile="Protocol officers",
            language="fr",
            mode="in_person",
        )
        request.subjects.set(programme.subjects.all()[:1])


def admin_pages(language):
    yield f"/{language}/admin/"
    for model in MODELS:
        opts = model._meta
        base = f"/{language}/admin/{opts.app_label}/{opts.model_name}/"
        yield base
        first = model._default_manager.order_by("pk").first()
        # The change form of a demo row; the add form (same widgets) where the demo has none.
        yield f"{base}{first.pk}/change/" if first else f"{base}add/"


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_admin_pages_are_axe_clean_under_the_csp(demo_site, staff_user, personal_rows, language):
    assert Activity.objects.exists(), "the demo must have activities (photos, article)"
    failures = []
    with browser_page() as page:
        log_in(page, demo_site.url, language, STAFF_USERNAME, STAFF_PASSWORD)
        for path in admin_pages(language):
            response = page.goto(demo_site.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            # Every page is checked, and every failure reported at once.
            try:
                assert_accessible(page)
            except AssertionError as failure:
                failures.append(str(failure))
            page.console_errors.clear()
    assert failures == [], "\n".join(failures)
