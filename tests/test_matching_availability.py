"""Experts' availability dates: given through their link, filtered on, preferred by suggestions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from experts.groups import ROSTER_MANAGERS
from experts.models import Expert
from matching.models import Availability
from matching.suggestions import desired_period, suggest
from tests.matching_data.factories import (
    egypt_asks,
    make_expert,
    record_url,
    staff,
)

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def setting(matching_programme):
    mediation, protocol, _negotiation = matching_programme.subjects.order_by("order")
    next_year = timezone.localdate().year + 1
    _asker, request = egypt_asks(
        matching_programme, [mediation], desired_period=f"Second half of {next_year}"
    )
    return {
        "programme": matching_programme,
        "subjects": (mediation, protocol),
        "request": request,
        "year": next_year,
    }


def test_the_desired_period_reads_the_years_it_names():
    today = datetime.date(2026, 11, 30)
    assert desired_period("Second half of 2027", today)[:2] == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert desired_period("2027–2028", today)[:2] == (
        datetime.date(2027, 1, 1),
        datetime.date(2028, 12, 31),
    )
    # This year runs from today; no year, or only past years, mean "now".
    assert desired_period("2026", today).start == today
    assert desired_period("as soon as possible", today) == (today, today, False)
    assert desired_period("2019", today) == (today, today, False)
    assert desired_period("20271", today).from_request is False


def save_dates(client, address, available_from, available_until):
    """The expert saves the dates of the record page's availability form."""
    fields = {"availability-available_from": available_from}
    fields["availability-available_until"] = available_until
    return client.post(address, {"availability": "save", **fields})


@pytest.mark.django_db
def test_an_expert_gives_dates_through_their_link_and_a_wrong_order_is_refused(client, setting):
    expert = make_expert(1, setting["programme"], setting["subjects"])
    address = record_url(expert)
    body = client.get(address).content.decode()
    assert "When you can serve" in body and 'type="date"' in body

    wrong = save_dates(client, address, "2027-06-01", "2027-01-01")
    assert wrong.status_code == 400
    assert "cannot be before" in wrong.content.decode()
    assert not Availability.objects.exists()

    response = save_dates(client, address, "2027-01-01", "")
    assert response.status_code == 302
    given = Availability.objects.get(expert=expert)
    assert given.available_from == datetime.date(2027, 1, 1) and given.available_until is None
    assert "2027-01-01" in client.get(address).content.decode()
    with translation.override("ar"):
        arabic = client.get(record_url(expert)).content.decode()
    assert "متى يمكنك المشاركة" in arabic
    assert "متوفر من" in arabic
    # Nonsense is a form error, never a 500.
    assert (
        client.post(address, {"availability": "x", "availability-available_from": "zz"}).status_code
        == 400
    )


@pytest.mark.django_db
def test_suggestions_prefer_experts_available_in_the_desired_period_and_say_why(
    client, setting, django_assert_num_queries
):
    programme, subjects, year = setting["programme"], setting["subjects"], setting["year"]
    away = make_expert(1, programme, subjects, languages=[("fr", "native")], years_of_experience=30)
    Availability.objects.create(expert=away, available_until=datetime.date(year - 1, 12, 31))
    free = make_expert(2, programme, subjects, languages=[("fr", "native")], years_of_experience=2)
    Availability.objects.create(expert=free, available_from=datetime.date(year, 3, 1))
    silent = make_expert(
        3, programme, subjects, languages=[("fr", "native")], years_of_experience=1
    )
    english = make_expert(4, programme, subjects, languages=[("en", "native")])

    with django_assert_num_queries(5):
        found = suggest(setting["request"]).experts
    assert [item.expert for item in found] == [free, silent, away, english]
    assert [item.available for item in found] == [True, True, False, True]
    assert found[0].available_from == datetime.date(year, 3, 1)

    client.force_login(staff("roster", ROSTER_MANAGERS))
    body = client.get(
        reverse("admin:cooperation_torrequest_change", args=[setting["request"].pk])
    ).content.decode()
    assert body.count("Available in the request's desired period") == 3
    assert body.count("Not available in the request's desired period") == 1
    assert f'until <bdi dir="ltr">{year - 1}-12-31</bdi>' in body


@pytest.mark.django_db
def test_roster_managers_filter_experts_available_now_or_in_a_year(client, setting):
    programme, subjects = setting["programme"], setting["subjects"]
    today = timezone.localdate()
    later = make_expert(1, programme, subjects, given_name="Later")
    Availability.objects.create(expert=later, available_from=today + datetime.timedelta(days=400))
    now = make_expert(2, programme, subjects, given_name="Nowadays")
    Availability.objects.create(expert=now, available_until=today)
    make_expert(3, programme, subjects, given_name="Silent")
    make_expert(4, programme, subjects, given_name="Gone", status=Expert.Status.INACTIVE)
    client.force_login(staff("roster", ROSTER_MANAGERS, is_superuser=True))
    listing = reverse("admin:experts_expert_changelist")

    def names(value):
        response = client.get(listing, {"available": value})
        assert response.status_code == 200
        return {expert.given_name for expert in response.context["cl"].result_list}

    assert names("now") == {"Nowadays", "Silent"}
    assert names(str(today.year + 2)) == {"Later", "Silent"}
    assert names("dates") == {"Later", "Nowadays"}
    assert names("nonsense") == {"Later", "Nowadays", "Silent", "Gone"}

    page = client.get(reverse("admin:experts_expert_change", args=[later.pk])).content.decode()
    assert "Available from" in page or "available from" in page
