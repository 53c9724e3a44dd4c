import logging
import uuid

from django.apps import apps
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection, transaction
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
    # Rendered without the request: a failing context processor must not break this page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_safe
def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
