"""Real processes for the deployment tests: gunicorn app servers, nginx in front, an
S3-compatible server (moto in server mode). Each on a free loopback port, each stopped by the
test that started it."""

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

sys.path.insert(0, str(ROOT / "deploy"))
from render_nginx import render  # noqa: E402


def wait_clear_of_rate_limit_window_edge(value, period=3600, margin=20):
    """Wait, if need be, until the rate-limit window of `value` has `margin` seconds left.

    django-ratelimit ends each window at a second of the period picked by a hash of the key
    (here a client address): attempts that straddle that second are counted in two windows.
    The servers are other processes, so their clock cannot be held still as in-process tests do.
    """
    edge = zlib.crc32(value.encode()) % period
    left = (edge - int(time.time()) % period) % period
    if left < margin:
        time.sleep(left + 1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None, timeout=15, method="GET", body=None):
    """(status, headers as a dict with lower-case names, body) of one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_until_answers(port, path, deadline_seconds=30, process=None):
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, path, timeout=2)[0] < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered {path} on port {port} within {deadline_seconds} s")


def database_url(settings_dict):
    """The URL of the database Django is using (the test database, once it is set up)."""
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def production_env(workdir, database_url, cache_prefix, **extra):
    """Production settings, as an operator would set them, for processes the tests start.

    The cache prefix gets a suffix of its own for each call: the servers' keys (rate-limit
    counters that last an hour) are not the test process's, so its cache.clear() leaves them,
    and a run must never find the counters of an earlier run in the same Redis.
    """
    cache_prefix = f"{cache_prefix}-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesric_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",  # production requires https; links only
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/7"),
        "CACHE_KEY_PREFIX": cache_prefix,
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "FILES_SERVED_BY": "nginx",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@contextlib.contextmanager
def gunicorn(env, *, workers=1, timeout=30):
    port = free_port()
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
            "--timeout",
            str(timeout),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_answers(port, "/healthz", process=process)
        yield port, process
    finally:
        stop(process)


@contextlib.contextmanager
def nginx(workdir, upstream_ports, **options):
    port = free_port()
    prefix = workdir / f"nginx-{port}"
    config = render(
        prefix=prefix,
        listen=f"127.0.0.1:{port}",
        upstreams=[f"127.0.0.1:{upstream}" for upstream in upstream_ports],
        static_root=workdir / "static",
        media_root=workdir / "media",
        private_media_root=workdir / "private",
        **options,
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)],
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answers(port, "/healthz", process=process)
        yield port
    finally:
        stop(process, signal.SIGQUIT)


@contextlib.contextmanager
def s3_server():
    """moto's S3-compatible server (a real HTTP server, boto3 talks to it as to any S3)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_env(endpoint, public_bucket, private_bucket):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
    )
    for bucket in (public_bucket, private_bucket):
        client.create_bucket(Bucket=bucket)
    return {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_PUBLIC_BUCKET": public_bucket,
        "S3_PRIVATE_BUCKET": private_bucket,
    }, client


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class Browser:
    """A client that keeps cookies like a browser behind TLS would (production cookies are
    Secure; nginx is reached over plain loopback HTTP here) and answers CSRF checks."""

    def __init__(self, port):
        import requests

        self.port = port
        self.session = requests.Session()

    def url(self, path, port=None):
        return f"http://127.0.0.1:{port or self.port}{path}"

    def _keep_cookies(self):
        for cookie in self.session.cookies:
            cookie.secure = False

    def get(self, path, port=None, **options):
        response = self.session.get(
            self.url(path, port), allow_redirects=False, timeout=15, **options
        )
        self._keep_cookies()
        return response

    def post(self, path, data, port=None, files=None, headers=None):
        origin = f"http://127.0.0.1:{port or self.port}"
        data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        response = self.session.post(
            self.url(path, port),
            data=data,
            files=files,
            headers={"Origin": origin, "Referer": origin + path, **(headers or {})},
            allow_redirects=False,
            timeout=15,
        )
        self._keep_cookies()
        return response

    def log_in(self, username, password, port=None):
        """Sign in to the admin, the second factor included: production settings ask staff
        who see personal data for a code (accounts.two_factor); a one-use recovery code of a
        device made here for the user is given."""
        code = recovery_code(username)
        self.get("/en/admin/login/", port=port)
        response = self.post(
            "/en/admin/login/",
            {"username": username, "password": password, "next": "/en/admin/"},
            port=port,
        )
        assert response.status_code == 302, response.text[:500]
        response = self.get("/en/admin/", port=port)
        if response.status_code == 302 and "/two-factor/" in response.headers["Location"]:
            verify = urlsplit(response.headers["Location"])
            path = verify.path + (f"?{verify.query}" if verify.query else "")
            self.get(path, port=port)
            response = self.post(path, {"code": code}, port=port)
            assert response.status_code == 302, response.text[:500]


def recovery_code(username):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice

    code = secrets.token_hex(8)
    user = get_user_model().objects.get(username=username)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="deployment tests", defaults={"confirmed": True}
    )
    device.token_set.create(token=code)
    return code
