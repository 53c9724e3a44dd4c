"""CV uploads are checked by what they contain, never by their name alone."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_SIGNATURE = b"%PDF-"
DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
MACRO_CONTENT_TYPE = "macroEnabled"
CHUNK = 64 * 1024


def max_size() -> int:
    return settings.EXPERTS_CV_MAX_SIZE


def validate_cv(upload) -> None:
    """Raise a translated ValidationError unless the upload is a plain PDF or DOCX document."""
    if upload.size > max_size():
        raise ValidationError(
            _("The CV is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_size())},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The CV file is empty."), code="empty")
    extension = PurePath(upload.name or "").suffix.lower()
    if extension == ".pdf":
        _check_pdf(upload)
    elif extension == ".docx":
        _check_docx(upload)
    else:
        raise ValidationError(
            _("Upload your CV as a PDF (.pdf) or Word (.docx) document."), code="extension"
        )
    upload.seek(0)


def _check_pdf(upload):
    upload.seek(0)
    if upload.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise ValidationError(
            _("This file is not a PDF document, although its name ends in .pdf."), code="not_pdf"
        )


def _check_docx(upload):
    upload.seek(0)
    not_docx = ValidationError(
        _("This file is not a Word document, although its name ends in .docx."), code="not_docx"
    )
    try:
        package = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_docx from error
    with package:
        members = package.infolist()
        names = {member.filename for member in members}
        if not all(part in names for part in DOCX_REQUIRED_PARTS):
            raise not_docx
        if len(members) > settings.EXPERTS_CV_MAX_PARTS:
            raise not_docx
        macros = any(PurePath(name).name.lower() == "vbaproject.bin" for name in names)
        try:
            content_types = package.read("[Content_Types].xml")[:1_000_000]
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
            raise not_docx from error
        if macros or MACRO_CONTENT_TYPE.encode() in content_types:
            raise ValidationError(
                _("Documents with macros are not accepted. Save your CV as a plain .docx or PDF."),
                code="macros",
            )
        _check_uncompressed_size(package, members, not_docx)


def _check_uncompressed_size(package, members, not_docx):
    """Decompress to count real bytes: the sizes a ZIP declares can lie (zip bombs)."""
    limit = settings.EXPERTS_CV_MAX_UNCOMPRESSED
    too_big = ValidationError(
        _("This document unpacks to more than %(limit)s, which is not accepted.")
        % {"limit": filesizeformat(limit)},
        code="too_large_uncompressed",
    )
    if sum(member.file_size for member in members) > limit:
        raise too_big
    total = 0
    try:
        for member in members:
            with package.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise too_big
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as error:
        raise not_docx from error
