"""Small builders shared by the programmes tests."""

import io
import zipfile
from html.parser import HTMLParser

import openpyxl
from django.core.files.base import ContentFile

from programmes.demo_files import build_docx, build_pdf
from programmes.models import Document, DocumentKind, MainSubject, Organisation, Programme, Sector
from tests import upload_files


def pdf_bytes(title="Test"):
    return build_pdf(title, ["line one", "ligne deux é"])


def docx_bytes(title="Test", language="en"):
    return build_docx(title, ["line"], language=language)


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Question"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def doc_bytes():
    return upload_files.doc_bytes()


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with(extra_members=None, content_types=None):
    """A DOCX package with extra parts (a macro project, ...) or other content types."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        members = {name: source.read(name) for name in source.namelist()}
    if content_types is not None:
        members["[Content_Types].xml"] = content_types
    members.update(extra_members or {})
    return zip_bytes(members)


def make_kinds():
    names = [
        ("questionnaire", "questionnaire", "Questionnaire", "الاستبيان", "Questionnaire"),
        ("tor-study-visits", "tor", "ToR for Study Visits", "الزيارات الدراسية", "ToR visites"),
    ]
    return [
        DocumentKind.objects.create(
            slug=slug, category=category, order=order, name_en=en, name_ar=ar, name_fr=fr
        )
        for order, (slug, category, en, ar, fr) in enumerate(names)
    ]


def make_programmes(count, *, kinds=None, with_files=False):
    """count programmes in a few sectors, each with subjects, partners and documents.

    Without with_files the documents only carry file names and sizes (enough for pages);
    with_files stores real PDF bytes in every language.
    """
    kinds = kinds or make_kinds()
    sectors = [
        Sector.objects.get_or_create(
            slug=f"sector-{index}", defaults={"name_en": f"Sector {index}", "order": index}
        )[0]
        for index in range(3)
    ]
    partner, _created = Organisation.objects.get_or_create(name_en="Partner", acronym="PTN")
    start = Programme.objects.count()
    programmes = []
    for index in range(start, start + count):
        programme = Programme.objects.create(
            slug=f"programme-{index:02d}",
            acronym=f"P{index:02d}-CaB",
            name_en=f"Programme {index:02d}",
            name_ar=f"البرنامج {index:02d}",
            name_fr=f"Programme {index:02d} fr",
            summary_en=f"Summary {index}",
            summary_ar=f"ملخص {index}",
            summary_fr=f"Résumé {index}",
            sector=sectors[index % len(sectors)],
            order=index,
        )
        programme.partners.add(partner)
        for subject in range(3):
            MainSubject.objects.create(programme=programme, name_en=f"Subject {subject}")
        for kind in kinds:
            document = Document(programme=programme, kind=kind)
            for language in Document.LANGUAGES:
                if with_files:
                    getattr(document, f"file_{language}").save(
                        f"x-{language}.pdf",
                        ContentFile(pdf_bytes(f"{kind.slug} {language}")),
                        save=False,
                    )
                else:
                    setattr(document, f"file_{language}", f"docs/{programme.slug}-{language}.pdf")
                    setattr(document, f"size_{language}", 1234)
            document.save()
        programmes.append(programme)
    return programmes


class FormFields(HTMLParser):
    """The values a browser would submit for the first form of an admin page."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = None
        self._textarea = None
        self._form_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    return parser.data
