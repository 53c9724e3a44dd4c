#!/usr/bin/env python
"""Where the time of an uncached page goes, measured in-process and deterministically.

    DJANGO_SETTINGS_MODULE=sesric_site.settings.production PAGE_CACHE=off BENCHMARK=on ... \\
        .venv/bin/python scripts/profile_pages.py [--page search] [--top 25] [--callgrind]

Run it against a database filled the way the benchmark fills it (migrate, loaddemo,
generate_bulk_content). For each page of the benchmark it prints the queries, the Python function
calls of one request (cProfile: the same figure on a loaded machine as on an idle one), the median
CPU milliseconds of a few requests, and with --top the functions with most own time.

--callgrind runs the requests under `valgrind --tool=callgrind` and prints the machine
instructions of each request (instrumentation switched on around the request only, through
valgrind's client requests in a tiny C helper compiled with gcc): the most stable figure when other
processes load the machine. It needs valgrind, its headers and gcc (Debian: valgrind, gcc).
"""

import argparse
import cProfile
import ctypes
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HELPER = r"""
#include <valgrind/callgrind.h>
void cg_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void cg_stop(const char *name) { CALLGRIND_DUMP_STATS_AT(name); CALLGRIND_STOP_INSTRUMENTATION; }
"""


def pages(client):
    """The benchmark's pages (scripts/benchmark.py), found the same way: through the sitemap."""
    sitemap = client.get("/sitemap.xml").content
    locations = [urlsplit(url.decode()).path for url in re.findall(rb"<loc>([^<]+)</loc>", sitemap)]
    programme = next(p for p in locations if re.fullmatch(r"/en/programmes/(?!downloads)[^/]+/", p))
    activity = next(p for p in locations if re.fullmatch(r"/en/activities/[^/]+/", p))
    return [
        ("home", "/en/"),
        ("catalogue", "/en/programmes/"),
        ("programme", programme),
        ("downloads", "/en/programmes/downloads/"),
        ("activities-en", "/en/activities/"),
        ("activities-ar", "/ar/activities/"),
        ("activity", activity),
        ("statistics", "/en/statistics/"),
        ("search", f"/en/search/?q={quote('diplomacy')}"),
        ("register", "/en/roscab/register/"),
        ("floor", "/benchmark/floor/"),
    ]


def compile_helper():
    directory = Path(tempfile.mkdtemp(prefix="cgctl-"))
    (directory / "cgctl.c").write_text(HELPER)
    gcc = shutil.which("gcc") or sys.exit("--callgrind needs gcc (and valgrind's headers)")
    subprocess.run(
        [gcc, "-O2", "-shared", "-fPIC", "-o", "cgctl.so", "cgctl.c"], cwd=directory, check=True
    )
    return directory / "cgctl.so"


def under_callgrind(options):
    """Re-run this script under callgrind and read the instructions of each dump."""
    helper = compile_helper()
    out = Path(tempfile.mkdtemp(prefix="callgrind-"))
    valgrind = shutil.which("valgrind") or sys.exit("--callgrind needs valgrind")
    command = [valgrind, "--tool=callgrind", "--instr-atstart=no"]
    command += [f"--callgrind-out-file={out}/cg.%p", "--dump-instr=no"]
    command += [sys.executable, __file__, "--requests", "1", "--_helper", str(helper)]
    for page in options.page or []:
        command += ["--page", page]
    subprocess.run(command, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    rows = []
    dumps = sorted(out.glob("cg.*"), key=lambda p: [int(n) for n in re.findall(r"\d+", p.name)])
    for dump in dumps:
        text = dump.read_text(errors="replace")
        name = re.search(r"^desc: Trigger: Client Request: (.+)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if name and total:
            rows.append((name[1], int(total[1])))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(helper.parent, ignore_errors=True)
    print(f"{'page':<16}{'instructions':>16}")
    for name, total in rows:
        print(f"{name:<16}{total:>16,}")


def print_nodes(client, path, top):
    """Python function calls made by each template node (template, line, tag) itself, in one
    request: deterministic, unlike times on a shared machine."""
    from django.template.base import Node

    original = Node.render_annotated
    calls = [0]
    own, renders, stack = {}, {}, []

    def count(_frame, event, _arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    def render_annotated(node, context):
        token = getattr(node, "token", None)
        origin = getattr(node, "origin", None)
        key = (
            getattr(origin, "template_name", "?"),
            token.lineno if token else 0,
            type(node).__name__,
        )
        stack.append(0)
        started = calls[0]
        try:
            return original(node, context)
        finally:
            spent = calls[0] - started
            children = stack.pop()
            own[key] = own.get(key, 0) + spent - children
            renders[key] = renders.get(key, 0) + 1
            if stack:
                stack[-1] += spent

    Node.render_annotated = render_annotated
    sys.setprofile(count)
    try:
        client.get(path)
    finally:
        sys.setprofile(None)
        Node.render_annotated = original
    print(f"  {calls[0]:,} calls in the request, {sum(own.values()):,} of them in template nodes")
    print(f"  {'calls':>8}{'renders':>9}  template:line node")
    for key, spent in sorted(own.items(), key=lambda item: -item[1])[:top]:
        print(f"  {spent:>8,}{renders[key]:>9}  {key[0]}:{key[1]} {key[2]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", action="append", help="only these labels (repeatable)")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per page")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sort", default="tottime", help="pstats sort key for --top")
    parser.add_argument("--nodes", type=int, default=0, help="the N template nodes most costly")
    parser.add_argument("--callgrind", action="store_true", help="instructions under valgrind")
    parser.add_argument("--_helper", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.callgrind:
        return under_callgrind(options)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    helper = ctypes.CDLL(options._helper) if options._helper else None
    client = Client(HTTP_HOST="127.0.0.1", headers={"Accept-Encoding": "gzip"})
    connection.force_debug_cursor = True
    if not helper:
        print(f"{'page':<16}{'status':>7}{'queries':>8}{'calls':>10}{'cpu ms':>9}{'bytes':>9}")
    for label, path in pages(client):
        if options.page and label not in options.page:
            continue
        for _ in range(2):  # warm: templates compiled, connections open, caches filled
            response = client.get(path)
        reset_queries()
        if helper:
            helper.cg_start()
            response = client.get(path)
            helper.cg_stop(label.encode())
            continue
        response = client.get(path)
        queries = len(connection.queries)
        profile = cProfile.Profile()
        profile.enable()
        client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        times = []
        for _ in range(options.requests):
            started = time.process_time()
            client.get(path)
            times.append((time.process_time() - started) * 1000)
        print(
            f"{label:<16}{response.status_code:>7}{queries:>8}{stats.total_calls:>10,}"
            f"{statistics.median(times):>9.1f}{len(response.content):>9,}"
        )
        if options.top:
            stats.sort_stats(options.sort).print_stats(options.top)
        if options.nodes:
            print_nodes(client, path, options.nodes)
    return None


if __name__ == "__main__":
    main()
