"""Hostile input and failing parts around the Roster of Experts (issue 10), kept as regressions.

Mail servers that refuse or hang are real sockets started here; Redis is "down" by pointing
the cache at a port nothing listens on. Everything runs on PostgreSQL in CI (SQLite too).
"""

import importlib
import os
import re
import socket
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from core import kept_uploads
from experts.groups import ROSTER_MANAGERS
from experts.models import Expert, normalise_email
from tests.conftest import run_due_tasks
from tests.experts_data.support import (
    PDF_BYTES,
    make_programme,
    pdf_upload,
    valid_data,
)
from tests.upload_files import pdf_bytes

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def programme(db):
    return make_programme()


def cv_files(private):
    folder = private / "cvs"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def kept_files(private):
    folder = private / kept_uploads.DIRECTORY
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def kept_token(html):
    return re.search(r'name="kept_cv" value="([^"]+)"', html).group(1)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The mail queue ------------------------------------------------------------------------------


def test_a_registration_queues_its_mail_in_its_own_transaction(client, programme, experts_env):
    response = client.post(url("experts:register"), valid_data(programme))
    assert response.status_code == 302
    task = DBTaskResult.objects.get()
    assert task.task_path == "core.tasks.send_mail"
    assert task.args_kwargs["args"][0] == "experts.mail.confirmation"
    # No address, name or signed link waits in the queue: the worker builds the message.
    assert "amina" not in str(task.args_kwargs).lower()
    assert mail.outbox == []
    assert run_due_tasks() == 1
    assert [message.to for message in mail.outbox] == [["amina.haddad@example.org"]]


def test_a_failed_commit_leaves_no_row_no_mail_no_file_and_keeps_the_form(
    client, programme, experts_env, monkeypatch
):
    from experts import services

    real = services.mail.send_confirmation

    def queue_then_lose_the_database(expert):
        real(expert)  # the mail task is written in the transaction ...
        raise OperationalError("server closed the connection unexpectedly")  # ... then it fails

    monkeypatch.setattr(services.mail, "send_confirmation", queue_then_lose_the_database)
    response = client.post(url("experts:register", "fr"), valid_data(programme))

    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Votre inscription n’a pas pu être enregistrée" in html
    assert 'value="Ministry of Foreign Affairs"' in html  # what was typed is still there
    assert "cv.pdf" in html and kept_token(html)  # and so is the CV
    assert Expert.objects.count() == 0
    assert DBTaskResult.objects.count() == 0  # rolled back with the row: no mail for nobody
    assert cv_files(experts_env) == []  # the stored CV went with its row
    assert len(kept_files(experts_env)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_commit_refused_by_the_database_leaves_nothing_behind(client, experts_env):
    programme = make_programme()
    refused = OperationalError("could not commit: the server went away")
    with mock.patch.object(type(connections["default"]), "commit", side_effect=refused):
        response = client.post(url("experts:register"), valid_data(programme))

    assert response.status_code == 503
    assert kept_token(response.content.decode())
    assert Expert.objects.count() == 0
    assert DBTaskResult.objects.count() == 0  # no mail with a link that would not work
    assert cv_files(experts_env) == []


class RefusingSMTP:
    """A port that refuses connections: nothing listens on it."""

    def __init__(self):
        self.port = free_port()


class HangingSMTP:
    """Accepts connections and never says a word."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.port = self.server.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                accepted, _address = self.server.accept()
            except OSError:
                return
            self.connections.append(accepted)

    def close(self):
        for accepted in self.connections:
            accepted.close()
        self.server.close()


class RecordingHandler:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    settings.MAIL_MAX_ATTEMPTS = 2
    return settings


def make_due(task_filter):
    DBTaskResult.objects.filter(task_filter).update(run_after=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("server_kind", ["refusing", "hanging"])
def test_a_mail_server_that_refuses_or_hangs_costs_a_retry_never_a_500(
    client, programme, experts_env, smtp_settings, caplog, server_kind
):
    from django.db.models import Q

    server = RefusingSMTP() if server_kind == "refusing" else HangingSMTP()
    smtp_settings.EMAIL_PORT = server.port
    try:
        response = client.post(url("experts:register"), valid_data(programme))
        assert response.status_code == 302  # the person is told to check their mail
        assert Expert.objects.count() == 1

        assert run_due_tasks() == 1  # first attempt fails: a retry is queued for later
        first, retry = DBTaskResult.objects.order_by("enqueued_at")
        assert first.status == "SUCCESSFUL" and "retry queued" in first.return_value
        assert retry.status == "READY" and retry.args_kwargs["args"][2] == 2
        assert retry.run_after > timezone.now()
        assert run_due_tasks() == 0  # not due yet

        make_due(Q(pk=retry.pk))
        assert run_due_tasks() == 1  # the last allowed attempt fails too: recorded, logged
        retry.refresh_from_db()
        assert retry.status == "FAILED"
        assert retry.exception_class_path == "core.tasks.MailNotSent"
        assert "not sent after 2 attempts" in caplog.text
        assert DBTaskResult.objects.count() == 2  # bounded: no third attempt
    finally:
        if server_kind == "hanging":
            server.close()


def test_a_working_mail_server_receives_the_confirmation(
    client, programme, experts_env, smtp_settings
):
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp_settings.EMAIL_PORT = port
        client.post(url("experts:register"), valid_data(programme))
        assert run_due_tasks() == 1
    finally:
        controller.stop()
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["amina.haddad@example.org"]
    assert b"/en/roscab/confirm/" in envelope.content
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


# Redis down ------------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache configuration (django-redis, short timeouts), on a closed port."""
    from sesric_site.settings.env import cache_settings

    working = settings.CACHES
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{free_port()}/0")
    yield
    caches["default"].close()
    settings.CACHES = working  # other fixtures clear the cache when they finish


def test_with_redis_down_registration_is_saved_without_its_rate_limit(
    client, programme, experts_env, redis_down
):
    # Fail open (README "Outages"): the entry lives in PostgreSQL and its mail in the task
    # queue; only the counters are missing, and refusing every expert would be wrong.
    assert client.get(url("experts:register", "ar")).status_code == 200
    response = client.post(url("experts:register", "ar"), valid_data(programme))
    assert response.status_code == 302
    assert Expert.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert len(cv_files(experts_env)) == 1


def test_a_cache_that_raises_refuses_with_a_translated_page_keeping_the_form(
    client, programme, experts_env, settings
):
    # A cache backend that raises instead (Django's own Redis client): the counters cannot be
    # trusted, so the submission is refused, translated, with everything typed kept.
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    try:
        response = client.post(url("experts:register", "ar"), valid_data(programme))
    finally:
        caches["default"].close()
        settings.CACHES = working
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    html = response.content.decode()
    assert "لم نتمكن من حفظ تسجيلك" in html
    assert 'value="Haddad"' in html
    assert kept_token(html)
    assert Expert.objects.count() == 0 and DBTaskResult.objects.count() == 0
    assert cv_files(experts_env) == []


# One mailbox, one entry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "dup.test@example.org",
        "DUP.Test@ｅｘａｍｐｌｅ．ｏｒｇ",  # full-width domain
        "dup.te\u200bst@example.org",  # zero-width space
        "dup.test@example.org\u200e",  # left-to-right mark
    ],
)
def test_address_variants_normalise_to_one(variant):
    assert normalise_email(variant) == "dup.test@example.org"


