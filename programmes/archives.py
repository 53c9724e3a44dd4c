"""File names of the downloads and the ZIP of a programme's documents in one language."""

import logging
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from .models import DocumentFile

logger = logging.getLogger(__name__)

# Archives up to this size stay in memory; larger ones spill to a temporary file.
ZIP_SPOOL_SIZE = 8 * 1024 * 1024
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class LanguageArchive:
    file: tempfile.SpooledTemporaryFile  # positioned at its start, closed by the response
    documents: list  # the documents it holds (a file missing from storage is left out)


def language_archive(documents, language):
    """A ZIP of the documents' files in `language`, or None when none of them could be read."""
    spool = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_SIZE)  # noqa: SIM115 - returned
    included = []
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            field_file = document.file(language)
            if not field_file:
                continue
            try:
                source = field_file.storage.open(field_file.name, "rb")
            except OSError:
                logger.error("Document file missing from storage: %s", field_file.name)
                continue
            info = zipfile.ZipInfo(
                download_filename(document, language),
                date_time=document.updated_at.timetuple()[:6],
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            with source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target)
            included.append(document)
    if not included:
        spool.close()
        return None
    spool.seek(0)
    return LanguageArchive(file=spool, documents=included)


def archive_filename(programme, language):
    """'Diplomacy-CaB - Documents (fr).zip', the label in the archive's language."""
    with translation.override(language):
        label = gettext("Documents")
    return clean_filename(f"{programme.acronym or programme.slug} - {label} ({language}).zip")


def download_filename(document, language):
    """'Diplomacy-CaB - Terms of Reference for Study Visits.pdf', in the document's language."""
    kind_name = getattr(document.kind, f"name_{language}", None) or document.kind.name_en
    programme = document.programme
    extension = DocumentFile(document, language).extension
    return clean_filename(f"{programme.acronym or programme.slug} - {kind_name}{extension}")


def clean_filename(name):
    return _UNSAFE_FILENAME.sub(" ", name).strip()
