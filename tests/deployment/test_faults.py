"""Faults an app server meets in production, with real processes."""

import os
import signal
import subprocess
import threading
import time
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command

from experts.models import Expert
from tests.experts_data.support import PDF_BYTES, make_programme, valid_data

from .support import Browser, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True)


def _worker_pids(master):
    found = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def _wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_killed_in_the_middle_of_a_registration_leaves_nothing_behind(shared_storage):
    """kill -9 after the CV is stored and before the row is committed: no registration, the
    file is removed by the daily sweep_uploads, and the form sent again is saved whole."""
    programme = make_programme()
    env = production_env(shared_storage.path, shared_storage.database_url, "faults")
    cvs = shared_storage.path / "private" / "cvs"
    data = valid_data(programme, cv=None, email="killed@example.org")
    upload = {"cv": ("cv.pdf", PDF_BYTES, "application/pdf")}
    with gunicorn(env, workers=1) as (port, master):
        browser = Browser(port)
        browser.get("/en/roscab/register/")
        answers = []

        def register():
            try:
                answers.append(browser.post("/en/roscab/register/", data, files=upload).status_code)
            except Exception as error:  # noqa: BLE001 - the connection dies with the worker
                answers.append(type(error).__name__)

        # Hold back inserts into the roster so that the worker stops right after storing the CV.
        with psycopg.connect(shared_storage.database_url) as blocker:
            blocker.execute("LOCK TABLE experts_expert IN SHARE MODE")
            sender = threading.Thread(target=register)
            sender.start()
            assert _wait_for(lambda: cvs.exists() and any(cvs.iterdir())), "no CV was stored"
            (worker,) = _worker_pids(master)
            os.kill(worker, signal.SIGKILL)
            sender.join(timeout=15)
            blocker.rollback()
        assert answers and answers[0] != 302
        assert not Expert.objects.exists()
        (orphan,) = list(cvs.iterdir())

        # The daily sweep removes the orphan once it is old enough not to be in flight.
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(orphan, (two_days_ago, two_days_ago))
        call_command("sweep_uploads", stdout=StringIO())
        assert not orphan.exists()

        # gunicorn has started a new worker: the same form, sent again, is saved whole.
        assert _wait_for(lambda: len(_worker_pids(master)) == 1)
        browser.get("/en/roscab/register/")
        response = browser.post("/en/roscab/register/", data, files=upload)
        assert response.status_code == 302
        expert = Expert.objects.get(email="killed@example.org")
        assert expert.languages.count() == 2
        assert (shared_storage.path / "private" / expert.cv.name).read_bytes() == PDF_BYTES
