"""Content editors see and change nothing about experts through the programmes' admin.

Finding 11 of issue 10: changelist lookups such as ?experts__id=16 told an editor which
programmes an expert chose, the delete page listed expert relationships, and deleting a
programme silently removed the experts' choices.
"""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import ProtectedError

from programmes.models import MainSubject, Programme
from tests.experts_data.support import make_programme
from tests.test_experts_staff import make_expert, staff
from website.groups import CONTENT_EDITORS, ROSTER_MANAGERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


@pytest.fixture
def chosen():
    """A programme and a subject an expert chose, and a programme nobody chose."""
    programme = make_programme()
    expert = make_expert()
    expert.programmes.add(programme)
    expert.subjects.add(programme.subjects.get())
    other = make_programme(slug="other", acronym="Other", subjects=("Statistics",))
    return {"programme": programme, "expert": expert, "other": other}


@pytest.fixture
def editor_client(client):
    client.force_login(staff("editor", CONTENT_EDITORS))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/programmes/programme/?experts__id={expert}",
        "/en/admin/programmes/programme/?experts__isnull=False",
        "/en/admin/programmes/programme/?experts__email__startswith=expert",
        "/en/admin/programmes/programme/?subjects__experts__id={expert}",
        "/en/admin/programmes/document/?programme__experts__id={expert}",
        "/en/admin/activities/activity/?programme__experts__id={expert}",
    ],
)
def test_editors_cannot_filter_by_experts(editor_client, chosen, url):
    response = editor_client.get(url.format(expert=chosen["expert"].pk))
    assert response.status_code == 400
    assert "Amina" not in response.content.decode()


def test_roster_managers_who_edit_content_may_filter_by_experts(client, chosen):
    user = staff("both", CONTENT_EDITORS)
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    client.force_login(user)
    response = client.get(f"/en/admin/programmes/programme/?experts__id={chosen['expert'].pk}")
    assert response.status_code == 200
    assert "1 programme" in response.content.decode()


def test_a_programme_experts_chose_cannot_be_deleted_and_its_page_names_no_expert(
    editor_client, chosen
):
    programme = chosen["programme"]
    url = f"/en/admin/programmes/programme/{programme.pk}/delete/"
    page = editor_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Experts of the roster chose this programme" in body
    assert "relationship" not in body.lower()
    assert "Amina" not in body and "expert@example.org" not in body
    assert "Yes, I’m sure" not in body  # no confirmation button
    french = editor_client.get(url.replace("/en/", "/fr/")).content.decode()
    assert "Des experts de la liste ont choisi ce programme" in french

    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code in {200, 403}
    assert Programme.objects.filter(pk=programme.pk).exists()
    assert list(chosen["expert"].programmes.all()) == [programme]
    assert chosen["expert"].subjects.count() == 1


def test_the_bulk_delete_action_refuses_too(editor_client, chosen):
    response = editor_client.post(
        "/en/admin/programmes/programme/",
        {
            "action": "delete_selected",
            "_selected_action": [chosen["programme"].pk, chosen["other"].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 200
    assert Programme.objects.count() == 2
    assert "Experts of the roster chose this programme" in response.content.decode()


def test_a_programme_nobody_chose_is_deleted_as_before(editor_client, chosen):
    other = chosen["other"]
    response = editor_client.post(
        f"/en/admin/programmes/programme/{other.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Programme.objects.filter(pk=other.pk).exists()


def test_deleting_in_code_is_refused_as_well(chosen):
    with pytest.raises(ProtectedError), transaction.atomic():
        chosen["programme"].delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Programme.objects.filter(pk=chosen["programme"].pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        MainSubject.objects.filter(experts=chosen["expert"]).delete()
    assert chosen["expert"].programmes.count() == 1


def test_the_subject_inline_refuses_to_delete_a_subject_an_expert_chose(editor_client, chosen):
    programme = chosen["programme"]
    url = f"/en/admin/programmes/programme/{programme.pk}/change/"
    page = editor_client.get(url)
    form = _form_data(page)
    subject = programme.subjects.get()
    prefix = next(k for k, v in form.items() if k.endswith("-id") and v == str(subject.pk))
    form[prefix.replace("-id", "-DELETE")] = "on"
    response = editor_client.post(url, form)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert programme.subjects.filter(pk=subject.pk).exists()
    assert chosen["expert"].subjects.count() == 1


def _form_data(page):
    """The values the change form would send back (inputs, selected options, text areas)."""
    body = page.content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or re.search(r'type="(checkbox|file|submit)"', tag):
            if name and 'type="checkbox"' in tag and " checked" in tag:
                data[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, attributes, inner in re.findall(
        r'<select name="([^"]+)"([^>]*)>(.*?)</select>', body, re.S
    ):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', inner)
        if chosen:
            data[name] = chosen if "multiple" in attributes else chosen[0]
    for name, inner in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        data[name] = unescape(inner).lstrip("\n")
    return data
