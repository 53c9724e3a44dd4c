"""Uploaded documents are checked by their content, not by their name.

A name can lie (an executable renamed ``.pdf``), and libmagic reports many DOCX files as a
plain ZIP, so each accepted extension has its own content check:

* ``.pdf``: starts with the ``%PDF-`` header;
* ``.docx`` / ``.xlsx``: an OOXML package, i.e. a ZIP holding ``[Content_Types].xml`` and the
  main part of its kind (``word/document.xml`` / ``xl/workbook.xml``), with no macro part,
  no macro-enabled content type, no encrypted member and a capped uncompressed size;
* ``.doc``: a legacy Word file, recognised by the OLE2 compound-file signature.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.uploads import (
    OLE2_SIGNATURE,
    PDF_SIGNATURE,
    PackageProblem,
    check_ooxml_package,
    starts_with,
)

MAX_PACKAGE_PARTS = 2000

# Extension -> (format label shown to visitors, Content-Type sent with the download).
DOCUMENT_FORMATS = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".doc": ("DOC", "application/msword"),
    ".xlsx": (
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def document_format(name):
    """(label, content type) of a stored document, from its (validated) extension."""
    return DOCUMENT_FORMATS.get(
        PurePath(name or "").suffix.lower(), ("", "application/octet-stream")
    )


def _max_size():
    return settings.PROGRAMME_DOCUMENT_MAX_SIZE


def _max_uncompressed():
    return settings.PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED_SIZE


def _check_ooxml(file, extension):
    label = DOCUMENT_FORMATS[extension][0]
    try:
        check_ooxml_package(
            file,
            OOXML_MAIN_PART[extension],
            max_uncompressed=_max_uncompressed(),
            max_parts=MAX_PACKAGE_PARTS,
        )
    except PackageProblem as problem:
        raise _package_error(problem.code, label) from problem


def _package_error(code, label):
    if code == PackageProblem.ENCRYPTED:
        return ValidationError(_("Encrypted documents cannot be published."), code="encrypted")
    if code == PackageProblem.TOO_LARGE:
        return ValidationError(
            # Translators: size is a file size such as 50 MB.
            _("This document unpacks to more than %(size)s: it cannot be accepted."),
            code="too_large_uncompressed",
            params={"size": filesizeformat(_max_uncompressed())},
        )
    if code == PackageProblem.ACTIVE_CONTENT:
        return ValidationError(
            # Translators: format is a file format such as DOCX.
            _(
                "This document contains macros or active content. Save it without "
                "macros (as a plain %(format)s file) and upload it again."
            ),
            code="macros",
            params={"format": label},
        )
    return ValidationError(
        # Translators: format is a file format such as DOCX.
        _("This file is not a valid %(format)s document (its content does not match its name)."),
        code="invalid_content",
        params={"format": label},
    )


@deconstructible
class DocumentFileValidator:
    """Validates a newly uploaded document: size, allowed extension, content matching it."""

    def __call__(self, value):
        if not value or getattr(value, "_committed", False):
            # Nothing new: the stored file was checked when it was uploaded.
            return
        extension = PurePath(value.name).suffix.lower()
        if extension not in DOCUMENT_FORMATS:
            raise ValidationError(
                # Translators: formats is a list of file formats, e.g. PDF, DOCX, DOC, XLSX.
                _("Only %(formats)s files can be uploaded."),
                code="invalid_extension",
                params={"formats": ", ".join(label for label, _type in DOCUMENT_FORMATS.values())},
            )
        if value.size > _max_size():
            raise ValidationError(
                # Translators: size and limit are file sizes such as 12 MB.
                _("This file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(_max_size())},
            )
        if value.size == 0:
            raise ValidationError(_("This file is empty."), code="empty")
        file = value.file if hasattr(value, "file") else value
        if extension == ".pdf":
            if not starts_with(file, PDF_SIGNATURE):
                raise ValidationError(
                    _("This file is not a PDF document, whatever its name says."),
                    code="invalid_content",
                )
        elif extension == ".doc":
            if not starts_with(file, OLE2_SIGNATURE):
                raise ValidationError(
                    _("This file is not a Word (DOC) document, whatever its name says."),
                    code="invalid_content",
                )
        else:
            _check_ooxml(file, extension)

    def __eq__(self, other):
        return isinstance(other, DocumentFileValidator)


validate_document_file = DocumentFileValidator()
