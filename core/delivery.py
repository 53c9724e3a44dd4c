"""Handing a stored file to the client once a view has checked and counted the request.

How the bytes travel is a deployment choice (`FILES_SERVED_BY`, see README "Settings"):

- ``django``: the worker streams the file itself (development, tests, no web server in front).
- ``nginx``: local storage behind the repository's nginx configuration: the view answers with
  ``X-Accel-Redirect`` to an internal location, and nginx sends the file, so a slow client or
  a large file never holds a Python worker.

With S3-compatible storage there is no path for nginx to open: public documents are answered
with a redirect to a short-lived presigned address (the bucket does the sending), and private
files (CVs, at most a few megabytes) are streamed through the permission-checked view, so that
a private object never gets an address outside it.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

# nginx's internal locations (deploy/nginx/sesric.conf.template), one per storage alias.
INTERNAL_PREFIXES = {"default": "/_protected/media/", "private": "/_protected/private/"}
PRESIGNED_URL_SECONDS = 300


class StoredFileMissing(Exception):
    """The row names a file that the storage does not hold."""


def _unwrap(storage):
    # experts.models.PrivateStorage is a LazyObject around the configured storage.
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def is_s3(storage) -> bool:
    return hasattr(_unwrap(storage), "bucket_name")


def attachment_response(storage, name, *, alias, filename, content_type=None):
    """An answer that makes the browser save `name` from `storage` as `filename`.

    `alias` names the storage in STORAGES: "default" (public media) or "private" (CVs); it
    picks nginx's internal location, and private files are never redirected to. Raises
    StoredFileMissing when the file is gone.
    """
    backend = _unwrap(storage)
    if is_s3(backend):
        # S3 opens lazily: ask first, so that a missing object is a 404 page, not a cut stream.
        if not backend.exists(name):
            raise StoredFileMissing(name)
        if alias == "private":
            return _streamed(backend, name, filename, content_type)
        return HttpResponseRedirect(_presigned_url(backend, name, filename, content_type))
    if settings.FILES_SERVED_BY == "nginx" and isinstance(backend, FileSystemStorage):
        if not backend.exists(name):
            raise StoredFileMissing(name)
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Accel-Redirect"] = quote(INTERNAL_PREFIXES[alias] + name)
        return response
    return _streamed(backend, name, filename, content_type)


def _streamed(backend, name, filename, content_type):
    try:
        handle = backend.open(name, "rb")
    except (OSError, ValueError) as error:
        raise StoredFileMissing(name) from error
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def _presigned_url(backend, name, filename, content_type):
    parameters = {"ResponseContentDisposition": content_disposition_header(True, filename)}
    if content_type:
        parameters["ResponseContentType"] = content_type
    # querystring_auth is off for the public bucket (photos have plain, cacheable addresses);
    # counted downloads get a signed address that expires, so the counter stays meaningful.
    client = backend.connection.meta.client
    return client.generate_presigned_url(
        "get_object",
        Params={"Bucket": backend.bucket_name, "Key": backend._normalize_name(name), **parameters},
        ExpiresIn=PRESIGNED_URL_SECONDS,
    )
