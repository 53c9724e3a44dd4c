"""Bringing the archive in: programmes and activities imported from CSV or Excel in the admin,
previewed, confirmed all or nothing, with errors per row in the admin's language, and the
search index and page cache told of every imported row."""

import io
import zipfile

import openpyxl
import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity
from core import freshness
from programmes.models import Organisation, Programme, Sector
from search.models import SearchEntry
from website.groups import CONTENT_EDITORS

PROGRAMME_IMPORT = "/{lang}/admin/programmes/programme/import/"
PROGRAMME_CONFIRM = "/{lang}/admin/programmes/programme/process_import/"
ACTIVITY_IMPORT = "/{lang}/admin/activities/activity/import/"
ACTIVITY_CONFIRM = "/{lang}/admin/activities/activity/process_import/"

PROGRAMME_HEADERS = ["slug", "acronym", "sector", "name_en", "name_ar", "name_fr", "summary_en"]
ACTIVITY_HEADERS = [
    "slug",
    "programme",
    "kind",
    "title_en",
    "title_ar",
    "title_fr",
    "start_date",
    "end_date",
    "country",
    "member_countries",
    "partners",
    "summary_en",
    "is_published",
]


@pytest.fixture
def private_storage(experts_env):
    """Private storage in a temporary folder (the shared fixture's)."""
    return experts_env


@pytest.fixture
def base(db, private_storage):
    sector = Sector.objects.create(slug="health", name_en="Health")
    programme = Programme.objects.create(
        slug="tourism", acronym="Tourism-CaB", sector=sector, name_en="Tourism", summary_en="T."
    )
    Organisation.objects.create(name_en="Islamic Cooperation Youth Forum", acronym="ICYF")
    Organisation.objects.create(name_en="Diplomatic Academy of Example")
    return programme


def editor(permissions=None):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    if permissions is None:
        user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    else:
        user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return user


@pytest.fixture
def editor_client(client, base):
    client.force_login(editor())
    return client


def csv_file(headers, rows, name="archive.csv", encoding="utf-8"):
    data = tablib.Dataset(*rows, headers=headers)
    return SimpleUploadedFile(name, data.export("csv").encode(encoding), "text/csv")


def xlsx_file(headers, rows, name="archive.xlsx"):
    data = tablib.Dataset(*rows, headers=headers)
    return SimpleUploadedFile(name, data.export("xlsx"), "application/octet-stream")


def activity_row(number, **values):
    row = {
        "slug": f"imported-{number}",
        "programme": "tourism",
        "kind": "training-course",
        "title_en": f"Imported course {number}",
        "title_ar": f"دورة مستوردة {number}",
        "title_fr": f"Cours importé {number}",
        "start_date": "2015-03-01",
        "end_date": "2015-03-03",
        "country": "TR",
        "member_countries": "TR;SN",
        "partners": "ICYF; Diplomatic Academy of Example",
        "summary_en": "An archived course.",
        "is_published": "1",
    }
    row.update(values)
    return [row[header] for header in ACTIVITY_HEADERS]


def preview(client, url, upload, lang="en"):
    return client.post(url.format(lang=lang), {"import_file": upload, "resource": "0"})


def confirm(client, url, response, lang="en"):
    form = response.context["confirm_form"]
    return client.post(url.format(lang=lang), {name: form.initial[name] for name in form.fields})


