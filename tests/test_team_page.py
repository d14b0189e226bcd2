"""The team page: trending saves (7 and 30 days), recent activity (paged), members.

Login is always required; nobody's note ever shows, nor is it read; the number of
queries stays the same however many bookmarks, events and members there are.
"""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from papers import team_selectors
from papers.models import Bookmark, BookmarkEvent, Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import papers_by_date, plain_digest
from tests.readers import import_seed, login, three_papers_saved_by

pytestmark = pytest.mark.django_db

TEAM = reverse("papers:team")
NOTE = "Private: the proof in appendix B looks wrong to me."


@pytest.fixture
def papers():
    return import_seed()[:8]


def make_user(django_user_model, username, first="", last="", **extra):
    return django_user_model.objects.create_user(
        username, password=f"pw-{username}-12345", first_name=first, last_name=last, **extra
    )


@pytest.fixture
def ada(django_user_model):
    return make_user(django_user_model, "ada", "Ada", "Lovelace")


@pytest.fixture
def bob(django_user_model):
    return make_user(django_user_model, "bob", "Bob", "Kahn")


@pytest.fixture
def cy(django_user_model):
    return make_user(django_user_model, "cy")  # no name: shown by username


def page(client, **params):
    response = client.get(TEAM, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def saved_days_ago(paper, days, *users):
    """Move these users' saves of the paper back in time (the service stamps now())."""
    when = timezone.now() - dt.timedelta(days=days)
    Bookmark.objects.filter(paper=paper, user__in=users).update(created_at=when, updated_at=when)


def section(soup, heading):
    return soup.find("h2", string=heading).find_parent("section")


# Access


def test_anonymous_visitor_is_sent_to_log_in_even_with_public_reading(client, settings, papers, ada):
    settings.LECTERN_PUBLIC_READING = True
    save_bookmark(ada, papers[0])
    assert client.get("/").status_code == 200  # the list is open to visitors...
    response = client.get(TEAM)  # ...the team is not
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={TEAM}"
    assert b"Lovelace" not in response.content


# Trending


def test_trending_counts_saves_in_each_window(papers, ada, bob, cy):
    p0, p1, p2, p3, p4 = papers[:5]
    for user in (ada, bob, cy):
        save_bookmark(user, p0)
    save_bookmark(ada, p1)
    save_bookmark(bob, p1, status="read")
    save_bookmark(cy, p2)
    saved_days_ago(p2, 10, cy)  # this month, not this week
    save_bookmark(ada, p3)
    save_bookmark(bob, p3)
    saved_days_ago(p3, 40, ada, bob)  # older than both windows
    save_bookmark(cy, p4)
    saved_days_ago(p4, 6, cy)  # still this week

    assert [(p.pk, n) for p, n in team_selectors.trending(7)] == [(p0.pk, 3), (p1.pk, 2), (p4.pk, 1)]
    assert [(p.pk, n) for p, n in team_selectors.trending(30)] == [(p0.pk, 3), (p1.pk, 2), (p4.pk, 1), (p2.pk, 1)]
    assert [p.pk for p, _ in team_selectors.trending(30, limit=2)] == [p0.pk, p1.pk]

    soup = page(login(ada))
    week = section(soup, "Trending this week").select("ol.trending > li")
    month = section(soup, "Trending this month").select("ol.trending > li")
    assert [li.select_one(".trending-title")["href"] for li in week] == [p.get_absolute_url() for p in (p0, p1, p4)]
    assert [li.select_one(".trending-title").get_text() for li in month] == [p.title for p in (p0, p1, p4, p2)]
    assert [li.select_one(".trending-count").get_text(" ", strip=True) for li in week] == [
        "3 saves", "2 saves", "1 save"
    ]
    # Who saved it, with their status: initials, the full name for screen readers.
    assert [s["title"] for s in week[1].select(".saver")] == ["Ada Lovelace — to read", "Bob Kahn — read"]
    assert [s.select_one("[aria-hidden]").get_text() for s in week[0].select(".saver")] == ["AL", "BK", "CY"]


def test_ties_go_to_the_most_recent_save(papers, ada):
    older, newer = papers[:2]
    save_bookmark(ada, newer)
    save_bookmark(ada, older)
    saved_days_ago(older, 2, ada)
    assert [p.pk for p, _ in team_selectors.trending(7)] == [newer.pk, older.pk]


def test_empty_team_page_points_to_the_papers_list(ada):
    soup = page(login(ada))
    for heading in ("Trending this week", "Trending this month", "Recent activity"):
        empty = section(soup, heading).select_one(".team-empty")
        assert empty.find("a")["href"] == reverse("papers:list")
    assert not soup.select(".trending, .activity")


# Privacy


def test_another_users_note_never_shows_nor_is_read(papers, ada, bob):
    save_bookmark(ada, papers[0], status="reading", note=NOTE)
    save_bookmark(ada, papers[1], note=NOTE)
    save_bookmark(bob, papers[0], note="bob's own note")
    client = login(bob)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(TEAM).content.decode()
    assert "Ada Lovelace" in html and papers[0].title in html
    assert NOTE not in html and "bob's own note" not in html  # not even the reader's own
    assert not [q["sql"] for q in queries if re.search(r'"papers_bookmark"\."note"', q["sql"])]


def test_names_and_titles_are_escaped(django_user_model):
    day = "2026-05-13"
    row = next(r for r in papers_by_date()[day] if "&" in r["title"])  # "MEME: Multi-entity & Evolving ..."
    import_digest(plain_digest([row], day, year=True).encode(), filename="meme.txt")
    paper = Paper.objects.get()
    eve = make_user(django_user_model, "eve", "<b>Eve</b>", "<script>x()</script>")
    save_bookmark(eve, paper)
    html = login(eve).get(TEAM).content.decode()
    assert "<b>Eve</b>" not in html and "<script>x()" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert row["title"].replace("&", "&amp;") in html and row["title"] not in html


# Activity


def test_activity_newest_first_with_what_happened(papers, ada, bob, cy):
    p0, p1, p2 = papers[:3]
    save_bookmark(ada, p0)
    save_bookmark(bob, p1)
    save_bookmark(ada, p0, status="reading")
    save_bookmark(ada, p0, note="a note is not an event")
    save_bookmark(ada, p0, status="read")
    save_bookmark(bob, p1, status="reading")
    save_bookmark(bob, p1, status="to_read")
    save_bookmark(cy, p2, status="read")  # saved already finished

    items = section(page(login(cy)), "Recent activity").select("ol.activity > li")
    assert [li.p.get_text(" ", strip=True) for li in items] == [
        f"cy saved and finished {p2.title}",
        f"Bob Kahn moved back to to read {p1.title}",
        f"Bob Kahn started reading {p1.title}",
        f"Ada Lovelace finished {p0.title}",
        f"Ada Lovelace started reading {p0.title}",
        f"Bob Kahn saved {p1.title}",
        f"Ada Lovelace saved {p0.title}",
    ]
    assert items[0].p.a["href"] == p2.get_absolute_url()
    stamp = items[0].time
    assert stamp.get_text() == "just now"
    assert dt.datetime.fromisoformat(stamp["datetime"]) == BookmarkEvent.objects.first().at


def test_activity_pages_of_twenty(papers, ada):
    statuses = ["reading", "read", "to_read"]
    save_bookmark(ada, papers[0])
    for step in range(24):  # 1 save + 24 status changes: 25 events
        save_bookmark(ada, papers[0], status=statuses[step % 3])
    assert BookmarkEvent.objects.count() == 25
    client = login(ada)

    first = page(client, sort="x")  # another parameter the links must keep
    assert len(first.select("ol.activity > li")) == 20
    assert not first.select(".team-pager a[rel=prev]")
    assert first.select_one(".team-pager a[rel=next]")["href"] == "?sort=x&page=2#activity"

    second = page(client, page=2, sort="x")
    items = second.select("ol.activity > li")
    assert len(items) == 5 and second.select_one("ol.activity")["start"] == "21"
    assert items[-1].p.get_text(" ", strip=True) == f"Ada Lovelace saved {papers[0].title}"
    assert second.select_one(".team-pager a[rel=prev]")["href"] == "?page=1&sort=x#activity"
    assert not second.select(".team-pager a[rel=next]")

    def shown(soup):
        return (soup.select_one(".team-page-number").get_text(), len(soup.select("ol.activity > li")))

    # Not a number, or below 1: page one. Past the end: clamped to the last page.
    for value in ("abc", "0", "-3", "", "1.5"):
        assert shown(page(client, page=value)) == ("Page 1", 20), value
    for value in ("3", "999", "1" + "0" * 40):
        assert shown(page(client, page=value)) == ("Page 2", 5), value


# Members


def test_members_counts_and_links(django_user_model, papers, ada, bob, cy):
    for paper in papers[:2]:
        save_bookmark(ada, paper)
    save_bookmark(ada, papers[2], status="reading")
    save_bookmark(ada, papers[3], status="read")
    save_bookmark(bob, papers[0], status="read")
    saved_days_ago(papers[0], 3, bob)  # Ada saved most recently, then Bob; cy never did
    gone = make_user(django_user_model, "gone", "Gone", "Away", is_active=False)
    save_bookmark(gone, papers[0])

    items = section(page(login(cy)), "Members").select("ul.members > li")
    names = [li.select_one(".member-name") for li in items]
    assert [a.get_text() for a in names] == ["Ada Lovelace", "Bob Kahn", "cy"]  # no inactive user
    assert [a["href"] for a in names] == [reverse("papers:member", args=[u]) for u in ("ada", "bob", "cy")]
    counts = [[c.get_text(" ", strip=True) for c in li.select(".member-counts li")] for li in items]
    assert counts == [
        ["2 to read", "1 reading", "1 read"],
        ["0 to read", "0 reading", "1 read"],
        ["0 to read", "0 reading", "0 read"],
    ]
    assert items[1].select_one(".member-last time")["datetime"] == (
        Bookmark.objects.get(user=bob).created_at.isoformat()
    )
    assert items[2].select_one(".member-last").get_text() == "No saves yet"
    assert "(you)" in items[2].get_text() and "(you)" not in items[0].get_text()


# Query budget


def _queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TEAM, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_rows(django_user_model, ada, bob):
    rows = papers_by_date()["2024-06-14"]
    three_papers_saved_by(ada, bob)
    client = login(ada)
    few = _queries(client)

    import_digest(plain_digest(rows[3:20], "2024-06-15", year=True).encode(), filename="b.txt")
    users = [make_user(django_user_model, f"member{n}", f"Member{n}", "Test") for n in range(6)]
    for paper in Paper.objects.all():
        for user in (ada, bob, *users):
            save_bookmark(user, paper, status="reading")
    assert Paper.objects.count() == 20 and BookmarkEvent.objects.count() > 150
    more = _queries(client)
    later_page = _queries(client, page=3)
    # the user (the session is read from the cache); trending 7 and 30 days, each one
    # aggregate and one paper load; who saved the trending papers; one activity page; the
    # members; the searches the team follows
    assert few == more == later_page == 1 + 2 * 2 + 1 + 1 + 1 + 1
