#!/usr/bin/env python
"""Throughput of every public page against Django's own floor, the way production serves it.

    .venv/bin/python scripts/benchmark.py [--quick] [--scale 10] [--output docs/benchmark.md]

1. Recreates the PostgreSQL database `sesric_bench` (--database-url), migrates it, loads the
   demo content and tops it up to a realistic size (generate_bulk_content: 25 programmes,
   2,000 activities, 20,000 photo rows sharing a few dozen generated pictures, 10,000 experts;
   --scale multiplies activities, photos and experts).
2. Starts two gunicorns with production settings on this machine's loopback (free ports, 2
   sync workers each): one with the page cache, one with PAGE_CACHE=off. BENCHMARK=on adds the
   floor view (a ~10 KB page through a base template, no query) and an X-Queries header.
3. Drives them with wrk (16 connections, fixed duration) in interleaved rounds: the floor, then
   every page, on each server; ratios compare a page with the floor of the same server and run.
4. Prints the table (req/s cached and uncached, ratio to the floor, p50 and p99, queries) and
   writes it to --output with the machine it ran on.

--quick (CI) uses a small data set, one short round, and writes nothing: it proves the
benchmark still runs; no figure is asserted anywhere. Staff pages (the roster list, a ToR
request with its suggestions: 10,000 experts in the full run) are measured with 2 connections
for at least 5 s, in both modes; a row that completed no request shows – and says so.
"""

