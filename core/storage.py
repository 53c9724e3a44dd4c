from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject
from storages.backends.s3 import S3Storage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that must never have a public address (expert CVs).

    FileSystemStorage falls back to MEDIA_URL when it has no base_url; this one refuses, so a
    template or serializer can never turn a private file into a link.
    """

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


class PrivateS3Storage(S3Storage):
    """The CV bucket (STORAGE_BACKEND=s3): objects are private and never get an address,
    signed or not; the permission-checked view streams them."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used (and again after a settings change:
    the app owning an instance resets `_wrapped` on setting_changed).

    The backend (PrivateFileSystemStorage or PrivateS3Storage) refuses to give a file a URL.
    """

    def _setup(self):
        self._wrapped = storages["private"]
