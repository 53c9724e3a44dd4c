"""Fragments of pages kept in the shared cache while the content they show is unchanged.

    html = cached_fragment("website.statistics", [day], lambda: render_to_string(...))

A fragment is stored with the content generation it was rendered at (core.freshness) and
served only while that generation is current: every edit that reaches the page cache reaches
the fragments too, on every app server at once. One get_many reads the generation and the
fragment (one round trip); the language is always part of the key; every entry has the page
cache's time-to-live as a backstop. It works whether the page cache is on or off
(PAGE_CACHE=off is the benchmark's uncached column).

Never for what differs per visitor (CSRF tokens, messages, form errors or typed values): only
for HTML that depends on the content, the language and the `parts` of the key.

Within a transaction that changed content, the generation is about to be bumped: fragments
are neither read nor stored until it commits (the edit's own request sees fresh HTML).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from . import freshness

logger = logging.getLogger(__name__)


def _bump_pending():
    pending = transaction.get_connection().run_on_commit
    return any(callback is freshness.bump_generation for _sids, callback, _robust in pending)


def fragment_key(name, parts=()):
    address = "|".join([name, get_language() or "", *(str(part) for part in parts)])
    return "fragment:" + hashlib.sha256(address.encode()).hexdigest()


def cached_fragment(name, parts, render, timeout=None):
    """What `render()` returns (safe HTML, or a tuple of safe HTML), from the shared cache while
    the content generation is current."""
    if _bump_pending():
        return render()
    key = fragment_key(name, parts)
    try:
        found = cache.get_many([freshness.GENERATION_KEY, key])
        generation = freshness.current_generation(found.get(freshness.GENERATION_KEY))
    except Exception:  # noqa: BLE001 - the cache down: rendered, never an error
        logger.warning("Fragment cache unavailable; rendering %s", name, exc_info=True)
        return render()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]  # SafeString pickles as itself
    html = render()
    try:
        cache.set(key, (generation, html), timeout or settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Could not store the fragment %s", name, exc_info=True)
    return html