def test_preview_saves_nothing_then_confirm_imports_every_row(editor_client):
    upload = csv_file(
        ACTIVITY_HEADERS, [activity_row(1), activity_row(2, title_fr="<b>Cours</b> importé 2")]
    )

    response = preview(editor_client, ACTIVITY_IMPORT, upload)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_validation_errors()
    html = response.content.decode()
    assert "Imported course 1" in html and "Confirm import" in html
    # The changes are marked by elements, never by style attributes (strict CSP), and escaped.
    assert '<ins class="import-diff">Imported course 1</ins>' in html
    assert "&lt;b&gt;Cours&lt;/b&gt;" in html and "<b>Cours" not in html
    assert 'style="' not in html.split('<table class="import-preview">')[1]
    assert not Activity.objects.exists()  # a preview is rolled back

    response = confirm(editor_client, ACTIVITY_CONFIRM, response)

    assert response.status_code == 302
    activity = Activity.objects.get(slug="imported-1")
    assert activity.title_ar == "دورة مستوردة 1"
    assert activity.title_fr == "Cours importé 1"
    assert activity.programme.slug == "tourism"
    assert {country.code for country in activity.member_countries} == {"TR", "SN"}
    assert {p.name_en for p in activity.partners.all()} == {
        "Islamic Cooperation Youth Forum",
        "Diplomatic Academy of Example",
    }
    assert Activity.objects.count() == 2
    # The search index heard of each row, in each language.
    titles = SearchEntry.objects.filter(kind="activity", object_id=activity.pk)
    assert {entry.language for entry in titles} == {"en", "ar", "fr"}


@pytest.mark.django_db(transaction=True)
def test_the_confirmed_import_makes_cached_pages_stale_and_the_preview_does_not(
    client, private_storage
):
    Sector.objects.create(slug="health", name_en="Health")
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    before = freshness.current_generation()
    upload = csv_file(PROGRAMME_HEADERS, [["archive-one", "A1", "health", "Archive", "", "", "S."]])

    response = preview(client, PROGRAMME_IMPORT, upload)
    assert freshness.current_generation() == before  # rolled back: nothing to refresh

    confirm(client, PROGRAMME_CONFIRM, response)
    assert Programme.objects.filter(slug="archive-one").exists()
    assert freshness.current_generation() > before
    assert SearchEntry.objects.filter(kind="programme", language="en").exists()


def test_errors_are_shown_per_row_in_the_admins_language_and_nothing_is_saved(editor_client):
    rows = [
        activity_row(1),
        activity_row(2, programme="no-such-programme"),
        activity_row(3, start_date="31/12/2015", country="XX"),
        activity_row(4, title_en="", member_countries="FR"),
        activity_row(5, partners="Unknown Forum"),
    ]

    response = preview(editor_client, ACTIVITY_IMPORT, csv_file(ACTIVITY_HEADERS, rows), "fr")

    result = response.context["result"]
    assert result.has_validation_errors()
    assert response.context.get("confirm_form") is None
    assert [row.number for row in result.invalid_rows] == [2, 3, 4, 5]
    html = response.content.decode()
    assert "n’est connu sous le nom «\u00a0no-such-programme\u00a0»." in html
    assert "«\u00a0XX\u00a0» n’est pas un code de pays ISO" in html
    assert "Obligatoire en anglais." in html
    assert "Non accepté ici\u00a0: FR." in html
    assert "«\u00a0Unknown Forum\u00a0»" in html
    assert not Activity.objects.exists()


def test_one_row_failing_at_confirmation_rolls_back_the_whole_import(editor_client, base):
    upload = csv_file(ACTIVITY_HEADERS, [activity_row(1), activity_row(2, partners="ICYF")])
    response = preview(editor_client, ACTIVITY_IMPORT, upload, "fr")
    assert response.context["confirm_form"] is not None
    # Between the preview and the confirmation, the partner of row 2 is deleted.
    Organisation.objects.filter(acronym="ICYF").delete()

    response = confirm(editor_client, ACTIVITY_CONFIRM, response, "fr")

    assert response.status_code == 200
    assert "Rien n’a été importé" in response.content.decode()
    assert not Activity.objects.exists()  # row 1 was valid, and is not saved either


def test_an_excel_workbook_imports_programmes_with_their_translations(editor_client):
    upload = xlsx_file(
        PROGRAMME_HEADERS,
        [["archive-two", "A2", "Health", "Archive two", "الأرشيف", "Archives deux", "S."]],
    )
    response = preview(editor_client, PROGRAMME_IMPORT, upload)
    assert response.context["confirm_form"] is not None
    confirm(editor_client, PROGRAMME_CONFIRM, response)
    programme = Programme.objects.get(slug="archive-two")
    assert (programme.name_ar, programme.name_fr) == ("الأرشيف", "Archives deux")
    assert programme.sector.slug == "health"  # found by its English name


