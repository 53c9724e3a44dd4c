"""nginx in front of one gunicorn worker: what it serves itself, what it hides, what it
buffers, and the counted downloads it sends once the app has said yes."""

import json
import socket
import threading
import time

import pytest
from django.core.files.base import ContentFile

from programmes.models import Document
from tests.experts_data.support import PDF_BYTES, make_programme, valid_data
from tests.programmes_data.factories import make_programmes, pdf_bytes

from .support import (
    Browser,
    get,
    gunicorn,
    nginx,
    production_env,
    wait_clear_of_rate_limit_window_edge,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def site(workdir):
    """One sync gunicorn worker (the case where a slow client used to take the whole site)."""
    env = production_env(
        workdir.path, workdir.database_url, "nginx-test", EXPERTS_REGISTER_RATE="2/h"
    )
    with (
        gunicorn(env, workers=1) as (app_port, _process),
        nginx(workdir.path, [app_port], client_timeout="3s") as port,
    ):
        yield type("Site", (), {"port": port, "app_port": app_port, "path": workdir.path})


def test_static_files_come_from_collectstatic_and_nginx_names_no_version(site):
    manifest = json.loads((site.path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    status, headers, body = get(site.port, f"/static/{hashed}")
    assert status == 200
    assert body == (site.path / "static" / hashed).read_bytes()
    assert headers["server"] == "nginx"
    assert "public" in headers["cache-control"]

    status, headers, body = get(site.port, "/en/")
    assert status == 200
    assert f"/static/{hashed}".encode() in body
    assert headers["server"] == "nginx"


def test_public_photos_are_served_and_private_files_never(site, shared_storage):
    (site.path / "media" / "activities").mkdir(exist_ok=True)
    (site.path / "media" / "activities" / "photo.jpg").write_bytes(b"\xff\xd8photo")
    (site.path / "private" / "cvs").mkdir(exist_ok=True)
    (site.path / "private" / "cvs" / "secret.pdf").write_bytes(b"%PDF-secret")
    (site.path / "media" / "programmes").mkdir(exist_ok=True)
    (site.path / "media" / "programmes" / "tor.pdf").write_bytes(b"%PDF-counted")

    assert get(site.port, "/media/activities/photo.jpg")[2] == b"\xff\xd8photo"
    for path in (
        "/_protected/private/cvs/secret.pdf",
        "/_protected/media/programmes/tor.pdf",
        "/media/programmes/tor.pdf",
        "/media/../private/cvs/secret.pdf",
        "/media/%2e%2e/private/cvs/secret.pdf",
        "/private/cvs/secret.pdf",
    ):
        status, _headers, body = get(site.port, path)
        assert status in (400, 404), path
        assert b"%PDF-secret" not in body and b"%PDF-counted" not in body, path


def test_counted_download_is_sent_by_nginx_after_counting(site, shared_storage):
    (programme,) = make_programmes(1)
    document = programme.documents.first()
    content = pdf_bytes("Terms of Reference")
    document.file_fr.save("tor-fr.pdf", ContentFile(content), save=True)
    path = f"/fr/programmes/{programme.slug}/documents/{document.kind.slug}/fr/"

    # The app itself answers with a header and no body: no worker streams the file. (Asked
    # directly, as nginx would for another client: a client's download counts once a day.)
    status, headers, body = get(site.app_port, path, headers={"X-Forwarded-For": "192.0.2.7"})
    assert status == 200
    assert headers["x-accel-redirect"] == f"/_protected/media/{document.file_fr.name}"
    assert body == b""

    status, headers, body = get(site.port, path)
    assert status == 200
    assert body == content
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("attachment;")
    assert "x-accel-redirect" not in headers
    assert Document.objects.get(pk=document.pk).downloads_fr == 2


def test_x_forwarded_for_sent_by_clients_is_ignored(site, shared_storage):
    """Accepted registrations are limited per client address (2/h here): a client that invents
    a new X-Forwarded-For for each attempt is still one client."""
    programme = make_programme()
    browser = Browser(site.port)
    assert browser.get("/en/roscab/register/").status_code == 200
    # Through nginx, every client here is 127.0.0.1.
    wait_clear_of_rate_limit_window_edge("127.0.0.1")
    statuses = []
    for attempt in range(3):
        response = browser.post(
            "/en/roscab/register/",
            valid_data(programme, cv=None, email=f"spoof{attempt}@example.org"),
            files={"cv": ("cv.pdf", PDF_BYTES, "application/pdf")},
            headers={"X-Forwarded-For": f"203.0.113.{attempt + 1}", "X-Real-IP": "198.51.100.7"},
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]


def _slow_client(port, stop, kind):
    """Sends its request a few bytes at a time, never finishing before `stop` is set."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        if kind == "headers":
            sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            trickle = b"X-Slow: 1\r\n"
        else:
            sock.sendall(
                b"POST /en/roscab/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\n"
            )
            trickle = b"a=b&"
        while not stop.wait(0.5):
            try:
                sock.sendall(trickle)
            except OSError:
                return  # nginx gave up on us: that is the point


def test_slow_clients_do_not_stall_other_visitors(site):
    stop = threading.Event()
    clients = [
        threading.Thread(target=_slow_client, args=(site.port, stop, kind), daemon=True)
        for kind in ("headers", "headers", "body", "body")
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(1)  # they are connected and trickling
        for _ in range(3):
            status, _headers, _body = get(site.port, "/en/programmes/", timeout=10)
            assert status == 200
        assert all(client.is_alive() for client in clients)  # still trickling meanwhile
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)
