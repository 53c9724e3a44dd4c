"""The OIC member states are reference data, offered first (or only) and sorted for the reader."""

import re

import pytest
from django.conf import settings
from django.core import checks

from core.checks import oic_member_states
from core.collation import collation_key

pytestmark = pytest.mark.django_db

LIST_OPTIONS = re.compile(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>')


def select_html(html, name):
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_setting_lists_the_57_member_states():
    assert len(set(settings.OIC_MEMBER_STATES)) == 57
    assert oic_member_states(None) == []
    assert {"TR", "SA", "ID", "PS", "GY", "SR", "AL"} <= set(settings.OIC_MEMBER_STATES)


def test_a_wrong_list_is_refused_at_start(settings):
    settings.OIC_MEMBER_STATES = (*settings.OIC_MEMBER_STATES[:-1], "XX")
    errors = oic_member_states(None)
    assert [error.id for error in errors] == ["core.E001"]
    assert isinstance(errors[0], checks.Error) and "XX" in errors[0].msg


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_an_activity_reaches_member_states_only_sorted_in_the_admins_language(
    admin_client, language
):
    html = admin_client.get(f"/{language}/admin/activities/activity/add/").content.decode()
    reached = LIST_OPTIONS.findall(select_html(html, "member_countries"))
    assert {code for code, _name in reached} == set(settings.OIC_MEMBER_STATES)
    names = [name for _code, name in reached]
    assert names == sorted(names, key=collation_key)


def test_the_venue_offers_member_states_first(admin_client):
    html = admin_client.get("/ar/admin/activities/activity/add/").content.decode()
    venue = select_html(html, "country")
    members, others = venue.split("<optgroup", 2)[1:]
    assert {code for code, _name in LIST_OPTIONS.findall(members)} == set(
        settings.OIC_MEMBER_STATES
    )
    assert "JP" in dict(LIST_OPTIONS.findall(others))
    # Arabic names in Arabic alphabetical order (hamza forms folded to their alif).
    arabic = [name for _code, name in LIST_OPTIONS.findall(members)]
    assert arabic == sorted(arabic, key=collation_key)
    assert arabic.index("تركيا") < arabic.index("مصر")
