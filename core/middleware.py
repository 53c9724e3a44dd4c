import logging

from django.db import connection
from django.http import HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class RequestSanityMiddleware:
    """Answers malformed requests with a styled, translated page instead of an error.

    - A NUL character anywhere in the path or the query string: no page needs one, and
      PostgreSQL refuses it in text, so it would otherwise end as a server error deep in a view.
    - A method a view does not allow: Django's 405 has an empty body; give it a page.
    - A form with files that Django's multipart parser cannot read. Its commonest cause is a
      file name of about 1 KB or more: the parser refuses a part whose headers exceed 1,024
      bytes (django.http.multipartparser.MAX_TOTAL_HEADER_SIZE) before any form or view sees
      the request, so no form error can be shown; this page says what to do instead of a
      generic "Bad request". Shorter names that are still too long are form errors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parsed here, where a failure can be answered
            except (MultiPartParserError, UnreadablePostError):
                # UnreadablePostError: the client went away mid-upload; nobody reads this.
                return render(request, "400_upload.html", status=400)
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class QueryCountMiddleware:
    """X-Queries: the number of database queries of the request (benchmark only, see
    settings.BENCHMARK)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        # A worker's first request opens its connection: that setup is not the page's work.
        connection.ensure_connection()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response


STORAGE_RETRY_AFTER_SECONDS = 60


def is_storage_outage(error) -> bool:
    """Whether `error` says the file storage could not be reached (not that a file is missing).

    botocore's connection errors and timeouts, and the object store's own "try later" answers
    (5xx, SlowDown); a local folder that cannot be read at all (a lost network mount).
    """
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - django-storages' S3 backend is always installed
        return False
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or error.response.get("Error", {}).get("Code") == "SlowDown"
    return isinstance(error, BotoCoreError)


class StorageOutageMiddleware:
    """The object store unreachable: a translated 503 with Retry-After, never a 500.

    Whichever view met it (a counted download, a CV download, a photo saved in the admin), the
    request's transaction is rolled back first (the exception leaves the atomic block), so no
    row names a file that was not stored, and no download was counted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_outage(exception):
            return None
        logger.error("File storage unreachable: %s %s", request.method, request.path, exc_info=True)
        # Rendered without the request, as the other error pages (see core.views.server_error).
        response = HttpResponse(loader.get_template("503_storage.html").render({}), status=503)
        response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