def test_unicode_and_punycode_domains_are_one():
    assert normalise_email("Dup.Test@Exämple.org") == normalise_email("dup.test@xn--exmple-cua.org")
    assert normalise_email("dup.test@exämple.org") == "dup.test@xn--exmple-cua.org"


def test_one_mailbox_typed_four_ways_makes_one_entry_and_mails_only_its_owner(
    client, programme, experts_env
):
    variants = [
        "dup.test@example.org",
        "dup.test@ｅｘａｍｐｌｅ．ｏｒｇ",
        "dup.te\u200bst@example.org",
        "DUP.TEST@Example.Org",
    ]
    for variant in variants:
        response = client.post(url("experts:register"), valid_data(programme, email=variant))
        assert response.status_code == 302
    assert list(Expert.objects.values_list("email", flat=True)) == ["dup.test@example.org"]
    run_due_tasks()
    assert {tuple(message.to) for message in mail.outbox} == {("dup.test@example.org",)}
    assert len(mail.outbox) == 4  # one confirmation, then three update links

    client.post(url("experts:register"), valid_data(programme, email="x@exämple.org"))
    client.post(url("experts:register"), valid_data(programme, email="x@xn--exmple-cua.org"))
    assert Expert.objects.filter(email="x@xn--exmple-cua.org").count() == 1


def test_the_data_migration_normalises_stored_addresses_and_leaves_clashes(programme):
    from tests.test_experts_staff import make_expert

    plain = make_expert("plain@example.org")
    clash = make_expert("other@example.org")
    variant = make_expert("third@example.org")
    # Stored before normalisation existed (update() bypasses Expert.save).
    Expert.objects.filter(pk=clash.pk).update(email="plain@ｅｘａｍｐｌｅ.org")
    Expert.objects.filter(pk=variant.pk).update(email="Third@Exämple.org")
    migration = importlib.import_module("experts.migrations.0002_normalise_stored_emails")

    migration.normalise(django_apps, None)

    assert Expert.objects.get(pk=variant.pk).email == "third@xn--exmple-cua.org"
    assert Expert.objects.get(pk=plain.pk).email == "plain@example.org"
    assert Expert.objects.get(pk=clash.pk).email == "plain@ｅｘａｍｐｌｅ.org"  # for a person


