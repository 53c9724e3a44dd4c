"""Activities record the cooperation publicly: countries always, experts' names by consent."""

import pytest
from django.urls import reverse
from django.utils import translation

from activities.models import Activity
from experts import tokens
from experts.groups import ROSTER_MANAGERS
from matching import services
from matching.consent import NAMING_CONSENT_VERSION
from matching.models import ActivityExpert, NamingConsent
from matching.views import set_naming_consent
from tests.matching_data.factories import (
    cooperation_activity,
    focal_point,
    make_expert,
    record_url,
    staff,
    tor_request,
)

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def served(matching_programme):
    programme = matching_programme
    expert = make_expert(1, programme, list(programme.subjects.all()), given_name="Leila")
    activity = cooperation_activity(
        programme, "Course on protocol", is_published=True, member_countries=["EG", "SN"]
    )
    ActivityExpert.objects.create(activity=activity, expert=expert, role="lead_trainer")
    return {"programme": programme, "expert": expert, "activity": activity}


def page(client, activity, language="en"):
    with translation.override(language):
        address = reverse("activities:detail", kwargs={"slug": activity.slug})
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_public_page_shows_provider_and_beneficiary_countries_but_no_name_without_consent(
    client, served
):
    body = page(client, served["activity"])
    assert "Provider countries" in body and "Türkiye" in body
    assert "Egypt" in body and "Senegal" in body
    assert "Leila" not in body
    arabic = page(client, served["activity"], "ar")
    with translation.override("ar"):
        from django_countries import countries

        assert countries.name("TR") in arabic


