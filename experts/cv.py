"""CV uploads are checked by what they contain, never by their name alone."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.uploads import PDF_SIGNATURE, PackageProblem, check_ooxml_package, starts_with


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
    if not starts_with(upload, PDF_SIGNATURE):
        raise ValidationError(
            _("This file is not a PDF document, although its name ends in .pdf."), code="not_pdf"
        )


def _check_docx(upload):
    try:
        check_ooxml_package(
            upload,
            "word/document.xml",
            max_uncompressed=settings.EXPERTS_CV_MAX_UNCOMPRESSED,
            max_parts=settings.EXPERTS_CV_MAX_PARTS,
        )
    except PackageProblem as problem:
        if problem.code == PackageProblem.ACTIVE_CONTENT:
            raise ValidationError(
                _("Documents with macros are not accepted. Save your CV as a plain .docx or PDF."),
                code="macros",
            ) from problem
        if problem.code == PackageProblem.TOO_LARGE:
            raise ValidationError(
                _("This document unpacks to more than %(limit)s, which is not accepted.")
                % {"limit": filesizeformat(settings.EXPERTS_CV_MAX_UNCOMPRESSED)},
                code="too_large_uncompressed",
            ) from problem
        raise ValidationError(
            _("This file is not a Word document, although its name ends in .docx."),
            code="not_docx",
        ) from problem