def test_a_known_slug_updates_the_programme(editor_client, base):
    upload = csv_file(
        PROGRAMME_HEADERS, [["tourism", "Tourism-CaB", "health", "Tourism", "", "Tourisme", "T."]]
    )
    response = preview(editor_client, PROGRAMME_IMPORT, upload)
    assert [row.import_type for row in response.context["result"].valid_rows()] == ["update"]
    confirm(editor_client, PROGRAMME_CONFIRM, response)
    base.refresh_from_db()
    assert base.name_fr == "Tourisme"
    assert Programme.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.csv", "slug;x\né;".encode("latin-1")), "n’est pas en UTF-8"),
        (SimpleUploadedFile("a.xlsx", b"slug,name_en\nx,y\n"), "pas un vrai document XLSX"),
        (SimpleUploadedFile("a.txt", b"slug\nx\n"), "Importez un fichier .csv ou .xlsx."),
        (SimpleUploadedFile("a.csv", b"slug\x00\n"), "données binaires"),
    ],
)
def test_files_are_checked_by_their_content(editor_client, upload, message):
    response = preview(editor_client, PROGRAMME_IMPORT, upload, "fr")
    assert message in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None


def test_a_workbook_with_macros_is_refused(editor_client):
    buffer = io.BytesIO(xlsx_file(["slug"], [["x"]]).read())
    with zipfile.ZipFile(buffer, "a") as package:
        package.writestr("xl/vbaProject.bin", b"macro")
    upload = SimpleUploadedFile("a.xlsx", buffer.getvalue())
    response = preview(editor_client, PROGRAMME_IMPORT, upload)
    assert "macros" in response.content.decode()


def test_files_over_the_limits_are_refused(editor_client, settings):
    settings.ARCHIVE_IMPORT_MAX_SIZE = 100
    response = preview(editor_client, PROGRAMME_IMPORT, csv_file(["slug"], [["x" * 200]]), "fr")
    assert "la limite est de 100" in response.content.decode()

    settings.ARCHIVE_IMPORT_MAX_SIZE = 10_000
    settings.ARCHIVE_IMPORT_MAX_ROWS = 2
    rows = [[f"p{n}", "", "health", "P", "", "", "S."] for n in range(3)]
    response = preview(editor_client, PROGRAMME_IMPORT, csv_file(PROGRAMME_HEADERS, rows), "fr")
    assert "Le fichier a 3 lignes" in response.content.decode()


def test_unknown_columns_are_an_error_not_ignored(editor_client):
    upload = csv_file(["slug", "titel_fr"], [["x", "y"]])
    response = preview(editor_client, PROGRAMME_IMPORT, upload, "fr")
    html = response.content.decode()
    assert "Colonnes inconnues\u00a0: titel_fr." in html
    assert "Traceback" not in html


def test_the_confirmation_names_only_a_stored_import(editor_client):
    response = editor_client.post(
        PROGRAMME_CONFIRM.format(lang="en"),
        {"import_file_name": "../../etc/passwd", "original_file_name": "x", "format": "0"},
    )
    assert response.status_code == 200
    assert not Programme.objects.exclude(slug="tourism").exists()


def test_only_staff_who_may_add_can_import(client, base):
    user = editor(permissions=["view_programme", "change_programme"])
    client.force_login(user)
    assert client.get(PROGRAMME_IMPORT.format(lang="en")).status_code == 403
    assert client.get(PROGRAMME_IMPORT.format(lang="en") + "template.csv").status_code == 403
    upload = csv_file(PROGRAMME_HEADERS, [["x", "", "health", "X", "", "", "S."]])
    assert preview(client, PROGRAMME_IMPORT, upload).status_code == 403
    changelist = client.get("/en/admin/programmes/programme/")
    assert PROGRAMME_IMPORT.format(lang="en") not in changelist.content.decode()


