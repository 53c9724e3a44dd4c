"""The Redis client of the tests: clear() empties only the keys of this process's KEY_PREFIX.

django-redis's clear() empties the whole Redis database (FLUSHDB). The test workers of a
parallel run (pytest-xdist) and the servers that tests start (gunicorn, each with a prefix of its
own) share one Redis database, and every test clears the cache first (tests/conftest.py): with
FLUSHDB, one worker would wipe the page cache and the rate-limit counters of the others mid-test.
"""

from django_redis.client import DefaultClient


class OwnKeysClient(DefaultClient):
    def clear(self, client=None):
        if client is None:
            client = self.get_client(write=True)
        prefix = "".join(f"[{c}]" if c in "*?[]\\" else c for c in self._backend.key_prefix)
        keys = list(client.scan_iter(match=prefix + ":*", count=1000))
        if keys:
            client.delete(*keys)
