"""An upload kept across a refused submission, so that nobody has to choose the file again.

When a form is refused (a mistake in another field, the rate limit, an outage) after its file
passed the content checks, the file is stored under `kept/` in private storage and the form
carries a signed, expiring reference to it in a hidden field. The next submission of the same
form uses that file unless a new one is chosen. The reference names only a file the site itself
stored (it is signed), expires after KEPT_UPLOAD_MAX_AGE seconds, and `manage.py sweep_uploads`
removes kept files older than that.
"""

import posixpath
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

DIRECTORY = "kept"
SALT = "core.kept_uploads"
NAME_MAX = 200


def _storage():
    return storages["private"]


@dataclass(frozen=True)
class KeptUpload:
    token: str
    stored_name: str
    original_name: str
    purpose: str

    def open(self) -> File:
        """The kept file as an upload would look: its original name, its content."""
        handle = _storage().open(self.stored_name, "rb")
        return File(handle, name=self.original_name)

    def discard(self):
        _storage().delete(self.stored_name)


def keep(upload, purpose: str) -> KeptUpload:
    """Store `upload` and return its reference; `purpose` ties the token to one form."""
    suffix = posixpath.splitext(upload.name or "")[1].lower()[:10]
    upload.seek(0)
    stored = _storage().save(f"{DIRECTORY}/{uuid.uuid4().hex}{suffix}", upload)
    original = (upload.name or "")[-NAME_MAX:]
    token = signing.dumps({"n": stored, "o": original, "p": purpose}, salt=SALT)
    return KeptUpload(token, stored, original, purpose)


def find(token: str, purpose: str) -> KeptUpload | None:
    """The kept upload a token refers to, or None if it is forged, expired, or gone."""
    if not token or len(token) > 1000:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.KEPT_UPLOAD_MAX_AGE)
        stored, original = str(data["n"]), str(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if data.get("p") != purpose or not stored.startswith(f"{DIRECTORY}/"):
        return None
    if not _storage().exists(stored):
        return None
    return KeptUpload(token, stored, original, purpose)


def sweep(now=None) -> list[str]:
    """Delete kept files older than KEPT_UPLOAD_MAX_AGE; return their names."""
    storage = _storage()
    try:
        _dirs, files = storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return []
    limit = (now or timezone.now()) - timedelta(seconds=settings.KEPT_UPLOAD_MAX_AGE)
    removed = []
    for filename in files:
        name = f"{DIRECTORY}/{filename}"
        if storage.get_modified_time(name) < limit:
            storage.delete(name)
            removed.append(name)
    return removed