def test_adding_without_the_change_permission_cannot_update(client, base):
    client.force_login(editor(permissions=["view_programme", "add_programme"]))
    assert client.get(PROGRAMME_IMPORT.format(lang="en")).status_code == 200
    upload = csv_file(PROGRAMME_HEADERS, [["tourism", "", "health", "Changed", "", "", "S."]])
    response = preview(client, PROGRAMME_IMPORT, upload)
    assert "already exists and you may not change it" in response.content.decode()


def test_the_changelist_offers_the_import_to_editors(editor_client):
    html = editor_client.get("/en/admin/activities/activity/").content.decode()
    assert ACTIVITY_IMPORT.format(lang="en") in html


@pytest.mark.parametrize("kind", ["programme", "activity"])
def test_the_template_says_it_is_a_template_and_has_every_column(editor_client, kind):
    app = "programmes" if kind == "programme" else "activities"
    url = f"/en/admin/{app}/{kind}/import/template"
    page = editor_client.get(f"/en/admin/{app}/{kind}/import/").content.decode()
    assert f"{url}.csv" in page and f"{url}.xlsx" in page

    response = editor_client.get(f"{url}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    headers = text.splitlines()[0].split(",")
    assert {"slug", "name_en" if kind == "programme" else "title_en", "title_ar"} - {
        "title_ar" if kind == "programme" else ""
    } <= set(headers)
    assert "TEMPLATE" in text

    workbook = openpyxl.load_workbook(io.BytesIO(editor_client.get(f"{url}.xlsx").content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == headers
    assert any("TEMPLATE" in str(cell.value) for cell in sheet[2])


def test_the_template_imported_as_it_is_creates_only_an_inactive_example(editor_client):
    template = editor_client.get("/en/admin/programmes/programme/import/template.csv").content
    response = preview(editor_client, PROGRAMME_IMPORT, SimpleUploadedFile("t.csv", template))
    # The example names no sector: the template cannot be imported by mistake.
    assert response.context["result"].has_validation_errors()


def test_the_file_waits_in_private_storage_until_confirmed_or_swept(editor_client, private_storage):
    from datetime import timedelta

    from django.utils import timezone

    from website.management.commands.sweep_uploads import orphans

    upload = csv_file(PROGRAMME_HEADERS, [["archive-three", "", "health", "A3", "", "", "S."]])
    response = preview(editor_client, PROGRAMME_IMPORT, upload)
    waiting = list((private_storage / "imports").iterdir())
    assert len(waiting) == 1
    # Abandoned, it is swept after a day like any file no row points to.
    later = timezone.now() + timedelta(days=2)
    assert ("private", f"imports/{waiting[0].name}") in list(orphans(now=later))

    confirm(editor_client, PROGRAMME_CONFIRM, response)
    assert list((private_storage / "imports").iterdir()) == []


def test_row_errors_in_arabic(editor_client):
    rows = [activity_row(1, title_en="", country="XX")]
    response = preview(editor_client, ACTIVITY_IMPORT, csv_file(ACTIVITY_HEADERS, rows), "ar")
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "مطلوب بالإنجليزية." in html
    assert "«XX» ليس رمز بلد وفق ISO" in html
    assert not Activity.objects.exists()


def test_a_csv_saved_by_french_excel_with_semicolons_is_read(editor_client):
    text = "slug;sector;name_en;name_fr;summary_en;partners\r\n"
    text += 'archive-fr;health;Archive;Archives;S.;"ICYF;Diplomatic Academy of Example"\r\n'
    upload = SimpleUploadedFile("archive.csv", ("\ufeff" + text).encode("utf-8"))
    response = preview(editor_client, PROGRAMME_IMPORT, upload, "fr")
    assert response.context["confirm_form"] is not None, response.content.decode()[-3000:]
    confirm(editor_client, PROGRAMME_CONFIRM, response, "fr")
    programme = Programme.objects.get(slug="archive-fr")
    assert programme.name_fr == "Archives"
    assert programme.partners.count() == 2
