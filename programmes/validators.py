"""Uploaded documents are checked by their content, not by their name.

A name can lie (an executable renamed ``.pdf``), and libmagic reports many DOCX files as a
plain ZIP, so each accepted extension has its own content check:

* ``.pdf``: starts with the ``%PDF-`` header;
* ``.docx`` / ``.xlsx``: an OOXML package, i.e. a ZIP holding ``[Content_Types].xml`` and the
  main part of its kind (``word/document.xml`` / ``xl/workbook.xml``), with no macro part,
  no macro-enabled content type, no encrypted member and a capped uncompressed size;
* ``.doc``: a legacy Word file, recognised by the OLE2 compound-file signature.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

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
MACRO_MARKERS = ("vbaproject.bin", "vbadata.xml", "macroenabled", "activex")


def document_format(name):
    """(label, content type) of a stored document, from its (validated) extension."""
    return DOCUMENT_FORMATS.get(
        PurePath(name or "").suffix.lower(), ("", "application/octet-stream")
    )


def _max_size():
    return settings.PROGRAMME_DOCUMENT_MAX_SIZE


def _max_uncompressed():
    return settings.PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED_SIZE


def _read_head(file, length=8):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def _check_ooxml(file, extension):
    invalid = ValidationError(
        # Translators: format is a file format such as DOCX.
        _("This file is not a valid %(format)s document (its content does not match its name)."),
        code="invalid_content",
        params={"format": DOCUMENT_FORMATS[extension][0]},
    )
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
                raise invalid
            if any(member.flag_bits & 0x1 for member in members):
                raise ValidationError(
                    _("Encrypted documents cannot be published."), code="encrypted"
                )
            total = sum(member.file_size for member in members)
            if total > _max_uncompressed() or len(members) > 2000:
                raise ValidationError(
                    # Translators: size is a file size such as 50 MB.
                    _("This document unpacks to more than %(size)s: it cannot be accepted."),
                    code="too_large_uncompressed",
                    params={"size": filesizeformat(_max_uncompressed())},
                )
            content_types = package.read("[Content_Types].xml").decode("utf-8", "replace")
            lowered = [name.lower() for name in names] + [content_types.lower()]
            if any(marker in text for text in lowered for marker in MACRO_MARKERS):
                raise ValidationError(
                    # Translators: format is a file format such as DOCX.
                    _(
                        "This document contains macros or active content. Save it without "
                        "macros (as a plain %(format)s file) and upload it again."
                    ),
                    code="macros",
                    params={"format": DOCUMENT_FORMATS[extension][0]},
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError) as error:
        raise invalid from error
    finally:
        file.seek(0)


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
        head = _read_head(file)
        if extension == ".pdf":
            if not head.startswith(PDF_MAGIC):
                raise ValidationError(
                    _("This file is not a PDF document, whatever its name says."),
                    code="invalid_content",
                )
        elif extension == ".doc":
            if head != OLE2_MAGIC:
                raise ValidationError(
                    _("This file is not a Word (DOC) document, whatever its name says."),
                    code="invalid_content",
                )
        else:
            _check_ooxml(file, extension)

    def __eq__(self, other):
        return isinstance(other, DocumentFileValidator)


validate_document_file = DocumentFileValidator()
