"""One log line per request, with its duration (JSON in production, see LOGGING)."""

import logging
import time

from core.net import client_ip

logger = logging.getLogger("sesric.requests")


class RequestLogMiddleware:
    """Placed first, so the duration covers every other middleware and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                # Behind nginx REMOTE_ADDR is nginx: the address the trusted proxies vouch for.
                "client": client_ip(request),
                "bytes": len(response.content) if not response.streaming else None,
            },
        )
        return response
