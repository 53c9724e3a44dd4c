"""Stored files that outlive their rows: removed only once the change is committed."""

from collections.abc import Callable, Iterable

from django.db import transaction


def delete_files_on_commit(
    storage,
    names: Iterable[str],
    *,
    still_used: Callable[[set[str]], Iterable[str]] | None = None,
    using: str | None = None,
) -> None:
    """Delete `names` from `storage` once the current transaction commits.

    A rolled-back request keeps its files (on_commit callbacks are dropped on rollback);
    outside a transaction the files go at once. `still_used`, called at commit time with the
    names, returns those another row now refers to: they are kept.
    """
    names = {name for name in names if name}
    if not names:
        return

    def delete():
        kept = set(still_used(names)) if still_used is not None else set()
        for name in sorted(names - kept):
            storage.delete(name)

    transaction.on_commit(delete, using=using)


def delete_file_on_commit(field_file, **options) -> None:
    """The same for one FieldFile (an empty one is ignored)."""
    if field_file and field_file.name:
        delete_files_on_commit(field_file.storage, [field_file.name], **options)
