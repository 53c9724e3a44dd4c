"""Matching a request with providers and experts, the activity it becomes, and its end."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import TorRequest
from experts.groups import ROSTER_MANAGERS
from matching import services
from matching.models import ActivityExpert, RequestMatch
from matching.suggestions import suggest
from tests.matching_data.factories import (
    bulk_roster,
    cooperation_activity,
    declare,
    egypt_asks,
    focal_point,
    make_expert,
    one_of_each,
    staff,
)
from website.groups import CONTENT_EDITORS

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def setting(matching_programme):
    mediation, protocol, negotiation = matching_programme.subjects.order_by("order")
    asker, request = egypt_asks(matching_programme, [mediation, protocol])
    return {
        "programme": matching_programme,
        "subjects": (mediation, protocol, negotiation),
        "asker": asker,
        "request": request,
    }


def change_url(request):
    return reverse("admin:cooperation_torrequest_change", args=[request.pk])


@pytest.mark.django_db
def test_institutions_ranked_by_subjects_covered_then_recency_with_reasons(setting):
    mediation, protocol, negotiation = setting["subjects"]
    programme = setting["programme"]
    old = timezone.now() - datetime.timedelta(days=400)
    both = focal_point("TR", "Academy of Türkiye", "tr@example.org")
    declare(both, programme, [mediation, protocol], when=old)
    one_recent = focal_point("MY", "Institute of Malaysia", "my@example.org")
    declare(one_recent, programme, [protocol])
    one_old = focal_point("MA", "School of Morocco", "ma@example.org")
    declare(one_old, programme, [mediation], when=old)
    unrelated = focal_point("SN", "Agency of Senegal", "sn@example.org")
    declare(unrelated, programme, [negotiation])
    not_accepted = focal_point("QA", "Not accepted", "qa@example.org", accepted=False)
    declare(not_accepted, programme, [mediation, protocol])
    declare(setting["asker"], programme, [mediation, protocol])  # the asker is not its provider

    found = suggest(setting["request"]).institutions

    assert [item.institution.name for item in found] == [
        "Academy of Türkiye",
        "Institute of Malaysia",
        "School of Morocco",
    ]
    assert [subject.name for subject, _offer in found[0].subjects] == ["Mediation", "Protocol"]
    assert found[0].subjects[0][1] == "Trainers from our diplomatic academy"
    assert found[0].country.code == "TR"


@pytest.mark.django_db
def test_experts_speaking_the_request_language_come_first_then_subjects_and_programme(setting):
    mediation, protocol, negotiation = setting["subjects"]
    programme = setting["programme"]
    other_programme_subjects = [negotiation]
    english_both = make_expert(1, programme, [mediation, protocol], languages=[("en", "native")])
    french_one = make_expert(2, programme, [protocol], languages=[("fr", "working")])
    french_both = make_expert(3, programme, [mediation, protocol], languages=[("fr", "fluent")])
    make_expert(4, programme, other_programme_subjects, languages=[("fr", "native")])
    make_expert(5, programme, [mediation], languages=[("fr", "native")], status="pending")

    found = suggest(setting["request"]).experts

    assert [item.expert for item in found] == [french_both, french_one, english_both]
    assert found[0].speaks_request_language and found[0].request_language_level == "Fluent"
    assert [subject.name for subject in found[0].subjects] == ["Mediation", "Protocol"]
    assert found[0].in_programme
    assert not found[2].speaks_request_language


@pytest.mark.django_db
def test_suggestions_cost_the_same_queries_for_a_large_roster(setting, django_assert_num_queries):
    mediation, protocol, negotiation = setting["subjects"]
    programme = setting["programme"]
    one_of_each(programme, mediation)
    request = TorRequest.objects.get(pk=setting["request"].pk)
    with django_assert_num_queries(5):
        small = suggest(request)
    assert len(small.experts) == 1 and len(small.institutions) == 1

    bulk_roster(programme, [mediation, protocol, negotiation], experts=10_000, institutions=500)
    request = TorRequest.objects.get(pk=setting["request"].pk)
    with django_assert_num_queries(5):
        large = suggest(request)
    assert len(large.experts) == 12 and len(large.institutions) == 10
    assert all(item.speaks_request_language for item in large.experts)


@pytest.mark.django_db
def test_a_roster_manager_matches_and_the_focal_point_is_told_in_arabic(client, setting, run_tasks):
    mediation, protocol, _negotiation = setting["subjects"]
    programme = setting["programme"]
    provider = focal_point("TR", "Academy of Türkiye", "tr@example.org")
    declare(provider, programme, [mediation])
    expert = make_expert(7, programme, [protocol], languages=[("fr", "native")])
    client.force_login(staff("roster", ROSTER_MANAGERS))
    request = setting["request"]

    page = client.get(change_url(request))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Academy of Türkiye" in body and str(expert) in body
    assert "language, French (Native)" in body, body[body.find("Works in") :][:200]

    response = client.post(
        reverse("admin:cooperation_torrequest_match", args=[request.pk]),
        {"institutions": [provider.institution_id], "countries": ["MY"], "experts": [expert.pk]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == TorRequest.State.MATCHED
    match = RequestMatch.objects.get(request=request)
    assert [country.code for country in match.provider_countries] == ["MY", "TR"]
    assert list(match.experts.all()) == [expert]
    assert list(match.suggested_experts.all()) == [expert]
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["eg@example.org"]
    with translation.override("ar"):
        assert str(TorRequest.State.MATCHED.label) in message.subject


@pytest.mark.django_db
def test_matching_needs_a_provider_and_the_roster_permission(client, setting):
    request = setting["request"]
    address = reverse("admin:cooperation_torrequest_match", args=[request.pk])
    client.force_login(staff("coop", COOPERATION_MANAGERS))
    assert client.post(address, {"countries": ["TR"]}).status_code == 403
    body = client.get(change_url(request)).content.decode()
    assert "Only roster managers see the experts." in body
    client.force_login(staff("roster", ROSTER_MANAGERS))
    response = client.post(address, {}, follow=True)
    assert "Choose at least one provider institution or provider country." in (
        response.content.decode()
    )
    request.refresh_from_db()
    assert request.state == TorRequest.State.RECEIVED
    assert client.post(address, {"countries": ["XX"]}).status_code == 302
    assert not RequestMatch.objects.exists()


def matched(setting, user, expert):
    services.match(
        setting["request"],
        user,
        countries=["TR"],
        institutions=[],
        experts=[expert],
        suggested_experts=[expert],
    )


@pytest.mark.django_db
def test_a_matched_request_becomes_an_activity_then_implemented(client, setting, run_tasks):
    programme = setting["programme"]
    expert = make_expert(7, programme, [setting["subjects"][0]], languages=[("fr", "native")])
    user = staff("both", ROSTER_MANAGERS, CONTENT_EDITORS)
    matched(setting, user, expert)
    run_tasks()
    request = setting["request"]
    client.force_login(user)
    address = reverse("admin:cooperation_torrequest_activity", args=[request.pk])
    form = client.get(address)
    assert form.status_code == 200
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    response = client.post(
        address,
        {
            "title": "Training on official visits",
            "kind": "training-course",
            "start_date": (last_week - datetime.timedelta(days=2)).isoformat(),
            "end_date": last_week.isoformat(),
            "summary": "Protocol officers trained.",
            "provider_countries": ["TR"],
            "beneficiary_countries": ["EG"],
            "experts": [expert.pk],
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:activities_activity_change", args=[activity.pk])
    assert not activity.is_published
    assert activity.programme == programme
    assert [c.code for c in activity.provider_countries] == ["TR"]
    assert [c.code for c in activity.member_countries] == ["EG"]
    assert ActivityExpert.objects.get(activity=activity).expert == expert
    request.refresh_from_db()
    assert request.state == TorRequest.State.SCHEDULED
    assert RequestMatch.objects.get(request=request).activity == activity
    run_tasks()

    assert services.implement_past_activities() == 0  # a draft is not implemented
    activity.is_published = True
    activity.save()
    assert services.implement_past_activities() == 1
    request.refresh_from_db()
    assert request.state == TorRequest.State.IMPLEMENTED
    run_tasks()
    # The focal point (Arabic) was told at each step, each message built after its step.
    with translation.override("ar"):
        expected = [
            "طلبك: " + str(TorRequest.State(state).label)
            for state in ("matched", "scheduled", "implemented")
        ]
    assert [message.subject for message in mail.outbox] == expected
    assert {tuple(message.to) for message in mail.outbox} == {("eg@example.org",)}


@pytest.mark.django_db
def test_an_activity_still_to_come_is_not_implemented(setting):
    programme = setting["programme"]
    expert = make_expert(7, programme, [setting["subjects"][0]])
    user = staff("both", ROSTER_MANAGERS)
    matched(setting, user, expert)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.create_activity(
        setting["request"],
        user,
        {
            "title": "Coming",
            "kind": "training-course",
            "start_date": timezone.localdate() - datetime.timedelta(days=1),
            "end_date": tomorrow,
            "summary": "Soon.",
            "provider_countries": ["TR"],
            "beneficiary_countries": ["EG"],
            "experts": [expert],
        },
    )
    Activity.objects.update(is_published=True)
    assert services.implement_past_activities() == 0
    assert services.implement_past_activities(today=tomorrow + datetime.timedelta(days=1)) == 1


@pytest.mark.django_db
def test_only_a_matched_request_becomes_an_activity(client, setting):
    client.force_login(staff("roster", ROSTER_MANAGERS))
    address = reverse("admin:cooperation_torrequest_activity", args=[setting["request"].pk])
    response = client.get(address, follow=True)
    assert "Only a matched request can become an activity." in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_content_editors_see_provider_countries_not_the_experts_who_served(client, setting):
    programme = setting["programme"]
    expert = make_expert(7, programme, [setting["subjects"][0]])
    activity = cooperation_activity(programme, "Course")
    ActivityExpert.objects.create(activity=activity, expert=expert)
    address = reverse("admin:activities_activity_change", args=[activity.pk])
    client.force_login(staff("editor", CONTENT_EDITORS))
    body = client.get(address).content.decode()
    assert 'name="provider_countries"' in body
    assert str(expert) not in body and "experts_served" not in body
    assert (
        client.get(
            reverse("admin:activities_activity_changelist") + "?experts_served__expert=1"
        ).status_code
        == 400
    )
    client.force_login(staff("both", ROSTER_MANAGERS, CONTENT_EDITORS))
    body = client.get(address).content.decode()
    assert "experts_served" in body and str(expert.pk) in body


@pytest.mark.django_db
def test_the_request_page_costs_the_same_queries_for_a_large_roster(client, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mediation, protocol, negotiation = setting["subjects"]
    programme = setting["programme"]
    one_of_each(programme, mediation)
    client.force_login(staff("roster", ROSTER_MANAGERS))

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(setting["request"])).status_code == 200
        return len(queries)

    measure()  # the first request also fills per-process caches (content types, permissions)
    small = measure()
    bulk_roster(programme, [mediation, protocol, negotiation], experts=2_000, institutions=100)
    assert measure() == small


@pytest.mark.django_db
def test_an_activity_from_a_request_cannot_end_before_it_starts():
    from experts.models import Expert
    from matching.forms import ActivityFromRequestForm

    fields = {
        "title": "Course",
        "kind": "training-course",
        "start_date": "2026-05-02",
        "summary": "A course.",
        "provider_countries": ["TR"],
        "beneficiary_countries": ["EG"],
    }
    experts = Expert.objects.none()
    wrong = ActivityFromRequestForm({**fields, "end_date": "2026-05-01"}, experts=experts)
    assert not wrong.is_valid()
    assert wrong.errors == {"end_date": ["The end date cannot be before the start date."]}
    assert ActivityFromRequestForm({**fields, "end_date": "2026-05-02"}, experts=experts).is_valid()
