#!/usr/bin/env python3
"""Render deploy/nginx/sesric.conf.template into a working nginx configuration.

    python deploy/render_nginx.py --prefix /tmp/nginx --listen 127.0.0.1:8080 \\
        --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002 \\
        --static-root staticfiles --media-root media --private-media-root private_media

then `nginx -p PREFIX -e PREFIX/error.log -c PREFIX/nginx.conf` (in the foreground: the
configuration says `daemon off`). Used by the tests, by `make deploy-local` and as the model
for production (docs/deployment.md).
"""

import argparse
import getpass
import string
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "nginx"
# nginx.conf and the proxy settings it includes in each location that reaches the app.
FILES = {"sesric.conf.template": "nginx.conf", "sesric_proxy.conf.template": "sesric_proxy.conf"}


def render(
    *,
    prefix,
    listen,
    upstreams,
    static_root,
    media_root,
    private_media_root,
    client_timeout="10s",
    client_max_body_size="16m",
    admin_max_body_size="320m",
    forwarded_proto="$scheme",
    worker_processes="1",
    user=None,
):
    """Write PREFIX/nginx.conf (and the folders nginx writes to); returns its path."""
    prefix = Path(prefix).resolve()
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    values = {
        "prefix": prefix,
        "listen": listen,
        "upstream_servers": "\n".join(
            f"        server {address} max_fails=1 fail_timeout=2s;" for address in upstreams
        ),
        "static_root": Path(static_root).resolve(),
        "media_root": Path(media_root).resolve(),
        "private_media_root": Path(private_media_root).resolve(),
        "client_timeout": client_timeout,
        "client_max_body_size": client_max_body_size,
        "admin_max_body_size": admin_max_body_size,
        "forwarded_proto": forwarded_proto,
        "worker_processes": worker_processes,
        "user": user or getpass.getuser(),
    }
    for source, target in FILES.items():
        # safe_substitute leaves nginx's own $variables alone; a ${name} left over is a typo.
        text = string.Template((TEMPLATES / source).read_text()).safe_substitute(values)
        if "${" in text:
            raise ValueError(
                f"{source}: unknown placeholder left in {text[text.index('${') :][:40]}"
            )
        (prefix / target).write_text(text)
    return prefix / "nginx.conf"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--listen", required=True, help="address:port nginx listens on")
    parser.add_argument("--upstream", action="append", required=True, help="an app server")
    parser.add_argument("--static-root", required=True)
    parser.add_argument("--media-root", required=True)
    parser.add_argument("--private-media-root", required=True)
    parser.add_argument("--client-timeout", default="10s")
    parser.add_argument("--client-max-body-size", default="16m")
    parser.add_argument("--user", help="the workers' user (default: the current one)")
    options = parser.parse_args(argv)
    print(
        render(
            prefix=options.prefix,
            listen=options.listen,
            upstreams=options.upstream,
            static_root=options.static_root,
            media_root=options.media_root,
            private_media_root=options.private_media_root,
            client_timeout=options.client_timeout,
            client_max_body_size=options.client_max_body_size,
            user=options.user,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
