"""The followed searches' JSON API: list, create (201, feed address), delete (204); 400 names the field; others' ids 404."""

from __future__ import annotations

import json

import feedparser
import pytest

from papers.following import services
from papers.following.models import SavedSearch
from tests.followers import ada, bob  # noqa: F401 (fixtures)
from tests.readers import login

pytestmark = pytest.mark.django_db


def post(client, data, **kwargs):
    return client.post("/api/searches/", json.dumps(data), content_type="application/json", **kwargs)


def test_create_list_and_delete(ada):
    client = login(ada)
    response = post(client, {"name": "Diffusion", "query": "q=diffusion&topic=robotics&page=2", "email": "weekly"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "name", "query", "email", "feed_url", "count", "new"}
    assert (body["name"], body["query"], body["email"]) == ("Diffusion", "q=diffusion&topic=robotics", "weekly")
    assert body["feed_url"].startswith("http://testserver/feeds/") and body["feed_url"].endswith(f"/searches/{body['id']}/")
    feed = feedparser.parse(client.get(body["feed_url"]).content)  # the address works without the session too
    assert not feed.bozo and feed.feed.title == "Lectern: Diffusion"
    listed = client.get("/api/searches/").json()["results"]
    assert [s["id"] for s in listed] == [body["id"]]
    assert client.delete(f"/api/searches/{body['id']}/").status_code == 204
    assert client.get("/api/searches/").json() == {"results": []}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"query": "q=x", "email": "hourly"}, "email"),
        ({"query": "q=x", "name": 5}, "name"),
        ({"query": ["q=x"]}, "query"),
        ({"query": "q=x", "name": "   "}, "name"),
    ],
)
def test_a_bad_field_is_a_400_that_names_it(ada, data, field):
    response = post(login(ada), data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SavedSearch.objects.exists()


def test_not_json_is_a_400(ada):
    response = login(ada).post("/api/searches/", "{nope", content_type="application/json")
    assert response.status_code == 400 and "body" in response.json()["errors"]


def test_anonymous_is_401_and_a_session_post_needs_csrf(client, ada):
    assert client.get("/api/searches/").status_code == 401
    assert post(client, {"query": "q=x"}).status_code == 401
    strict = login(ada, enforce_csrf_checks=True)
    assert post(strict, {"query": "q=x"}).status_code == 403
    strict.get("/")  # the page sets the CSRF cookie a script reads
    token = strict.cookies["csrftoken"].value
    assert post(strict, {"query": "q=x"}, HTTP_X_CSRFTOKEN=token).status_code == 201


def test_another_reader_s_search_is_a_404(ada, bob):
    search = services.follow(ada, "q=model", "Models")
    client = login(bob)
    assert client.get(f"/api/searches/{search.pk}/").status_code == 404
    assert client.delete(f"/api/searches/{search.pk}/").status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_change_by_patch_and_with_a_token(client, ada, bob):
    from tests.api_clients import auth, send, token_for

    search = services.follow(ada, "q=model", "Models")
    key = token_for(ada)
    changed = send(client, "patch", f"/api/searches/{search.pk}/", {"name": "LLMs", "email": "off"}, **auth(key))
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["email"]) == ("LLMs", "off")
    search.refresh_from_db()
    assert (search.name, search.email) == ("LLMs", "off")
    for data, field in (({"email": "hourly"}, "email"), ({"query": "q=x"}, "query"), ({"name": ""}, "name")):
        refused = send(client, "patch", f"/api/searches/{search.pk}/", data, **auth(key))
        assert refused.status_code == 400 and field in refused.json()["errors"], data
    assert send(client, "patch", f"/api/searches/{search.pk}/", {"name": "x"}, **auth(token_for(bob))).status_code == 404
    search.refresh_from_db()
    assert search.name == "LLMs"


def test_a_search_too_long_to_keep_is_a_400(ada):
    many = "&".join(f"topic=t{i:03d}-{'x' * 40}" for i in range(50))
    response = post(login(ada), {"query": many})
    assert response.status_code == 400 and "query" in response.json()["errors"]


def test_a_query_the_list_page_cannot_read_is_a_400_not_all_papers(ada):
    response = post(login(ada), {"query": "digest=9999-99-99&topic=Not A Slug"})
    assert response.status_code == 400
    assert any("digest" in m for m in response.json()["errors"]["query"])
    assert not SavedSearch.objects.exists()
