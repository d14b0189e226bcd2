"""The file cache culls now and then, not on every write, and still stays bounded."""

from portal.cache import CULL_EVERY, SampledCullFileCache


def test_culling_is_sampled_and_the_cache_stays_bounded(tmp_path, monkeypatch):
    cache = SampledCullFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 3 * CULL_EVERY}})
    listings = []
    real = SampledCullFileCache._list_cache_files
    monkeypatch.setattr(SampledCullFileCache, "_list_cache_files", lambda self: listings.append(1) or real(self))
    writes = 6 * CULL_EVERY + 50
    for n in range(writes):
        cache.set(f"key-{n}", n)
    assert len(listings) == 6  # one look per CULL_EVERY writes (Django's own looks on every write)
    assert 0 < len(list(tmp_path.iterdir())) <= 3 * CULL_EVERY + CULL_EVERY  # MAX_ENTRIES plus one period
    assert cache.get(f"key-{writes - 1}") == writes - 1
