"""Public needs and capacities: country level, accepted focal points only, cached, mirrored."""

import itertools

import pytest
from django.utils import timezone, translation

from cooperation.models import (
    FocalPoint,
    Institution,
    QuestionnaireAnswer,
    SubjectAnswer,
)
from programmes.models import DocumentKind, Programme
from tests.cooperation_data.support import make_focal_point, make_tor_request, url
from tests.experts_data.support import make_programme


@pytest.fixture
def programme(db):
    with translation.override("en"):
        return make_programme(subjects=("Mediation", "Protocol"))


NUMBERS = itertools.count(1)


def answering(programme, country, *, accepted=True, needs=("Mediation",), offers=()):
    number = next(NUMBERS)
    focal_point = make_focal_point(
        country,
        f"Institution {number}",
        name=f"Secret Person {number}",
        email=f"person{number}@example.org",
        language="en",
        accepted=accepted,
    )
    institution = focal_point.institution
    answer = QuestionnaireAnswer.objects.create(
        institution=institution, programme=programme, focal_point=focal_point
    )
    for subject in programme.subjects.all():
        SubjectAnswer.objects.create(
            answer=answer,
            subject=subject,
            needs_training=subject.name_en in needs,
            priority="high" if subject.name_en in needs else "",
            can_provide=subject.name_en in offers,
        )
    return institution


@pytest.mark.django_db
def test_countries_needing_and_offering_count_accepted_focal_points_only(client, programme):
    answering(programme, "SN", offers=("Protocol",))
    answering(programme, "SN")  # a second institution of the same country counts once
    answering(programme, "JO", needs=("Mediation", "Protocol"))
    answering(programme, "MY", accepted=False, needs=("Protocol",), offers=("Mediation",))
    page = client.get(url("cooperation:needs", slug=programme.slug)).content.decode()
    assert '<th scope="row"><bdi>Mediation</bdi></th><td>2</td><td>–</td>' in page
    assert '<th scope="row"><bdi>Protocol</bdi></th><td>1</td><td>Senegal</td>' in page
    assert "Malaysia" not in page
    assert "Secret Person" not in page and "Institution " not in page
    assert "<svg" in page
    assert "Demonstration:" not in page

    arabic = client.get(url("cooperation:needs", "ar", slug=programme.slug)).content.decode()
    assert 'dir="rtl"' in arabic and "السنغال" in arabic


@pytest.mark.django_db
def test_the_programme_page_shows_the_figures_and_leads_online(client, programme):
    answering(programme, "SN")
    with translation.override("en"):
        address = programme.get_absolute_url()
    page = client.get(address).content.decode()
    assert url("cooperation:register") in page
    assert url("cooperation:needs", slug=programme.slug) in page
    assert f'<a href="{url("cooperation:link")}">Ask for a new link</a>' in page
    assert "Upload the file from your institution" in page
    assert '<th scope="row"><bdi>Mediation</bdi></th><td>1</td>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("countries", [["SN"], ["SN", "JO", "MY", "MA", "EG", "TR"]])
def test_the_needs_page_takes_constant_queries(
    client, programme, countries, django_assert_num_queries
):
    for country in countries:
        answering(programme, country, offers=("Protocol",))
    client.get(url("cooperation:needs", slug=programme.slug))
    # programme, subjects, answers, whatever the answers (a GET reads in autocommit)
    with django_assert_num_queries(3):
        client.get(url("cooperation:needs", "fr", slug=programme.slug))


@pytest.mark.django_db(transaction=True)  # the generation is bumped after a real commit
def test_accepting_a_focal_point_refreshes_the_cached_page(programme):
    from core import freshness

    before = freshness.current_generation()
    institution = answering(programme, "SN", accepted=False)
    assert freshness.current_generation() == before  # unaccepted answers touch no cache
    from cooperation import services

    services.accept(FocalPoint.objects.filter(institution=institution), None)
    assert freshness.current_generation() != before


@pytest.mark.django_db(transaction=True)
def test_an_institution_s_new_country_reaches_the_programme_page_at_once(client, programme):
    institution = answering(programme, "SN", offers=("Protocol",))
    page = url("programmes:detail", slug=programme.slug)
    assert "Senegal" in client.get(page).content.decode()
    assert "Senegal" in client.get(page).content.decode()  # now from the fragment cache

    institution.country = "JO"
    institution.save()

    content = client.get(page).content.decode()
    assert "Jordan" in content and "Senegal" not in content


@pytest.mark.django_db
def test_the_demo_is_said_to_be_a_demonstration(client, demo):
    programme = Programme.objects.active().filter(subjects__isnull=False).first()
    page = client.get(url("cooperation:needs", slug=programme.slug)).content.decode()
    assert "Demonstration: these figures come from fictitious institutions" in page
    assert "<svg" in page
    names = Institution.objects.values_list("name_en", flat=True)
    assert names and all("Demonstration" in name and "fictitious" in name for name in names)
    assert Institution.objects.filter(is_demo=False).count() == 0


@pytest.mark.django_db
def test_statistics_show_requests_received_and_implemented_per_year(client, programme):
    institution = answering(programme, "SN")
    kind = DocumentKind.objects.create(slug="tor-x", name="ToR", category="tor")
    for year, state in ((2025, "implemented"), (2025, "declined"), (2026, "received")):
        make_tor_request(
            institution.focal_points.get(),
            programme,
            kind,
            state=state,
            created_at=timezone.now().replace(year=year, month=6, day=1),
        )
    page = client.get(url("website:statistics")).content.decode()
    received = page.split('id="chart-requests-received-caption"')[1].split("</figure>")[0]
    implemented = page.split('id="chart-requests-implemented-caption"')[1].split("</figure>")[0]
    assert "<bdi>2025</bdi></th><td>2</td>" in received.replace(' class="acronym"', "")
    assert "<bdi>2026</bdi></th><td>1</td>" in received.replace(' class="acronym"', "")
    assert "<bdi>2025</bdi></th><td>1</td>" in implemented.replace(' class="acronym"', "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Égypte, Jordanie, Malaisie"), ("ar", "الأردن، ماليزيا، مصر")],
)
def test_offering_countries_in_reading_order_with_the_languages_separator(
    client, programme, language, expected
):
    for country in ("MY", "EG", "JO"):
        answering(programme, country, offers=("Protocol",))
    page = client.get(url("cooperation:needs", language, slug=programme.slug)).content.decode()
    assert f"<td>{expected}</td>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["programmes:downloads", "website:contact"])
def test_pages_offering_the_documents_lead_online_too(client, programme, page, language):
    """Wherever the questionnaires and ToR are offered to fill in, the way to send them online
    is given, in the page's language."""
    content = client.get(url(page, language)).content.decode()
    assert f'<a href="{url("cooperation:register", language)}">' in content
    assert f'<a href="{url("cooperation:link", language)}">' in content
    expected = {"en": "register your institution", "ar": "سجّل مؤسستك", "fr": "inscrivez votre"}
    assert expected[language] in content
