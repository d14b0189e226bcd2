"""CACHE_URL: the Redis cache every app server shares (facet counts, throttles); a Redis
that stops answering makes misses, not errors, and is used again when it is back."""

from __future__ import annotations

import time

import pytest
from portal.cache import SharedRedisCache
from tests.redis_server import redis_server  # noqa: F401 (fixture)


def shared(url: str) -> SharedRedisCache:
    return SharedRedisCache(url, {"KEY_PREFIX": "lectern", "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def test_two_processes_share_what_one_writes(redis_server):
    one, other = shared(redis_server.url), shared(redis_server.url)
    one.set_many({"facets:a": {"x": 3}, "facets:b": {"y": 4}})
    assert other.get_many(["facets:a", "facets:b", "facets:c"]) == {"facets:a": {"x": 3}, "facets:b": {"y": 4}}
    assert other.add("k", 1) and not one.add("k", 2)


def test_a_redis_that_stops_answering_is_a_miss_and_comes_back(redis_server, caplog):
    SharedRedisCache._warned_at = 0.0  # the warning is once a minute per process
    cache = shared(redis_server.url)
    cache.set("key", "value")
    redis_server.stop()
    began = time.monotonic()
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["key"]) == {}
    cache.set("other", 1)  # dropped, no error
    assert cache.add("new", 1) is False and cache.delete("key") is False
    assert time.monotonic() - began < 10
    assert "does not answer" in caplog.text
    redis_server.start()  # empty again: nothing was saved to disk
    cache.set("key", "again")
    assert cache.get("key") == "again"


def test_the_setting_picks_the_shared_cache(tmp_path):
    import subprocess
    import sys

    from tests.smtp import REPO

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"CACHE_URL": "redis://127.0.0.1:6390/2", "LECTERN_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert out.stdout.strip() == "portal.cache.SharedRedisCache", out.stderr
    env["CACHE_URL"] = "memcached://x"
    bad = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup()"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode != 0 and "CACHE_URL must be" in bad.stderr
