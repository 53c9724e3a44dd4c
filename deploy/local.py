#!/usr/bin/env python
"""`make deploy-local`: nginx, two gunicorns, the task worker and an S3-compatible server
(moto) on this machine, under honcho, with production settings.

    python deploy/local.py            # render the configuration, then run deploy/Procfile
    python deploy/local.py prepare    # (web1) buckets, migrate, collectstatic, demo content
    python deploy/local.py wait       # (the others) until `prepare` has finished

PostgreSQL and Redis are the machine's own (DATABASE_URL, CACHE_URL); ports come from
DEPLOY_PORT (nginx, default 8080) and the three ports after it.
"""

import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".deploy-local"
PREPARED = STATE / "prepared"
sys.path.insert(0, str(ROOT / "deploy"))


def environment():
    port = int(os.environ.get("DEPLOY_PORT", "8080"))
    secret = STATE / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
    return {
        "DJANGO_SETTINGS_MODULE": "sesric_site.settings.production",
        "SECRET_KEY": secret.read_text(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port},http://localhost:{port}",
        # Plain HTTP on loopback: no TLS here, so no redirect to it.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sesric_local"
        ),
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"),
        "STATIC_ROOT": str(STATE / "static"),
        "MEDIA_ROOT": str(STATE / "media"),
        "PRIVATE_MEDIA_ROOT": str(STATE / "private"),
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port + 3}",
        "S3_ACCESS_KEY_ID": "local",
        "S3_SECRET_ACCESS_KEY": "local",
        "S3_PUBLIC_BUCKET": "sesric-public",
        "S3_PRIVATE_BUCKET": "sesric-private",
        "FILES_SERVED_BY": "nginx",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "NGINX_PREFIX": str(STATE / "nginx"),
        "DEPLOY_RUN": uuid.uuid4().hex,
        "DEPLOY_PORT": str(port),
        "WEB1_PORT": str(port + 1),
        "WEB2_PORT": str(port + 2),
        "S3_PORT": str(port + 3),
        "PATH": f"{Path(sys.executable).parent}:/usr/sbin:{os.environ.get('PATH', '')}",
    }


def start():
    from render_nginx import render

    STATE.mkdir(exist_ok=True)
    env = environment()
    render(
        prefix=env["NGINX_PREFIX"],
        listen=f"127.0.0.1:{env['DEPLOY_PORT']}",
        upstreams=[f"127.0.0.1:{env['WEB1_PORT']}", f"127.0.0.1:{env['WEB2_PORT']}"],
        static_root=env["STATIC_ROOT"],
        media_root=env["MEDIA_ROOT"],
        private_media_root=env["PRIVATE_MEDIA_ROOT"],
    )
    name = env["DATABASE_URL"].rsplit("/", 1)[-1]
    if env["DATABASE_URL"].startswith("postgres"):
        subprocess.run(
            [
                "createdb",
                "--maintenance-db",
                env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
                name,
            ],
            stderr=subprocess.DEVNULL,
            check=False,
        )
    PREPARED.unlink(missing_ok=True)
    processes = ["s3", "web1", "web2", "nginx", "worker"]
    print(f"\n  Site: http://127.0.0.1:{env['DEPLOY_PORT']}/  (nginx -> two gunicorns)\n")
    os.execvpe(
        sys.executable,
        [
            sys.executable,
            "-m",
            "honcho",
            "-f",
            str(ROOT / "deploy" / "Procfile"),
            "-d",
            str(ROOT),
            "start",
            *processes,
        ],
        {**os.environ, **env},
    )


def prepare():
    import boto3

    wait_for_s3()
    client = boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    )
    for bucket in (os.environ["S3_PUBLIC_BUCKET"], os.environ["S3_PRIVATE_BUCKET"]):
        client.create_bucket(Bucket=bucket)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["loaddemo"],
    ):
        subprocess.run(manage + command, cwd=ROOT, check=True)
    PREPARED.write_text(os.environ["DEPLOY_RUN"])


def wait_for_s3():
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(os.environ["S3_ENDPOINT_URL"], timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("The S3-compatible server did not start.")


def wait():
    for _ in range(1200):
        if PREPARED.exists() and PREPARED.read_text() == os.environ["DEPLOY_RUN"]:
            return
        time.sleep(0.5)
    sys.exit("The site was not prepared within 10 minutes.")


if __name__ == "__main__":
    {"prepare": prepare, "wait": wait}.get(sys.argv[1] if len(sys.argv) > 1 else "", start)()
