from django.db import connection, transaction
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: a failing context processor must not break this page too.
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
