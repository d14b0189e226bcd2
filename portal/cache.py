"""The portal's caches: the file cache of one machine (the default), and the shared
Redis cache of several (CACHE_URL).

The file cache culls now and then instead of on every write.

Django's FileBasedCache lists the whole cache directory on every set to decide
whether to cull. Facet counts are cached per facet (several sets per new page), and
with a few thousand entries those listings cost more than the counting they save:
measured here, six sets took 2 ms with 100 entries and 40 ms with 4,900. Checking
on one write in CULL_EVERY keeps the directory within MAX_ENTRIES plus that many
entries per process, and a set costs about 0.3 ms whatever the size.
"""

from __future__ import annotations

import itertools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    REDIS_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a requirement
    REDIS_ERRORS = ()

logger = logging.getLogger(__name__)

CULL_EVERY = 100


class SampledCullFileCache(FileBasedCache):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()


class SharedRedisCache(RedisCache):
    """Django's Redis cache (CACHE_URL), shared by every app server, that a Redis which
    does not answer does not take the portal down: reads miss and writes are dropped
    (facet counts are then computed per request; the login and API throttles count
    nothing until Redis is back), with one warning a minute per process. Short socket
    timeouts keep a dead Redis from holding requests."""

    _warned_at = 0.0

    def _unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - SharedRedisCache._warned_at >= 60:
            SharedRedisCache._warned_at = now
            logger.warning("the shared cache (CACHE_URL) does not answer: %s", error)

    def _guarded(self, fallback, method, *args):
        """Call RedisCache's method; if Redis does not answer, warn and return fallback."""
        try:
            return getattr(super(), method)(*args)
        except REDIS_ERRORS as error:
            self._unavailable(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, "has_key", key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, "add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, "delete_many", keys, version)
