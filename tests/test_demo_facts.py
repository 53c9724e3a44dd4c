"""The demo content carries the facts of the sources (shared/seeds) and no claim they lack."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from activities.demo import ACTIVITIES
from activities.models import Activity
from programmes.demo import ORGANISATIONS, PROGRAMMES
from programmes.models import Programme


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


SIXTH = "diplomacy-cab-2022-humanitarian-diplomacy"

# Seed 001: the speakers and their roles, the partners, the figures, the format and the aims.
SIXTH_FACTS = {
    "en": [
        "Nabil Dabour, Director General of SESRIC",
        "Tarig Ali Bakheet, Assistant Secretary General of the OIC for Humanitarian, Social and "
        "Cultural Affairs",
        "Hissein Brahim Taha, Secretary General of the OIC",
        "Taha Ayhan, President of ICYF",
        "interactive lectures",
        "case studies",
        "twenty-first century",
        "97 junior diplomats",
        "30 OIC member states",
        "since 2017",
        "Diplomatic Academy of the Ministry of Foreign Affairs of Türkiye",
        "negotiation, advocacy and effective communication",
    ],
    "ar": [
        "نبيل دبور، المدير العام لسيسرك",
        "طارق علي بخيت، الأمين العام المساعد للشؤون الإنسانية والاجتماعية",
        "حسين إبراهيم طه، الأمين العام للمنظمة",
        "طه أيهان، رئيس منتدى شباب التعاون الإسلامي",
        "محاضرات تفاعلية",
        "دراسات حالة",
        "القرن الحادي والعشرين",
        "97 دبلوماسيا مبتدئا",
        "30 دولة عضوا",
        "منذ عام 2017",
        "الأكاديمية الدبلوماسية التابعة لوزارة الشؤون الخارجية التركية",
        "التفاوض والمناصرة والتواصل",
    ],
    "fr": [
        "Nabil Dabour, directeur général du SESRIC",
        "Tarig Ali Bakheet, secrétaire général adjoint de l'OCI chargé des affaires humanitaires",
        "Hissein Brahim Taha, secrétaire général de l'OCI",
        "Taha Ayhan, président de l'ICYF",
        "exposés interactifs",
        "études de cas",
        "XXI<sup>e</sup>\u00a0siècle",
        "97\u00a0jeunes diplomates",
        "30\u00a0États membres",
        "depuis 2017",
        "Académie diplomatique du ministère des Affaires étrangères de Turquie",
        "la négociation, le plaidoyer et une communication efficace",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_sixth_edition_article_carries_every_fact_of_seed_001(demo, language):
    # The sanitiser writes no-break spaces as &nbsp;.
    body = html.unescape(getattr(Activity.objects.get(slug=SIXTH), f"body_{language}"))
    missing = [fact for fact in SIXTH_FACTS[language] if fact not in body]
    assert not missing


@pytest.mark.django_db
def test_sixth_edition_page_names_the_speakers_in_each_language(demo, client):
    speakers = {
        "en": ["Nabil Dabour", "Tarig Ali Bakheet", "Hissein Brahim Taha", "Taha Ayhan"],
        "fr": ["Nabil Dabour", "Tarig Ali Bakheet", "Hissein Brahim Taha", "Taha Ayhan"],
        "ar": ["نبيل دبور", "طارق علي بخيت", "حسين إبراهيم طه", "طه أيهان"],
    }
    for language, names in speakers.items():
        page = client.get(url(language, "activities:detail", slug=SIXTH)).content.decode()
        assert all(name in page for name in names), language


# Claims the issue found in the demo content that no source supports.
UNSOURCED = [
    "MFA-DA",
    "partner academies",
    "académies partenaires",
    "أكاديميات شريكة",
    "negotiating access",
    "Social media",
    "heritage, education and the arts",
    "first one held online",
    "The first activity of the programme",
    "labour inspectors",
    "monetary authorities",
    "processing and trade of cotton",
    "by and for statistical",
    "National statistical offices",
    "CIDC",
    "de Türkiye",
]


def _demo_texts():
    for data in PROGRAMMES + ACTIVITIES:
        for value in data.values():
            if isinstance(value, tuple):
                yield from (part for part in value if isinstance(part, str))
            elif isinstance(value, str):
                yield value
    for organisation in ORGANISATIONS:
        yield from organisation


def test_demo_content_drops_the_unsourced_claims():
    texts = list(_demo_texts())
    found = [claim for claim in UNSOURCED if any(claim in text for text in texts)]
    assert not found


def test_demo_editions_only_where_the_sources_number_them():
    """Seed 000 numbers the 2020 (4th), 2021 (5th) and 2022 (6th) courses, no earlier one."""
    numbered = {data["slug"]: data.get("edition") for data in ACTIVITIES if data.get("edition")}
    assert numbered == {
        "diplomacy-cab-2022-humanitarian-diplomacy": 6,
        "diplomacy-cab-2021-cultural-diplomacy": 5,
        "diplomacy-cab-2020-digital-diplomacy": 4,
    }


@pytest.mark.django_db
def test_demo_partners_are_the_sourced_ones(demo):
    """ICDT partnered one Tourism-CaB webinar, not the programme; one academy, not several."""
    assert not Programme.objects.get(slug="tourism-cab").partners.exists()
    assert list(
        Programme.objects.get(slug="diplomacy-cab").partners.values_list("acronym", flat=True)
    ) == ["", "ICYF"]
    osh = Activity.objects.get(slug="osh-cab-2021-training-course")
    assert not osh.is_virtual  # the source gives no venue: not "Virtual" either
    webinar = Activity.objects.get(slug="tourism-cab-2022-webinar-icdt")
    assert list(webinar.partners.values_list("acronym", flat=True)) == ["ICDT"]