@pytest.mark.django_db
def test_an_expert_gives_and_withdraws_consent_through_the_update_link(client, served):
    expert = served["expert"]
    address = record_url(expert)
    body = client.get(address).content.decode()
    assert "Course on protocol" in body and "Lead trainer" in body
    assert "I agree to be named" in body

    assert client.post(address, {"naming": "give"}).status_code == 302
    consent = NamingConsent.objects.get(expert=expert)
    assert consent.consent_version == NAMING_CONSENT_VERSION and consent.is_given
    assert "Leila Demonstration (Lead trainer)" in page(client, served["activity"])

    client.post(address, {"naming": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Leila" not in page(client, served["activity"])


def test_the_notice_version_is_the_date_its_wording_was_written():
    """Not a date to come: the version is when the current text of the notice was written."""
    import datetime

    from django.utils import timezone

    assert datetime.date.fromisoformat(NAMING_CONSENT_VERSION) <= timezone.localdate()


@pytest.mark.django_db
def test_a_consent_to_an_older_text_stays_valid_and_can_be_renewed_or_withdrawn(client, served):
    from django.utils import timezone

    expert = served["expert"]
    given = timezone.now() - timezone.timedelta(days=400)
    NamingConsent.objects.create(expert=expert, consent_version="2025-01-15", given_at=given)
    address = record_url(expert)

    # Still named on the public page: the consent given to the older text holds.
    assert "Leila Demonstration (Lead trainer)" in page(client, served["activity"])
    body = client.get(address).content.decode()
    assert "You agreed to the version of <bdi>2025-01-15</bdi> of this text" in body
    assert f"the text above is the version of <bdi>{NAMING_CONSENT_VERSION}</bdi>" in body
    assert 'value="give">I agree to the current text</button>' in body
    assert 'value="withdraw">Withdraw my agreement</button>' in body

    # One click records the current version; the page then offers only to withdraw.
    assert client.post(address, {"naming": "give"}).status_code == 302
    consent = NamingConsent.objects.get(expert=expert)
    assert consent.consent_version == NAMING_CONSENT_VERSION and consent.is_given
    assert consent.given_at > given
    body = client.get(address).content.decode()
    assert "You agreed to the version of" not in body and "I agree to the current text" not in body
    assert 'value="withdraw">Withdraw my agreement</button>' in body


@pytest.mark.django_db
def test_an_expert_who_agreed_to_an_older_text_can_withdraw(client, served):
    from django.utils import timezone

    expert = served["expert"]
    NamingConsent.objects.create(
        expert=expert, consent_version="2025-01-15", given_at=timezone.now()
    )
    assert client.post(record_url(expert), {"naming": "withdraw"}).status_code == 302
    consent = NamingConsent.objects.get(expert=expert)
    assert consent.withdrawn_at is not None and consent.consent_version == "2025-01-15"
    assert "Leila" not in page(client, served["activity"])


@pytest.mark.django_db
def test_the_record_page_in_arabic_says_an_older_version_was_agreed_to(client, served):
    from django.utils import timezone

    NamingConsent.objects.create(
        expert=served["expert"], consent_version="2025-01-15", given_at=timezone.now()
    )
    body = client.get(record_url(served["expert"], "ar")).content.decode()
    with translation.override("ar"):
        from django.utils.translation import gettext

        renew = gettext("I agree to the current text")
    assert renew != "I agree to the current text" and renew in body
    assert "<bdi>2025-01-15</bdi>" in body


@pytest.mark.django_db
def test_the_record_page_refuses_a_broken_or_outdated_link(client, served):
    expert = served["expert"]
    address = record_url(expert)
    assert client.get(address.replace("/record/", "/record/x")).status_code == 400
    expert.link_version += 1
    expert.save()
    assert client.get(address).status_code == 400
    assert client.post(address, {"naming": "give"}).status_code == 400
    assert not NamingConsent.objects.exists()


@pytest.mark.django_db
def test_the_update_page_links_to_the_record(client, served):
    expert = served["expert"]
    with translation.override("fr"):
        token = tokens.make_token(expert, tokens.UPDATE)
        update = reverse("experts:update", kwargs={"token": token})
        record = reverse("matching:record", kwargs={"token": token})
    assert f'href="{record}"' in client.get(update).content.decode()


@pytest.mark.django_db
def test_roster_managers_see_activities_served_and_requests_suggested_for(client, served):
    expert = served["expert"]
    asker = focal_point("EG", "Ministry", "eg@example.org")
    request = tor_request(asker, served["programme"], list(served["programme"].subjects.all()))
    user = staff("roster", ROSTER_MANAGERS)
    services.match(
        request, user, countries=["TR"], institutions=[], experts=[], suggested_experts=[expert]
    )
    client.force_login(user)
    body = client.get(reverse("admin:experts_expert_change", args=[expert.pk])).content.decode()
    assert "Course on protocol" in body
    assert reverse("admin:cooperation_torrequest_change", args=[request.pk]) in body


@pytest.mark.django_db
def test_the_activities_index_filters_by_provider_and_beneficiary_country(client, served):
    cooperation_activity(
        served["programme"],
        "Webinar from Malaysia",
        kind="webinar",
        is_published=True,
        member_countries=["SN", "MA"],
        provider_countries=["MY", "TR"],
    )
    with translation.override("en"):
        index = reverse("activities:index")
    everything = client.get(index).content.decode()
    assert '<option value="MY">Malaysia</option>' in everything
    assert '<option value="MA">Morocco</option>' in everything

    turkish = client.get(index, {"provider": "TR"}).content.decode()
    assert "Course on protocol" in turkish and "Webinar from Malaysia" in turkish
    malaysian = client.get(index, {"provider": "MY"}).content.decode()
    assert "Course on protocol" not in malaysian and "Webinar from Malaysia" in malaysian
    egypt = client.get(index, {"beneficiary": "EG"}).content.decode()
    assert "Course on protocol" in egypt and "Webinar from Malaysia" not in egypt
    # "E" alone is no country: the filter is refused and said, not matched as a substring.
    refused = client.get(index, {"beneficiary": "E"})
    assert refused.status_code == 200 and "Webinar from Malaysia" in refused.content.decode()


@pytest.mark.django_db
def test_statistics_show_who_provided_and_who_benefited(client, served):
    import datetime

    Activity.objects.filter(pk=served["activity"].pk).update(start_date=datetime.date(2024, 5, 6))
    asker = focal_point("EG", "Ministry", "eg@example.org")
    tor_request(asker, served["programme"], [], state="implemented")
    tor_request(asker, served["programme"], [])
    with translation.override("ar"):
        from django_countries import countries

        body = client.get(reverse("website:statistics")).content.decode()
        turkey, egypt = countries.name("TR"), countries.name("EG")
    table = body[body.index('id="flows-caption"') :]
    table = table[: table.index("</table>")]
    assert "<bdi>2024</bdi>" in table
    assert turkey in table and egypt in table
    # The counts in the table: one provider country, two beneficiary countries, one activity.
    assert "<td><bdi>1</bdi></td>" in table and "<td><bdi>2</bdi></td>" in table
    # The chart: both sides per programme and year, mirrored, with its legend, title and desc.
    chart = body[body.index('id="chart-flows-caption"') : body.index('id="flows-caption"')]
    assert chart.count("flows-chart__bar--providers") == 2  # the bar and its legend swatch
    assert chart.count("flows-chart__bar--beneficiaries") == 2
    assert 'direction="rtl"' in chart and 'direction="ltr"' not in chart
    assert 'aria-labelledby="chart-flows-title chart-flows-desc"' in chart
    assert '<title id="chart-flows-title">' in chart and '<desc id="chart-flows-desc">' in chart
    assert 'class="flows-legend"' in chart
    assert "<bdi>50%</bdi>" in body  # one of the two requests received was implemented


@pytest.mark.django_db
def test_roster_managers_filter_experts_by_activities_served(client, served):
    other = make_expert(2, served["programme"], [], given_name="Nadia")
    client.force_login(staff("roster", ROSTER_MANAGERS))
    address = reverse("admin:experts_expert_changelist")
    served_only = client.get(address, {"served": "yes"}).content.decode()
    assert "Leila" in served_only and "Nadia" not in served_only
    not_yet = client.get(address, {"served": "no"}).content.decode()
    assert "Leila" not in not_yet and "Nadia" in not_yet
    assert other.pk


@pytest.mark.django_db(transaction=True)
def test_a_named_expert_s_change_reaches_the_cached_page_at_once(client, served, settings):
    """The page cache keeps the activity page; a named expert's new name is seen by the next
    visitor, while another expert's registration leaves the cached page in place."""
    settings.PAGE_CACHE = True
    expert, activity = served["expert"], served["activity"]
    set_naming_consent(expert, give=True)
    assert "Leila Demonstration" in page(client, activity)
    with translation.override("en"):
        address = reverse("activities:detail", kwargs={"slug": activity.slug})
    assert client.get(address)["X-Page-Cache"] == "hit"

    make_expert(2, served["programme"], [], given_name="Omar")
    assert client.get(address)["X-Page-Cache"] == "hit"

    expert.given_name = "Layla"
    expert.save(update_fields=["given_name"])
    assert "Layla Demonstration" in page(client, activity)


@pytest.mark.django_db(transaction=True)  # the generation is bumped after a real commit
@pytest.mark.parametrize("change", ["set inactive", "erase"])
def test_a_named_expert_set_inactive_or_erased_leaves_the_page_at_once(
    client, served, settings, change
):
    """Review decisions and erasure change the entry with an UPDATE, which sends no post_save:
    the cached page and its fragments still go stale, and the name is gone for the next visitor."""
    from experts import erasure, services
    from experts.models import Expert

    settings.PAGE_CACHE = True
    expert, activity = served["expert"], served["activity"]
    set_naming_consent(expert, give=True)
    assert "Leila Demonstration" in page(client, activity)
    assert "Leila Demonstration" in page(client, activity)  # now from the cache

    if change == "erase":
        assert erasure.erase(expert) == erasure.ANONYMISED  # the activity keeps its row
    else:
        services.decide(
            Expert.objects.filter(pk=expert.pk), Expert.Status.INACTIVE, staff("roster")
        )

    assert "Leila Demonstration" not in page(client, activity)