import argparse
import contextlib
import datetime
import http.client
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STAFF = ("benchmark-staff", secrets.token_urlsafe(16))
# The staff account's second factor (accounts app): a one-use recovery code.
STAFF_CODE = secrets.token_hex(8)
STAFF_DEVICE = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice
device = StaticDevice.objects.create(
    user=get_user_model().objects.get(username={username!r}), name="benchmark", confirmed=True
)
device.token_set.create(token={code!r})
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def fetch(port, path, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Unexpected database name {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if fetch(port, "/healthz")[0].status == 200:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 60 s")
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def log_in(port):
    """A staff session cookie, through the admin's login form."""
    response, content = fetch(port, "/en/admin/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))[1]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)[1].decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": STAFF[0], "password": STAFF[1]})
    response, _content = fetch(
        port,
        "/en/admin/login/?next=/en/admin/",
        "POST",
        {
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body,
    )
    cookies = " ".join(response.getheader("Set-Cookie", "").split())
    session = re.search(r"sessionid=([^;]+)", cookies)
    if response.status != 302 or not session:
        raise RuntimeError(f"Staff login failed ({response.status})")
    cookie = f"csrftoken={csrf_cookie}; sessionid={session[1]}"
    # The second step: the admin sends the session to the code page; the recovery code.
    response, _content = fetch(port, "/en/admin/", headers={"Cookie": cookie})
    if response.status == 302 and "two-factor" in response.getheader("Location", ""):
        verify = response.getheader("Location")
        response, content = fetch(port, verify, headers={"Cookie": cookie})
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)[1].decode()
        body = urlencode({"csrfmiddlewaretoken": token, "code": STAFF_CODE})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        response, _content = fetch(port, verify, "POST", headers, body)
        cookies = " ".join(response.getheader("Set-Cookie", "").split())
        session = re.search(r"sessionid=([^;]+)", cookies) or session
        if response.status != 302:
            raise RuntimeError(f"Staff second factor failed ({response.status})")
    return f"sessionid={session[1]}"


def pages(port):
    """(label, path): one page of each kind, the programme and activity with most content."""
    _response, sitemap = fetch(port, "/sitemap.xml")
    locations = [urlsplit(url.decode()).path for url in re.findall(rb"<loc>([^<]+)</loc>", sitemap)]
    programme = next(p for p in locations if re.fullmatch(r"/en/programmes/(?!downloads)[^/]+/", p))
    activity = next(p for p in locations if re.fullmatch(r"/en/activities/[^/]+/", p))
    return [
        ("home", "/en/"),
        ("catalogue", "/en/programmes/"),
        ("programme page", programme),
        ("downloads", "/en/programmes/downloads/"),
        ("activities index (en)", "/en/activities/"),
        ("activities index (ar)", "/ar/activities/"),
        ("activity page", activity),
        ("statistics", "/en/statistics/"),
        ("search", f"/en/search/?q={quote('diplomacy')}"),
        ("registration form", "/en/roscab/register/"),
    ]


def prepare_matching(env):
    """A request to suggest for (scripts/benchmark_matching.py); returns its id and the median
    ms of the suggestions alone."""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", "exec(open('scripts/benchmark_matching.py').read())"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(output[-2]), float(output[-1])


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# Staff pages are measured as staff use them, a few at a time, long enough for a page of
# several hundred milliseconds to complete requests (with 16 connections and 1 s rounds, the
# short mode completed none and read 0 req/s).
STAFF_CONNECTIONS = 2
STAFF_MIN_DURATION = 5


def wrk(port, path, duration, connections, threads, cookie=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "30s"]  # a slow page is measured slow, not dropped
    command += ["-H", "Host: 127.0.0.1", "-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(errors[1]) if errors else 0,
    }


def machine():
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} (load average {load})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/sesric_bench")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--quick", action="store_true", help="small data, one short round (CI)")
    parser.add_argument("--scale", type=int, default=1, help="× activities, photos, experts")
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default="docs/benchmark.md")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make benchmark` installs it (Debian package wrk).")
    if options.quick:
        options.duration, options.rounds = 1, 1
        experts = 200
        sizes = ["--activities", "60", "--photos", "300", "--pictures", "3"]
    else:
        scale = options.scale
        experts = 10000 * scale
        sizes = ["--activities", str(2000 * scale), "--photos", str(20000 * scale)]
    sizes += ["--experts", str(experts)]
    # The short mode's staff pages (200 experts) complete requests within its 1 s rounds.
    staff_duration = (
        options.duration if options.quick else max(options.duration, STAFF_MIN_DURATION)
    )

    workdir = Path(tempfile.mkdtemp(prefix="sesric-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesric_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": options.database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "CACHE_URL": options.cache_url,
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "BENCHMARK": "on",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    started = time.monotonic()
    print("Preparing the database (migrate, demo, generated content)...", flush=True)
    recreate_database(options.database_url)
    # Static files need no database: collected (and compressed) while the data is prepared.
    static = subprocess.Popen(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    manage(env, "loaddemo")
    manage(env, "generate_bulk_content", *sizes)
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": STAFF[1]},
        "createsuperuser",
        "--noinput",
        "--username",
        STAFF[0],
        "--email",
        "staff@example.org",
    )
    manage(env, "shell", "-c", STAFF_DEVICE.format(username=STAFF[0], code=STAFF_CODE))
    request_id, suggestions_ms = prepare_matching(env)
    if static.wait() != 0:
        raise SystemExit("collectstatic failed")
    print(f"Data ready in {time.monotonic() - started:.0f} s.", flush=True)

    cached_port, uncached_port = free_port(), free_port()
    with (
        gunicorn(env, cached_port, options.workers),
        gunicorn({**env, "PAGE_CACHE": "off"}, uncached_port, options.workers),
    ):
        staff_cookie = log_in(uncached_port)
        rows = pages(uncached_port)
        queries = {}
        for label, path in rows:
            response, _content = fetch(uncached_port, path)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            queries[label] = response.getheader("X-Queries")
            fetch(cached_port, path)  # fills the page cache
        admin = (f"experts list (staff, {experts:,} experts)", "/en/admin/experts/expert/")
        suggestions = (
            f"ToR request with suggestions (staff, {experts:,} experts)",
            f"/en/admin/cooperation/torrequest/{request_id}/change/",
        )
        for label, path in (admin, suggestions):
            response, _content = fetch(uncached_port, path, headers={"Cookie": staff_cookie})
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status} to the staff session")
            queries[label] = response.getheader("X-Queries")

        results = {}  # (server, label) -> [measurements]

        def measure(server, port, label, path, cookie=None):
            if cookie:  # a staff page
                result = wrk(port, path, staff_duration, STAFF_CONNECTIONS, 1, cookie)
            else:
                result = wrk(port, path, options.duration, options.connections, 2, cookie)
            results.setdefault((server, label), []).append(result)

        for round_number in range(options.rounds):
            print(f"Round {round_number + 1}/{options.rounds}...", flush=True)
            for server, port in (("cached", cached_port), ("uncached", uncached_port)):
                measure(server, port, "floor", "/benchmark/floor/")
                for label, path in rows:
                    measure(server, port, label, path)
            measure("uncached", uncached_port, admin[0], admin[1], staff_cookie)
            measure("uncached", uncached_port, suggestions[0], suggestions[1], staff_cookie)

    def summary(server, label):
        runs = results.get((server, label))
        if not runs:
            return None
        return {
            "rps": statistics.mean(run["rps"] for run in runs),
            "p50": max(run["p50"] for run in runs),
            "p99": max(run["p99"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
        }

    floors = {server: summary(server, "floor")["rps"] for server in ("cached", "uncached")}
    header = (
        "| page | queries | uncached req/s | ratio | p50 ms | p99 ms "
        "| cached req/s | ratio | p50 ms | p99 ms |"
    )
    lines = [header, "|" + " --- |" * 10]
    lines.append(
        f"| floor | 0 | {floors['uncached']:.0f} | 1.00 | | | {floors['cached']:.0f} | 1.00 | | |"
    )
    errors = 0
    unmeasured = []
    for label, _path in [*rows, admin, suggestions]:
        cells = [label, queries.get(label) or "?"]
        for server in ("uncached", "cached"):
            result = summary(server, label)
            if result is None:
                cells += ["–"] * 4
                continue
            errors += result["errors"]
            if not result["rps"]:  # no request completed within the measurement
                cells += ["–"] * 4
                unmeasured.append(label)
                continue
            cells += [
                f"{result['rps']:.0f}",
                f"{result['rps'] / floors[server]:.2f}",
                f"{result['p50']:.1f}",
                f"{result['p99']:.1f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    table += (
        f"\n\nSuggestions for a request alone (in process, median of 20): {suggestions_ms:.1f} ms "
        "(target: under 300 ms)."
    )
    if unmeasured:
        table += (
            f"\n\nNo request completed in time (shown –): {', '.join(unmeasured)}; "
            "rerun with a longer --duration."
        )
    print()
    print(table)
    if errors:
        print(f"\nWARNING: {errors} responses were not 2xx/3xx.")
    about = (
        f"Measured {datetime.date.today().isoformat()} on {machine()}; {options.workers} sync "
        f"gunicorn workers per server, wrk with {options.connections} connections, "
        f"{options.rounds} interleaved rounds of {options.duration} s (staff pages: "
        f"{STAFF_CONNECTIONS} connections, {staff_duration} s); data scale "
        f"{options.scale}×{' (--quick: 200 experts)' if options.quick else ''}. "
        "p50/p99 are the worst of the rounds."
    )
    print("\n" + about)
    if not options.quick and options.output:
        output = ROOT / options.output
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(f"# Benchmark\n\n{about}\n\n{table}\n")
        print(f"Written to {options.output}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
