"""Uploaded documents are checked by their content, not by their name.

The checks themselves (PDF structure and active content, OOXML packages, legacy Word files)
live in core.uploads, shared with expert CVs; this module says which formats staff may
publish and where their limits are (the PROGRAMME_DOCUMENT_* settings).
"""

from pathlib import PurePath

from django.utils.deconstruct import deconstructible

from core.uploads import OfficeUploadValidator

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


def document_format(name):
    """(label, content type) of a stored document, from its (validated) extension."""
    return DOCUMENT_FORMATS.get(
        PurePath(name or "").suffix.lower(), ("", "application/octet-stream")
    )


@deconstructible(path="programmes.validators.DocumentFileValidator")
class DocumentFileValidator(OfficeUploadValidator):
    """Questionnaires and Terms of Reference: PDF, DOCX, DOC or XLSX."""

    def __init__(self):
        super().__init__(DOCUMENT_FORMATS, "PROGRAMME_DOCUMENT")


validate_document_file = DocumentFileValidator()
