"""Per-token rate limits: past the limit a 429 with Retry-After; each token counts alone,
and reads and writes separately."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api_clients import auth, send, token_for
from tests.followers import ada, bob  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_each_token_has_its_own_read_limit(client, settings, ada, bob):
    settings.LECTERN_API_RATE = "3/minute"
    first, second, other = token_for(ada, "one"), token_for(ada, "two"), token_for(bob)
    assert [client.get("/api/bookmarks/", **auth(first)).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get("/api/bookmarks/", **auth(first))
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["retry_after"] == int(refused["Retry-After"]) and "throttled" in refused.json()["error"].lower()
    assert client.get("/api/bookmarks/", **auth(second)).status_code == 200
    assert client.get("/api/bookmarks/", **auth(other)).status_code == 200


def test_writes_count_apart_from_reads(settings, ada):
    settings.LECTERN_API_WRITE_RATE = "2/minute"
    client, key = Client(), token_for(ada)
    codes = [send(client, "post", "/api/searches/", {"query": f"q=w{i}"}, **auth(key)).status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert client.get("/api/searches/", **auth(key)).status_code == 200  # reads still go through
    assert ada.saved_searches.count() == 2


def test_anonymous_readers_are_limited_by_address(settings):
    settings.LECTERN_API_RATE = "2/minute"
    client = Client()
    assert [client.get("/api/papers/").status_code for _ in range(3)] == [200, 200, 429]
    assert Client(REMOTE_ADDR="10.0.0.9").get("/api/papers/").status_code == 200
