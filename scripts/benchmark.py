#!/usr/bin/env python
"""Measure the site's response times the way production serves it (gunicorn, production
settings, compiled static files), on this machine's loopback only.

    .venv/bin/python scripts/benchmark.py [--database-url URL] [--requests 30] [--scale 0]

It migrates the database, loads the demo content (plus --scale generated programmes and
activities, to see how pages hold up as content grows), starts gunicorn on a free local port,
requests every URL of the sitemap plus a few searches sequentially, and prints the median and
95th percentile per page. Timing is never asserted by the test suite; this script is where
performance is measured.
"""

import argparse
import contextlib
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCHES = {"en": "diplomacy", "ar": "الدبلوماسية", "fr": "securite"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, len(body), elapsed, body


@contextlib.contextmanager
def gunicorn(env, port, workers):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "sesric_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if fetch(port, "/healthz")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 30 s")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def pages_to_measure(port, per_page_kind=3):
    """{page kind: up to per_page_kind paths}: every kind of page of the sitemap, and searches.

    "/fr/activities/some-slug/" is of kind "/fr/activities/<slug>/": timings of a kind pool the
    paths sampled for it, so the report stays one line per kind of page however large the site.
    """
    status, _size, _elapsed, body = fetch(port, "/sitemap.xml")
    if status != 200:
        raise RuntimeError(f"/sitemap.xml answered {status}")
    kinds = {}
    for url in re.findall(rb"<loc>([^<]+)</loc>", body):
        path = urlsplit(url.decode()).path
        kind = re.sub(r"^(/[a-z]{2}/[^/]+/)[^/]+/$", r"\1<slug>/", path)
        kinds.setdefault(kind, [])
        if len(kinds[kind]) < per_page_kind:
            kinds[kind].append(path)
    for language, word in SEARCHES.items():
        kinds[f"/{language}/search/?q=…"] = [f"/{language}/search/?q={quote(word)}"]
    return kinds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--requests", type=int, default=30, help="requests per URL")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=0, help="extra generated content")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sesric-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesric_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "SERVE_MEDIA": "true",
        "CACHE_URL": options.cache_url,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "loaddemo")
    if options.scale:
        manage(env, "generate_bulk_content", str(options.scale))

    port = free_port()
    print(f"{'page':<44} {'status':>6} {'bytes':>8} {'median ms':>10} {'p95 ms':>8}")
    with gunicorn(env, port, options.workers):
        for kind, paths in pages_to_measure(port).items():
            timings, statuses, size = [], set(), 0
            for path in paths:
                fetch(port, path)  # warm-up
                for _ in range(options.requests):
                    status, size, elapsed, _body = fetch(port, path)
                    statuses.add(status)
                    timings.append(elapsed * 1000)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            median = statistics.median(timings)
            status = "/".join(str(code) for code in sorted(statuses))
            print(f"{kind[:44]:<44} {status:>6} {size:>8} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