# Names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "message"),
    [
        ("\u202eAmina", "invisible characters"),  # right-to-left override
        ("Ami\u2067na", "invisible characters"),  # right-to-left isolate
        ("Am\u200bina", "invisible characters"),  # zero-width space
        ("Ami\x07na", "invisible characters"),  # a control character
        ("A" + "\u0301" * 90, "at most 3 accents"),
    ],
    ids=["override", "isolate", "zero-width", "control", "stacked-marks"],
)
def test_names_refuse_direction_controls_and_stacked_marks(
    client, programme, experts_env, given_name, message
):
    response = client.post(url("experts:register"), valid_data(programme, given_name=given_name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Expert.objects.count() == 0


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_name_errors_are_translated(client, programme, experts_env, language):
    response = client.post(
        url("experts:register", language), valid_data(programme, family_name="\u202eHaddad")
    )
    html = response.content.decode()
    assert "invisible characters" not in html
    assert {"ar": "الأحرف غير المرئية", "fr": "caractères invisibles"}[language] in html


def test_real_names_with_joiners_and_vowel_marks_are_accepted(client, programme, experts_env):
    # Persian (zero-width non-joiner) and vocalised Arabic (shadda + fatha on one letter).
    data = valid_data(programme, given_name="مهر\u200cناز", family_name="مُحَمَّد")
    assert client.post(url("experts:register"), data).status_code == 302
    assert Expert.objects.get().given_name == "مهر\u200cناز"


@pytest.fixture
def manager(client, db):
    user = get_user_model().objects.create_user(
        "manager", "manager@sesric.example", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    client.force_login(user)
    return user


def test_the_roster_list_isolates_names(client, manager):
    from tests.test_experts_staff import make_expert

    make_expert(given_name="أمينة", family_name="(Haddad)")
    html = client.get(reverse("admin:experts_expert_changelist")).content.decode()
    assert "<bdi>أمينة (Haddad)</bdi>" in html


# Roster export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["?format=0", "?format=junk", "?nonsense=1", "?status__in=%00"])
def test_export_with_junk_in_the_query_answers_400_not_500(client, manager, query):
    response = client.get(reverse("admin:experts_expert_export") + query)
    assert response.status_code == 400


def test_the_csv_export_opens_in_excel_as_utf8(client, manager):
    from tests.test_experts_staff import make_expert

    make_expert(nationality="TR", given_name="أمينة", status=Expert.Status.APPROVED)
    export = reverse("admin:experts_expert_export")
    fields = [
        n for n in client.get(export).context["form"].fields if n.startswith("expertresource")
    ]
    response = client.post(export, {"format": "0", **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)  # streamed row by row
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel reads as "UTF-8"
    assert "Türkiye".encode() in body
    assert "أمينة".encode() in body


# Rate limit and the kept upload -------------------------------------------------------------------


def test_the_per_address_limit_keeps_what_was_typed_and_the_cv_for_later(
    client, programme, experts_env, settings
):
    settings.EXPERTS_REGISTER_EMAIL_RATE = "1/h"
    first = client.post(url("experts:register"), valid_data(programme))
    assert first.status_code == 302
    # Another network, same address: the per-address limit applies.
    second_cv = pdf_bytes("Second CV")
    cv = pdf_upload("سيرتي الذاتية.pdf", second_cv)
    data = valid_data(programme, organisation="Ministry of Economy", cv=cv)
    refused = client.post(url("experts:register"), data, REMOTE_ADDR="198.51.100.20")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert 'value="Ministry of Economy"' in html
    assert "<bdi>سيرتي الذاتية.pdf</bdi> is kept" in html
    token = kept_token(html)
    # Another address from that network is not limited, and may use a kept CV without a file.
    again = valid_data(programme, email="new@example.org", cv=None, kept_cv=token)
    accepted = client.post(url("experts:register"), again, REMOTE_ADDR="198.51.100.20")
    assert accepted.status_code == 302
    expert = Expert.objects.get(email="new@example.org")
    assert expert.cv_name == "سيرتي الذاتية.pdf"
    assert (experts_env / expert.cv.name).read_bytes() == second_cv
    assert kept_files(experts_env) == []  # copied into the entry, then removed


def test_a_mistake_keeps_the_cv_and_the_next_submission_uses_it(client, programme, experts_env):
    refused = client.post(url("experts:register", "fr"), valid_data(programme, phone="12"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "est conservé" in html
    data = valid_data(programme, cv=None, kept_cv=kept_token(html))
    assert client.post(url("experts:register", "fr"), data).status_code == 302
    assert (experts_env / Expert.objects.get().cv.name).read_bytes() == PDF_BYTES


def test_refused_forms_cannot_fill_the_disk_with_kept_files(
    client, programme, experts_env, settings
):
    settings.EXPERTS_REGISTER_RATE = "3/h"
    for _attempt in range(5):
        response = client.post(url("experts:register"), valid_data(programme, phone="12"))
        assert response.status_code == 200
    assert len(kept_files(experts_env)) == 3  # one per allowed submission, then no more
    assert "is kept" not in response.content.decode()


@pytest.mark.parametrize("problem", ["forged", "expired", "other-purpose", "gone"])
def test_a_bad_kept_reference_is_ignored(client, programme, experts_env, settings, problem):
    kept = kept_uploads.keep(pdf_upload(), "experts.cv")
    token = {
        "forged": kept.token[:-3] + "abc",
        "expired": kept.token,
        "other-purpose": kept_uploads.keep(pdf_upload(), "programmes.document").token,
        "gone": kept.token,
    }[problem]
    if problem == "expired":
        settings.KEPT_UPLOAD_MAX_AGE = -1
    if problem == "gone":
        kept.discard()
    response = client.post(url("experts:register"), valid_data(programme, cv=None, kept_cv=token))
    assert response.status_code == 200
    assert "Attach your CV" in response.content.decode()
    assert Expert.objects.count() == 0


# New and known addresses do the same work ---------------------------------------------------


def test_new_and_known_addresses_do_the_same_work(
    client, programme, experts_env, django_capture_on_commit_callbacks
):
    def submit(email):
        before = set(DBTaskResult.objects.values_list("pk", flat=True))
        storage = storages["private"]
        saved = []
        original_save = storage.save

        def counting_save(name, content, max_length=None):
            saved.append(name)
            return original_save(name, content, max_length=max_length)

        storage.save = counting_save
        try:
            with (
                CaptureQueriesContext(connection) as queries,
                django_capture_on_commit_callbacks(execute=True),
            ):
                response = client.post(url("experts:register"), valid_data(programme, email=email))
        finally:
            del storage.save
        assert response.status_code == 302
        new_tasks = DBTaskResult.objects.exclude(pk__in=before)
        writes = [
            q["sql"].split()[0].upper() + " " + q["sql"].split()[2].strip('"')
            for q in queries.captured_queries
            if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        ]
        return new_tasks.count(), saved, writes, len(queries.captured_queries)

    new = submit("first@example.org")
    known = submit("first@example.org")
    # Each stores the CV it was sent and queues exactly one e-mail.
    assert new[0] == known[0] == 1
    assert len(new[1]) == len(known[1]) == 1 and new[1][0].startswith("cvs/")
    # Each tries the INSERT of an entry: the database's unique e-mail decides, nothing before.
    assert "INSERT experts_expert" in new[2] and "INSERT experts_expert" in known[2]
    assert new[2][-1] == known[2][-1] == "INSERT django_tasks_database_dbtaskresult"
    # The new entry writes its relations (programmes, subjects, languages: three INSERTs); the
    # known address instead rolls its INSERT back and reads the entry to mail: one query apart.
    assert new[2][1:4] == [
        "INSERT experts_expert_programmes",
        "INSERT experts_expert_subjects",
        "INSERT experts_expertlanguage",
    ]
    assert new[3] == known[3] + 1
    assert cv_files(experts_env) == [Expert.objects.get().cv.name.split("/")[-1]]


# The sweep -------------------------------------------------------------------------------------


def age(path, seconds):
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def test_the_sweep_removes_old_unreferenced_files_only(programme, experts_env, settings):
    from tests.test_experts_staff import make_expert

    expert = make_expert()
    private = experts_env
    referenced = private / expert.cv.name
    orphan = private / "cvs" / "orphan.pdf"
    orphan.write_bytes(PDF_BYTES)
    fresh = private / "cvs" / "fresh.pdf"
    fresh.write_bytes(PDF_BYTES)
    kept = private / kept_uploads.keep(pdf_upload(), "experts.cv").stored_name
    public_orphan = settings.MEDIA_ROOT / "programmes" / "lost.pdf"
    public_orphan.parent.mkdir(parents=True, exist_ok=True)
    public_orphan.write_bytes(PDF_BYTES)
    for path in (referenced, orphan, kept, public_orphan):
        age(path, 2 * 24 * 3600)

    call_command("sweep_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert referenced.exists() and fresh.exists()
    assert not orphan.exists() and not kept.exists() and not public_orphan.exists()
