"""Two app servers (separate var/ folders) on one PostgreSQL and one Redis serve one portal:
failed logins on both count together, an import through one shows at once on the other,
and facet counts one server computed are the other's too."""

from __future__ import annotations

import re

import pytest
import requests

from papers.api import tokens
from portal.cache import SharedRedisCache
from tests.admin_import_helpers import importer, migrated_data_back  # noqa: F401 (fixtures)
from tests.digests import API_FILES
from tests.redis_server import redis_server  # noqa: F401 (fixture)
from tests.servers import Server
from tests.smtp import command_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_servers(tmp_path, redis_server, migrated_data_back):
    env = command_env(
        CACHE_URL=redis_server.url, SECRET_KEY="the-same-secret-on-every-server-" + "x" * 20,
        LECTERN_LOGIN_MAX_FAILURES="5", LECTERN_STATIC_MANIFEST="false",
    )
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(Server({**env, "LECTERN_VAR_DIR": str(tmp_path / name)}))
    try:
        for server in servers:
            server.wait_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


def log_in(server: Server, username: str, password: str) -> requests.Response:
    session = requests.Session()
    page = session.get(f"{server.url}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    return session.post(
        f"{server.url}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{server.url}/accounts/login/"}, allow_redirects=False, timeout=30,
    )


def test_failed_logins_on_both_servers_lock_the_account_on_both(two_servers, django_user_model):
    django_user_model.objects.create_user("ada", password="the-right-password-1")
    a, b = two_servers
    for server in (a, b, a, b, a):  # 3 on one, 2 on the other: each alone would allow more
        assert log_in(server, "ada", "wrong").status_code == 200
    for server in (a, b):
        refused = log_in(server, "ada", "the-right-password-1")
        assert refused.status_code != 302 and "Too many failed log-in attempts" in refused.text, server.url


def test_an_import_through_one_shows_on_the_other_at_once(two_servers, importer):
    a, b = two_servers
    _, key = tokens.create_token(importer, "two servers")
    headers = {"Authorization": f"Token {key}"}
    before = requests.get(f"{b.url}/api/papers/", params={"digest": "2025-05-30"}, headers=headers, timeout=30).json()
    assert before["count"] == 0
    with API_FILES[0].open("rb") as file:
        created = requests.post(f"{a.url}/api/imports/", files={"file": file}, headers=headers, timeout=120)
    assert created.status_code == 201, created.text
    after = requests.get(f"{b.url}/api/papers/", params={"digest": "2025-05-30"}, headers=headers, timeout=30).json()
    assert after["count"] == 42


def test_facet_counts_one_server_computed_are_the_other_s(two_servers, importer, redis_server):
    a, b = two_servers
    _, key = tokens.create_token(importer, "facets")
    headers = {"Authorization": f"Token {key}"}
    with API_FILES[1].open("rb") as file:
        assert requests.post(f"{a.url}/api/imports/", files={"file": file}, headers=headers, timeout=120).status_code == 201
    query = {"q": "model"}
    counted = requests.get(f"{a.url}/api/papers/", params=query, headers=headers, timeout=30).json()["count"]
    assert counted > 0
    # Mark what server A cached: server B answering with the marked total read A's entry.
    cache = SharedRedisCache(redis_server.url, {"KEY_PREFIX": "lectern"})
    client = cache._cache.get_client(write=True)
    totals = 0
    for raw in client.keys("lectern:1:facets:*"):
        name = raw.decode().split(":", 2)[2]
        value = cache.get(name)
        if value == {"": counted}:
            cache.set(name, {"": 424242}, timeout=None)
            totals += 1
    assert totals == 1
    assert requests.get(f"{b.url}/api/papers/", params=query, headers=headers, timeout=30).json()["count"] == 424242
