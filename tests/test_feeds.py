"""Atom feeds: valid (feedparser), the right papers, a key in the address, 404 for anything else."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from django.urls import reverse

from papers.following import services
from papers.models import Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import page_copy
from tests.followers import DAY, ROWS, ada, bob  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    import_digest(page_copy(ROWS, DAY).encode(), filename="d.txt", today=dt.date.fromisoformat(DAY))


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")  # well-formed Atom
    assert feed.version == "atom10"
    return feed


def test_a_search_feed_lists_its_papers_with_abstract_arxiv_code_and_date(client, ada, library):
    search = services.follow(ada, "q=reasoning", "Reasoning")
    token = services.issue_feed_key(ada)
    feed = parsed(client, reverse("papers:feed-search", args=[token, search.pk]))
    assert feed.feed.title == "Lectern: Reasoning"
    want = {r["title_oneline"] for r in ROWS if "reasoning" in (r["title_oneline"] + r["abstract_oneline"]).lower()}
    assert {entry.title for entry in feed.entries} == want
    entry = next(e for e in feed.entries if Paper.objects.get(title=e.title).code_url)
    paper = Paper.objects.get(title=entry.title)
    assert entry.link == f"http://testserver{paper.get_absolute_url()}"
    assert paper.abstract[:80] in entry.summary and f"https://arxiv.org/abs/{paper.arxiv_id}" in entry.summary
    assert paper.code_url in entry.summary and "Listed in the digest of Sep 30, 2025" in entry.summary


def test_the_latest_team_and_reading_list_feeds(client, ada, bob, library):
    papers = list(Paper.objects.order_by("id")[:3])
    save_bookmark(bob, papers[0])
    save_bookmark(ada, papers[1])
    token = services.issue_feed_key(ada)
    assert len(parsed(client, reverse("papers:feed-latest", args=[token])).entries) == len(ROWS)
    team = parsed(client, reverse("papers:feed-team", args=[token]))
    assert [e.title for e in team.entries] == [papers[1].title, papers[0].title]  # newest save first
    bobs = parsed(client, reverse("papers:feed-member", args=[token, "bob"]))
    assert [e.title for e in bobs.entries] == [papers[0].title]


def test_imported_text_is_escaped_in_feeds(client, ada):
    row = ROWS[0]
    title = "<script>alert(1)</script> Feed & Reason"
    import_digest(f"Sep 30, 2025\n\n{title}\n\n{row['abstract']}\n".encode(), filename="h.txt")
    token = services.issue_feed_key(ada)
    body = client.get(reverse("papers:feed-latest", args=[token])).content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert feedparser.parse(body).entries[0].title == title


@pytest.mark.parametrize("how", ["wrong", "forged", "revoked", "other-reader's search", "no such member"])
def test_anything_but_the_member_s_own_key_is_a_404_that_says_nothing(client, ada, library, django_user_model, how):
    search = services.follow(ada, "q=reasoning", "Reasoning")
    token = services.issue_feed_key(ada)
    urls = {
        "wrong": reverse("papers:feed-latest", args=["0" * 48]),
        "forged": reverse("papers:feed-latest", args=[token[:16] + "f" * 32]),
        "no such member": reverse("papers:feed-member", args=[token, "nobody"]),
    }
    if how == "revoked":
        services.revoke_feed_key(ada)
        urls[how] = reverse("papers:feed-latest", args=[token])
    if how == "other-reader's search":
        bob = django_user_model.objects.create_user("bob", password="x")
        urls[how] = reverse("papers:feed-search", args=[services.issue_feed_key(bob), search.pk])
    response = client.get(urls[how])
    assert response.status_code == 404
    assert b"Reasoning" not in response.content and b"ada" not in response.content


def test_a_new_key_retires_the_old_addresses(client, ada, library):
    old = services.issue_feed_key(ada)
    new = services.issue_feed_key(ada)
    assert client.get(reverse("papers:feed-latest", args=[old])).status_code == 404
    assert client.get(reverse("papers:feed-latest", args=[new])).status_code == 200
