"""The shared page cache: public pages for anonymous visitors, served from the shared cache.

    @public_page(params=("sector",), daily=False)
    def index(request): ...

- Only GET/HEAD, only visitors without a session (or any cookie other than the CSRF and
  language cookies), only query strings made of the parameters the page declares, one value
  each: anything else is rendered fresh and stored nowhere, so junk parameters create no entries.
- The key is the site address, the language, the path and the declared parameters (sorted).
  Language is part of the URL, so no Vary on Accept-Language is needed for cached pages.
- An entry is served only while the content generation it was rendered at is current
  (core.freshness), and, for `daily` pages, on the day (TIME_ZONE) it was rendered. One
  get_many reads both the generation and the entry: one round trip to Redis per request.
- Only 200 responses without cookies, without an opened session and without Cache-Control
  private/no-store are stored. A page with a form is stored cut where its CSRF token was, and
  joined per request around this visitor's token (core.csrf).
- ETag and Last-Modified are set; a conditional request is answered 304.
- Each process keeps the entries it served last (RecentEntries, PAGE_CACHE_LOCAL_BYTES in
  all): for those, the round trip reads the generation and the entry's stamp, not the page.
- PAGE_CACHE=off switches it off; the cache failing means fresh pages, never an error.
"""

import functools
import hashlib
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from . import freshness
from .csrf import visitor_token

logger = logging.getLogger(__name__)

# The token itself, between the quotes of the form's hidden input.
CSRF_TOKEN = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(?=")')
# Part of every key: entries stored by an earlier release, in another shape, are never read.
ENTRY_FORMAT = 3
MAX_PARAMETER_LENGTH = 200
ENTRY_OVERHEAD = 1024
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "X-Robots-Tag")


@dataclass(frozen=True)
class Entry:
    generation: int
    day: str | None
    # The page, cut where it had a CSRF token (one part for a page without a form).
    parts: tuple[bytes, ...]
    headers: dict
    etag: str | None
    last_modified: float
    # Written beside the entry in the shared cache: which entry a process's copy is a copy of.
    stamp: str

    @property
    def size(self):
        # The key, headers and bookkeeping count too, so that even empty pages fill the bound.
        return sum(len(part) for part in self.parts) + ENTRY_OVERHEAD


class RecentEntries:
    """The entries this process served most recently, up to `max_bytes` of pages in all.

    Reading a page from Redis costs in proportion to its size (about 80 µs more for the 56 KB
    registration form than for the generation alone). A copy kept here is served after a read
    of the generation and of the entry's stamp only, and only while the stamp in the shared
    cache is the copy's own: an edit (a new generation), a page stored anew by any server, an
    eviction or a flushed cache (no stamp) is never hidden by a copy.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._entries = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # runserver and the test servers are threaded

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self._lock:
            self._discard(key)
            if entry.size > self.max_bytes:
                return
            self._entries[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes:
                self._discard(next(iter(self._entries)))

    def _discard(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

    def __len__(self):
        return len(self._entries)


recent_entries = RecentEntries(settings.PAGE_CACHE_LOCAL_BYTES)


def _ignored_cookies():
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def _cacheable_request(request, params):
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or set(request.COOKIES) - _ignored_cookies():
        return False
    for name, values in request.GET.lists():
        if name not in params or len(values) != 1 or len(values[0]) > MAX_PARAMETER_LENGTH:
            return False
    return True


def cache_key(request, params):
    query = urlencode(sorted((name, request.GET[name]) for name in params if name in request.GET))
    address = f"{request.build_absolute_uri('/')}|{get_language()}|{request.path}?{query}"
    return f"page:{ENTRY_FORMAT}:" + hashlib.sha256(address.encode()).hexdigest()


def _today(daily):
    return timezone.localdate().isoformat() if daily else None


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _entry_from(response, generation, day):
    parts = tuple(CSRF_TOKEN.split(response.content))
    return Entry(
        generation=generation,
        day=day,
        parts=parts,
        headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        # A page with a per-visitor token has no validator: its body differs per visitor.
        etag=None if len(parts) > 1 else f'"{hashlib.sha256(parts[0]).hexdigest()[:32]}"',
        last_modified=time.time(),
        stamp=uuid.uuid4().hex,
    )


def _current(entry, generation, day):
    return entry is not None and entry.generation == generation and entry.day == day


def _shared_entry(key, local):
    """(entry or None, generation) from one round trip to the shared cache, two when this
    process's copy is no longer the shared one."""
    stamp_key = key + ":stamp"
    generation, found = freshness.read_current([stamp_key if local else key])
    if local is None:
        return found.get(key), generation
    if found.get(stamp_key) == local.stamp:
        return local, generation
    return cache.get(key), generation


def _store(key, entry, timeout):
    recent_entries.put(key, entry)
    cache.set_many({key: entry, key + ":stamp": entry.stamp}, timeout)


def _set_validators(response, entry):
    if entry.etag:
        response["ETag"] = entry.etag
        response["Last-Modified"] = http_date(entry.last_modified)
        # Browsers revalidate every time (cheap 304s), so an edit is never hidden by them.
        patch_cache_control(response, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)


def _response_from(request, entry):
    if len(entry.parts) > 1:
        content = visitor_token(request).encode().join(entry.parts)
    else:
        content = entry.parts[0]
    response = HttpResponse(content)
    for name, value in entry.headers.items():
        response[name] = value
    _set_validators(response, entry)
    response["X-Page-Cache"] = "hit"
    if entry.etag:
        return get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.last_modified), response=response
        )
    return response


def _render(view, request, args, kwargs, atomic=True):
    # The view is not wrapped by ATOMIC_REQUESTS (a hit needs no database connection at all).
    # A GET or HEAD of a public page only reads: its queries run in autocommit, one round trip
    # each, without a BEGIN and a COMMIT around them. Anything else renders in one transaction,
    # as every other request does, unless the view was marked non_atomic_requests because it
    # runs (and cleans up after) its own transactions.
    if not atomic or request.method in ("GET", "HEAD"):
        return view(request, *args, **kwargs)
    with transaction.atomic():
        return view(request, *args, **kwargs)


def public_page(params=(), daily=False, timeout=None):
    """Serve the view from the shared page cache to anonymous visitors (see module doc).

    params: the query parameters the page understands; daily: the page shows things relative
    to today and expires at midnight; timeout: seconds an entry lives at most (the backstop,
    settings.PAGE_CACHE_SECONDS by default).
    """
    params = frozenset(params)

    def decorator(view):
        atomic = not getattr(view, "_non_atomic_requests", None)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, params):
                return _render(view, request, args, kwargs, atomic)
            key = cache_key(request, params)
            day = _today(daily)
            local = recent_entries.get(key)
            try:
                entry, generation = _shared_entry(key, local)
            except Exception:  # noqa: BLE001 - the cache down: fresh pages, never an error
                logger.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
                return _render(view, request, args, kwargs, atomic)
            if _current(entry, generation, day):
                if entry is not local:
                    recent_entries.put(key, entry)
                return _response_from(request, entry)
            response = _render(view, request, args, kwargs, atomic)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not _storable(request, response):
                return response
            entry = _entry_from(response, generation, day)
            try:
                _store(key, entry, timeout or settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Could not store %s in the page cache", request.path, exc_info=True)
            _set_validators(response, entry)
            response["X-Page-Cache"] = "miss"
            return response

        return transaction.non_atomic_requests(wrapper)

    return decorator


def never_cache_posts(view):
    """never_cache for the answers to a form (they may show what was typed), not for the
    empty form itself, which the page cache may store."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            add_never_cache_headers(response)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    return wrapper
