"""Freshness of everything derived from the content, declared once.

Derived things (cached pages, the sitemap, the feed, the statistics, search entries) depend on
content models. `watch()` connects, per model (never to every model: that would stop Django
from fast-deleting unrelated rows), the receivers of every kind of change: save, delete,
many-to-many changes, and `bulk_updated`, which querysets send after an UPDATE that bypasses
the model signals (the admin's publish/unpublish actions). Translations are fields of the
model itself, so they arrive as saves.

What a change does:
- the search index is rewritten in the same transaction (it lives in the database, see
  search/signals.py, which registers its own dependents through `watch()`);
- the site-wide *content generation* in the shared cache is bumped once the transaction
  commits. Every cached page is stored with the generation it was rendered at and is served
  only while that generation is current: invalidation is one atomic INCR, seen by every app
  server at once. Pages that depend on today's date also carry the day (Europe/Istanbul) and
  expire at midnight. Every entry has a time-to-live as a backstop.

A bump that fails (the cache unreachable during an edit) is retried: at the next request of
the same process, and by the task `retry_failed_bump` on the queue (core/tasks.py), which every
app server's cache sees; the entries' time-to-live is the last backstop.
"""

import logging
import threading
import time
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from .limits import CacheUnavailable

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
# The generation outlives any page entry; when it is lost it restarts from the clock, which is
# always above any value an older entry could carry.
GENERATION_TIMEOUT = 30 * 24 * 60 * 60
# A failed bump is tried again by the task queue after 30 s, 60 s, 90 s…, this many times.
RETRY_DELAY_SECONDS = 30
MAX_RETRIES = 10

# Sent by queryset methods that change rows with UPDATE: sender is the model, pks the rows.
bulk_updated = Signal()

_failed = threading.Event()


def _initial_generation():
    return time.time_ns() // 1_000_000


def current_generation(value=None):
    """The content generation, created if missing; `value` is one already read with get_many."""
    if value is not None:
        return value
    cache.add(GENERATION_KEY, _initial_generation(), GENERATION_TIMEOUT)
    return cache.get(GENERATION_KEY)


def bump_generation(retry=True):
    """Invalidate every cached page, on every app server. Returns False if the cache failed."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # missing: evicted or never set
            cache.add(GENERATION_KEY, _initial_generation(), GENERATION_TIMEOUT)
            cache.incr(GENERATION_KEY)
        cache.touch(GENERATION_KEY, GENERATION_TIMEOUT)
    except Exception:  # noqa: BLE001 - any cache failure: retried, never an error page
        logger.warning("Could not bump the content generation; will retry", exc_info=True)
        _failed.set()
        if retry:
            schedule_retry()
        return False
    _failed.clear()
    return True


def schedule_retry(attempt=1):
    """Queue `retry_failed_bump`; if the database cannot take it either, the next request of
    this process and the entries' time-to-live remain."""
    try:
        retry_failed_bump.using(
            run_after=timezone.now() + timedelta(seconds=RETRY_DELAY_SECONDS * attempt)
        ).enqueue(attempt)
    except Exception:  # noqa: BLE001 - never turn a saved edit into an error page
        logger.warning("Could not queue the retry of a content generation bump", exc_info=True)


@task()
def retry_failed_bump(attempt: int = 1):
    if bump_generation(retry=False):
        return "bumped"
    if attempt >= MAX_RETRIES:
        logger.error("Content generation not bumped after %d retries; pages expire by TTL", attempt)
        return "gave up"
    schedule_retry(attempt + 1)
    return f"attempt {attempt} failed, retry queued"


def read_current(keys):
    """(generation, entries): the content generation and the cache's entries for `keys`, in one
    round trip, after retrying a bump that failed. django-redis ignores its errors
    (IGNORE_EXCEPTIONS), so a Redis that is down or hangs gives no generation: that is raised
    as CacheUnavailable, and nothing is read a second time from it."""
    retry_pending()
    found = cache.get_many([GENERATION_KEY, *keys])
    generation = current_generation(found.get(GENERATION_KEY))
    if generation is None:
        raise CacheUnavailable("the shared cache gave no content generation")
    return generation, found


def retry_pending():
    """Called before serving from the cache: a bump that failed earlier is tried again."""
    if _failed.is_set():
        bump_generation()


def bump_pending():
    return _failed.is_set()


def content_changed(**_kwargs):
    """Bump the generation once the current transaction commits (once per transaction)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is bump_generation for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_generation, robust=True)


def _on_m2m_changed(action, **_kwargs):
    if action.startswith("post_"):
        content_changed()


def watch(*models):
    """Declare `models` as content: any change to them makes every cached page stale."""
    for model in models:
        uid = f"freshness:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        bulk_updated.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )
