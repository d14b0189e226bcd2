"""The bookmarks API: the caller's reading list with the list page's filters, and
GET/PUT/DELETE of their bookmark on one paper; refusals name the field or say 401/403/404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from papers.models import Bookmark, BookmarkEvent
from papers.services.bookmarks import NOTE_MAX, save_bookmark
from tests.api_clients import auth, send, token_for
from tests.followers import ada, bob  # noqa: F401 (fixtures)
from tests.readers import import_seed, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    return import_seed()


def url(paper) -> str:
    return f"/api/bookmarks/{paper.pk}/"


def test_save_change_read_and_remove(client, ada, papers):
    key, paper = token_for(ada), papers[0]
    created = send(client, "put", url(paper), {"status": "reading", "note": "  see table 4 "}, **auth(key))
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"paper", "status", "note", "saved_at", "updated_at"}
    assert (body["paper"], body["status"], body["note"]) == (paper.pk, "reading", "see table 4")
    # A field left out keeps its value; the answer is 200 now the bookmark exists.
    changed = send(client, "put", url(paper), {"status": "read"}, **auth(key))
    assert changed.status_code == 200 and changed.json()["note"] == "see table 4"
    assert send(client, "get", url(paper), **auth(key)).json()["status"] == "read"
    assert list(BookmarkEvent.objects.filter(user=ada).order_by("id").values_list("kind", "status")) == [
        ("saved", "reading"), ("status", "read")
    ]
    assert send(client, "delete", url(paper), **auth(key)).status_code == 204
    assert not Bookmark.objects.exists()
    assert send(client, "delete", url(paper), **auth(key)).status_code == 404


def test_an_empty_body_saves_to_read(client, ada, papers):
    response = send(client, "put", url(papers[1]), {}, **auth(token_for(ada)))
    assert response.status_code == 201 and response.json()["status"] == "to_read"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "done"}, "status"),
        ({"note": 5}, "note"),
        ({"note": "x" * (NOTE_MAX + 1)}, "note"),
        ({"note": "a\x00b"}, "note"),
        ({"status": "read", "colour": "red"}, "colour"),
        (["read"], "body"),
    ],
)
def test_a_bad_field_is_a_400_naming_it_and_stores_nothing(client, ada, papers, data, field):
    response = send(client, "put", url(papers[0]), data, **auth(token_for(ada)))
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["error"]
    assert not Bookmark.objects.exists()


def test_not_json_is_a_400(client, ada, papers):
    response = client.put(url(papers[0]), "{nope", content_type="application/json", **auth(token_for(ada)))
    assert response.status_code == 400 and "body" in response.json()["errors"]


def test_an_unknown_paper_is_a_404(client, ada, papers):
    key = token_for(ada)
    assert send(client, "put", "/api/bookmarks/99999999/", {"status": "read"}, **auth(key)).status_code == 404
    assert send(client, "get", "/api/bookmarks/99999999/", **auth(key)).status_code == 404


def test_another_reader_s_bookmark_cannot_be_read_changed_or_removed(client, ada, bob, papers):
    paper = papers[0]
    save_bookmark(ada, paper, status="reading", note="ada's private note")
    as_bob = auth(token_for(bob))
    assert send(client, "get", url(paper), **as_bob).status_code == 404
    assert send(client, "delete", url(paper), **as_bob).status_code == 404
    assert "ada's private note" not in send(client, "get", "/api/bookmarks/", **as_bob).content.decode()
    # bob saving the same paper makes bob's bookmark; ada's stays as it was
    assert send(client, "put", url(paper), {"status": "read", "note": "bob's"}, **as_bob).status_code == 201
    mine = Bookmark.objects.get(user=ada)
    assert (mine.status, mine.note) == ("reading", "ada's private note")


def test_anonymous_gets_401_and_a_session_write_needs_csrf(ada, papers):
    paper = papers[0]
    assert send(Client(), "get", "/api/bookmarks/").status_code == 401
    assert send(Client(), "put", url(paper), {"status": "read"}).status_code == 401
    strict = login(ada, enforce_csrf_checks=True)
    assert send(strict, "put", url(paper), {"status": "read"}).status_code == 403
    assert send(strict, "delete", url(paper)).status_code == 403
    assert not Bookmark.objects.exists()
    strict.get("/")  # the page sets the CSRF cookie a script reads
    token = strict.cookies["csrftoken"].value
    assert send(strict, "put", url(paper), {"status": "read"}, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert send(strict, "get", url(paper)).status_code == 200  # reading needs no CSRF


def test_the_reading_list_with_the_list_page_s_filters(client, ada, bob, papers):
    for paper in papers[:6]:
        save_bookmark(ada, paper, status="read" if paper.pk % 2 else "to_read", note=f"note {paper.pk}")
    save_bookmark(bob, papers[10])
    key = token_for(ada)
    everything = send(client, "get", "/api/bookmarks/", **auth(key)).json()
    assert everything["count"] == 6
    assert {r["id"] for r in everything["results"]} == {p.pk for p in papers[:6]}
    first = everything["results"][0]
    assert first["bookmark"]["note"] == f"note {first['id']}" and first["bookmark"]["paper"] == first["id"]
    assert "status" in everything["facets"]
    read = send(client, "get", "/api/bookmarks/?status=read", **auth(key)).json()
    assert read["count"] == sum(1 for p in papers[:6] if p.pk % 2) > 0
    assert all(r["bookmark"]["status"] == "read" for r in read["results"])
    bad = send(client, "get", "/api/bookmarks/?status=done&page_size=7", **auth(key))
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"status", "page_size"}


def test_the_reading_list_s_queries_do_not_grow_with_the_page(client, ada, papers):
    key = token_for(ada)
    counts = {}
    for saved in (3, 40):
        for paper in papers[:saved]:
            save_bookmark(ada, paper)
        client.get("/api/bookmarks/", {"page_size": 50}, **auth(key))  # warm the facet cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/bookmarks/", {"page_size": 50}, **auth(key))
        assert len(response.json()["results"]) == saved
        counts[saved] = len(queries)
    assert counts[3] == counts[40], counts
