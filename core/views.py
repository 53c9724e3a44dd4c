import logging
import re
import sys
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView


class PrivacyView(TemplateView):
    """The privacy policy states the retention periods from the settings that enforce them."""

    template_name = "core/privacy.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "unconfirmed_days": settings.EXPERTS_UNCONFIRMED_RETENTION_DAYS,
            "retired_days": settings.EXPERTS_RETIRED_RETENTION_DAYS,
            "link_days": max(1, settings.EXPERTS_LINK_MAX_AGE // 86400),
            "rate_window": _duration(_rate_window_seconds(settings.EXPERTS_REGISTER_RATE)),
        }


_RATE = re.compile(r"\d+/(?P<multiple>\d*)(?P<unit>[smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate_window_seconds(rate):
    """The counting period of a django-ratelimit rate: "10/h" -> 3600, "5/15m" -> 900."""
    match = _RATE.fullmatch(rate.strip())
    if match is None:
        return 3600
    return int(match["multiple"] or 1) * _UNIT_SECONDS[match["unit"]]


def _duration(seconds):
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


# How long a client should wait before trying again while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage never gets
    healthy app servers restarted (that is what /readyz is for)."""
    return JsonResponse({"status": "ok"})


def _database_ready():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_ready():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _storage_ready():
    # One cheap call per storage: a stat on local folders, a HEAD request on S3 buckets.
    for alias in ("default", "private"):
        storages[alias].exists("readyz-probe")


def _task_queue_ready():
    """The task queue lives in the database (django-tasks-db): its table must answer."""
    apps.get_model("django_tasks_database", "DBTaskResult").objects.exists()


READINESS_CHECKS = {
    "database": _database_ready,
    "cache": _cache_ready,
    "storage": _storage_ready,
    "task_queue": _task_queue_ready,
}


@require_safe
@never_cache
@transaction.non_atomic_requests
def readyz(request):
    """Readiness, for the load balancer: 200 when the database, the cache, the storage and the
    task queue all answer; 503 naming what does not."""
    report, ready = {}, True
    for name, check in READINESS_CHECKS.items():
        try:
            report[name] = check() or "ok"
        except Exception:  # noqa: BLE001 - any failure means "not ready"; it is logged
            logger.warning("Readiness check failed: %s", name, exc_info=True)
            report[name] = "unavailable"
            ready = False
    report["status"] = "ok" if ready else "error"
    return JsonResponse(report, status=200 if ready else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 with Retry-After when the error is the database being unreachable.

    Rendered without the request: a failing context processor (or the database behind it) must
    not break this page too.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_safe
def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
@transaction.non_atomic_requests
def benchmark_floor(request):
    """The benchmark's reference: a ~10 KB page through a base template, no query. Routed
    only when settings.BENCHMARK is on (scripts/benchmark.py), never in normal production."""
    return render(request, "core/benchmark_floor.html", {"paragraphs": range(24)})
