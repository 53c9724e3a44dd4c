"""Parts of public pages kept in the shared cache for one content generation (not the page cache).

The costly, content-derived part of a page (the lists of the activities index, the catalogue's
groups, a programme's or an activity's article) is written once per content generation and
language, then read back with one round trip to the cache, also when the page cache is off
(PAGE_CACHE=off) and for visitors the page cache never serves (staff, sessions):

    {% fragment "activities:index" fragment_query daily=True %} ... {% endfragment %}

- The key is the fragment's name, the language and its parts (the path, the declared query
  parameters); a part that is None means "do not cache" (a draft, an unknown query parameter).
- An entry is used only while the content generation it was written at is current
  (core.freshness: every save, delete, bulk update, many-to-many change and translation of a
  watched model bumps it once committed), and, when `daily`, on the day it was written
  (TIME_ZONE). Every entry has a time-to-live (PAGE_CACHE_SECONDS) as a backstop.
- Within a transaction that changed content (its bump not yet committed), fragments are
  written fresh and stored nowhere, so a request reads its own writes.
- On a miss, the view's `fragment_context` (a callable returning a dict) is called and added to
  the context: what only the fragment needs is queried only when it is written.
- Never put anything per visitor inside a fragment (CSRF tokens, messages, draft banners, staff
  links) nor content of models that `watch()` does not cover.
- The cache failing means the fragment is written fresh, never an error.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from . import freshness

logger = logging.getLogger(__name__)

PREFIX = "fragment:"
MAX_PARAMETER_LENGTH = 200


def query_key(request, params=()):
    """The request's query string as a key part: only the declared parameters, one value each
    and sorted; None (not cached) when it carries anything else, so junk creates no entries."""
    items = []
    for name, values in request.GET.lists():
        if name not in params or len(values) != 1 or len(values[0]) > MAX_PARAMETER_LENGTH:
            return None
        items.append((name, values[0]))
    return urlencode(sorted(items))


def _bump_pending():
    pending = transaction.get_connection().run_on_commit
    return any(callback is freshness.bump_generation for _sids, callback, _robust in pending)


def fragment_key(name, parts=()):
    address = "|".join([name, get_language() or "", *(str(part) for part in parts)])
    return PREFIX + hashlib.sha256(address.encode()).hexdigest()


def read_many(keys):
    """(keys, generation, entries) of several fragments in one round trip to the cache, for
    `cached_fragment(..., read=...)`; None when the cache fails."""
    try:
        return (keys, *freshness.read_current(keys))
    except Exception:  # noqa: BLE001 - each fragment then asks, and renders fresh
        logger.warning("Fragment cache unavailable", exc_info=True)
        return None


def cached_fragment(name, parts, render, timeout=None, *, daily=False, read=None):
    """What `render()` returns (safe HTML, or a tuple of safe HTML), from the shared cache while
    the content generation is current (and, when `daily`, on the day it was written). `read`
    is what `read_many()` returned for the page's fragments, so as not to ask again."""
    if any(part is None for part in parts) or _bump_pending():
        return render()
    key = fragment_key(name, parts)
    day = timezone.localdate().isoformat() if daily else None
    try:
        if read is not None and key in read[0]:
            _keys, generation, found = read
        else:
            generation, found = freshness.read_current([key])
    except Exception:  # noqa: BLE001 - the cache down: rendered, never an error
        logger.warning("Fragment cache unavailable; rendering %s", name, exc_info=True)
        return render()
    if freshness.bump_pending():
        return render()
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (generation, day):
        return entry[2]  # SafeString pickles as itself
    html = render()
    try:
        cache.set(key, (generation, day, html), timeout or settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Could not store the fragment %s", name, exc_info=True)
    return html
