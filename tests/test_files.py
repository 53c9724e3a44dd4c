"""core.files: stored files leave storage only once the change that dropped them commits."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from core.files import delete_file_on_commit, delete_files_on_commit


@pytest.fixture
def storage(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        storage.save(name, ContentFile(b"x"))
    return storage


@pytest.mark.django_db(transaction=True)
def test_files_go_when_the_transaction_commits(storage):
    with transaction.atomic():
        delete_files_on_commit(storage, ["a.pdf", "b.pdf", ""])
        assert storage.exists("a.pdf") and storage.exists("b.pdf")  # not before the commit
    assert not storage.exists("a.pdf") and not storage.exists("b.pdf")
    assert storage.exists("c.pdf")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_keeps_its_files(storage):
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_files_on_commit(storage, ["a.pdf"])
        raise RuntimeError("the request failed")
    assert storage.exists("a.pdf")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_files_go_at_once(storage):
    delete_files_on_commit(storage, {"a.pdf"})
    assert not storage.exists("a.pdf")


@pytest.mark.django_db(transaction=True)
def test_names_still_used_at_commit_time_are_kept(storage):
    seen = []

    def still_used(names):
        seen.append(set(names))
        return {"b.pdf"}

    with transaction.atomic():
        delete_files_on_commit(storage, ["a.pdf", "b.pdf"], still_used=still_used)
        assert seen == []  # asked at commit time, not when scheduled
    assert seen == [{"a.pdf", "b.pdf"}]
    assert not storage.exists("a.pdf") and storage.exists("b.pdf")


@pytest.mark.django_db
def test_nothing_is_scheduled_for_no_names(storage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        delete_files_on_commit(storage, ["", None])
        delete_file_on_commit(None)
    assert callbacks == []


@pytest.mark.django_db
def test_one_field_file(storage, django_capture_on_commit_callbacks):
    class FieldFile:
        name = "c.pdf"

        def __init__(self):
            self.storage = storage

        def __bool__(self):
            return True

    empty = FieldFile()
    empty.name = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delete_file_on_commit(empty)
        delete_file_on_commit(FieldFile())
    assert len(callbacks) == 1
    assert not storage.exists("c.pdf")
