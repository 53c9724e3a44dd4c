from django.conf import settings
from django.core import checks

SHARED_ATOMIC_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django_redis.cache.RedisCache",
}


@checks.register(checks.Tags.caches)
def check_rate_limit_cache(app_configs, **kwargs):
    """Outside development the registration rate limit needs a cache shared by every worker."""
    if settings.DEBUG or not getattr(settings, "EXPERTS_REQUIRE_SHARED_CACHE", True):
        return []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in SHARED_ATOMIC_CACHES:
        return []
    return [
        checks.Error(
            f"The cache {alias!r} ({backend or 'missing'}) is not shared between processes, so "
            "the registration rate limit of the Roster of Experts would only hold per worker.",
            hint="Set CACHE_URL to a Redis server, e.g. redis://127.0.0.1:6379/1.",
            id="experts.E001",
        )
    ]
