"""Hostile text is shown as text, wherever Lectern shows it.

Paper titles and abstracts (through the real importer), bookmark notes, people's names,
search queries and followed-search names carry a script element, an attribute
break-out ("><img src=x onerror=…>), a javascript: address and spreadsheet formulas.
Every page, feed, email, export and API answer that shows them is parsed, and must
hold no element, event handler or javascript: link made from the text, while the
text itself is there, literally: escaped, not dropped. Spreadsheet cells that would
run as formulas are quoted.

Covered elsewhere and not repeated here: a <script> title on the list and paper pages
(test_pages), on the admin import preview and results (test_admin_import), in the
latest-papers feed (test_feeds) and the digest email's HTML (test_digest_emails);
names on the team page (test_team_page); an "=HYPERLINK" note in the CSV export
(test_reading_list_export); off-site `next` addresses (test_offsite_next).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from papers.following import services
from papers.following.models import SavedSearch
from papers.models import Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import page_copy
from tests.followers import DAY, ROWS
from tests.readers import login
from tests.smtp import smtp  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"
HOSTILE = f"{SCRIPT} {IMG} {JS}"  # all three: for names, notes and queries
FORMULAS = ('=HYPERLINK("http://evil","x")', "+cmd", "-1+1", "@SUM(A1)")
SEARCH = "/?" + urlencode({"q": HOSTILE})  # the list page, searching for HOSTILE
MALLORY = f"{SCRIPT} {IMG}"  # a full name: first and last
EVE = f'eve{IMG}'  # a username no sign-up form allows, as another backend could create it
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@dataclasses.dataclass
class World:
    papers: list[Paper]  # ROWS[:6] as imported, then as changed
    script: Paper  # imported with SCRIPT in its title, SCRIPT and JS in its abstract
    img: Paper  # IMG in its title: the importer refuses that, so stored as an admin's edit would
    ada: object  # a reader: saved both, HOSTILE as her note on `script`
    mallory: object  # named MALLORY, follows every paper as HOSTILE, by email
    eve: object  # named EVE
    admin: object
    search: SavedSearch  # mallory's, named HOSTILE


@pytest.fixture
def world(django_user_model) -> World:
    ada = django_user_model.objects.create_user("ada", "ada@example.org")
    mallory = django_user_model.objects.create_user("mallory", "m@example.org", first_name=SCRIPT, last_name=IMG)
    eve = django_user_model.objects.create_user(EVE, "eve@example.org")
    admin = django_user_model.objects.create_superuser("root", "root@example.org")
    search = services.follow(mallory, "", HOSTILE)  # before the import: all its papers are new
    rows = [dict(row, title=row["title_oneline"]) for row in ROWS[:6]]
    rows[0].update(title=f"{SCRIPT} {rows[0]['title']}", abstract=f"{rows[0]['abstract']} {SCRIPT} See {JS}")
    assert import_digest(page_copy(rows, DAY).encode(), filename="digest.txt", today=dt.date.fromisoformat(DAY)).ok
    # The importer refuses IMG (test_the_importer_keeps_script_as_text_and_refuses_tags): an admin's edit stores it.
    Paper.objects.filter(arxiv_id=rows[1]["arxiv_id"]).update(title=f"{IMG} {rows[1]['title']}")
    papers = [Paper.objects.get(arxiv_id=row["arxiv_id"]) for row in rows]
    script, img = papers[:2]
    save_bookmark(ada, script, status="reading", note=HOSTILE)
    save_bookmark(ada, img)
    save_bookmark(mallory, script, note=HOSTILE)
    for paper in (script, img):
        save_bookmark(eve, paper)
    return World(papers, script, img, ada, mallory, eve, admin, search)


def shown_escaped(html: str | bytes, *texts: str) -> BeautifulSoup:
    """`html` parsed: no script, event handler, <img src=x> or javascript: link came from
    the hostile text, and every one of `texts` is in its text, literally."""
    page = BeautifulSoup(html, "html.parser")
    assert not [s for s in page.find_all("script") if "alert" in s.get_text()], "a script element from the text"
    handlers = [tag for tag in page.find_all(True) if any(name.lower().startswith("on") for name in tag.attrs)]
    assert not handlers, handlers[:3]
    assert not page.find_all("img", src="x")
    javascript = [
        tag for tag in page.find_all(True) for name in ("href", "src", "action", "formaction")
        if str(tag.get(name, "")).strip().lower().startswith("javascript:")
    ]
    assert not javascript, javascript[:3]
    text = page.get_text()
    missing = [t for t in texts if t not in text]
    assert not missing, f"not shown: {missing}"
    return page


def test_the_importer_keeps_script_as_text_and_refuses_tags(world):
    assert world.script.title == f"{SCRIPT} {ROWS[0]['title_oneline']}"
    assert world.script.abstract.endswith(f" {SCRIPT} See {JS}")
    row = dict(ROWS[6], title=f"{IMG} {ROWS[6]['title_oneline']}")
    refused = import_digest(page_copy([row], DAY).encode(), filename="img.txt")
    assert not refused.ok and "its title still holds HTML" in refused.plan.result.problems[0].message
    assert not Paper.objects.filter(arxiv_id=row["arxiv_id"]).exists()


@dataclasses.dataclass(frozen=True)
class Page:
    who: str | None  # the World member who reads it; None: someone signed out
    address: object  # World -> str
    texts: object = lambda w: []  # World -> texts shown, literally
    # World -> {CSS selector: (attribute, or None for the text, its whole value)}: an
    # attribute that keeps its whole value had its quotes escaped, not cut short.
    values: object = lambda w: {}


PAGES = {
    "list": Page("ada", lambda w: "/", lambda w: [w.script.title, w.img.title, MALLORY, EVE]),
    "list, saved by": Page(
        "ada", lambda w: f"/?saved_by={w.mallory.username}", lambda w: [w.script.title, MALLORY],
        lambda w: {"li.saver[title^='<script>']": ("title", f"{MALLORY} — to read")},
    ),
    "search echoed": Page(
        "ada", lambda w: SEARCH, lambda w: [f"“{HOSTILE}”"],
        lambda w: {"#q": ("value", HOSTILE), ".chips a[aria-label^=Remove]": ("aria-label", f"Remove search {HOSTILE}")},
    ),
    "search echoed, signed out": Page(
        None, lambda w: SEARCH, lambda w: [f"“{HOSTILE}”"],
        lambda w: {"a[href^='/accounts/login/']": ("href", "/accounts/login/?next=" + quote(SEARCH))},
    ),
    # Through the `highlighted` filter: the title whole, tags kept; the snippet without them (ts_headline).
    "search results": Page("ada", lambda w: "/?q=alert+javascript", lambda w: [w.script.title, "See javascript:alert"]),
    "paper": Page(
        "ada", lambda w: w.script.get_absolute_url(), lambda w: [w.script.title, f"{SCRIPT} See {JS}", MALLORY, EVE],
        lambda w: {"textarea[name=note]": (None, HOSTILE)},
    ),
    "paper, img title": Page("ada", lambda w: w.img.get_absolute_url(), lambda w: [w.img.title, EVE]),
    "reading list": Page("ada", lambda w: "/reading-list/", lambda w: [w.script.title, w.img.title, HOSTILE]),
    "team": Page("ada", lambda w: "/team/", lambda w: [w.script.title, w.img.title, MALLORY, EVE, HOSTILE]),
    "member named": Page(
        "ada", lambda w: reverse("papers:member", args=["mallory"]),
        lambda w: [f"{MALLORY}’s reading list", w.script.title],
    ),
    "member username": Page(
        "ada", lambda w: reverse("papers:member", args=[EVE]),
        lambda w: [f"{EVE}’s reading list", w.script.title, w.img.title],
    ),
    "following": Page(
        "mallory", lambda w: "/following/", lambda w: [HOSTILE], lambda w: {"input[name=name]": ("value", HOSTILE)},
    ),
    "account": Page("mallory", lambda w: "/account/", lambda w: [MALLORY], lambda w: {".account .who": (None, SCRIPT)}),
    "account, username": Page(
        "eve", lambda w: "/account/", lambda w: [EVE],
        lambda w: {".account .who": ("title", f"Signed in as {EVE} — your account, feeds and password")},
    ),
    "unsubscribe link": Page(
        None, lambda w: reverse("papers:unsubscribe", args=[services.unsubscribe_token(w.mallory.pk, [w.search.pk])]),
        values=lambda w: {"main li": (None, HOSTILE)},
    ),
    "admin papers": Page("admin", lambda w: "/admin/papers/paper/", lambda w: [w.script.title, w.img.title]),
    "admin paper": Page(
        "admin", lambda w: f"/admin/papers/paper/{w.script.pk}/change/", lambda w: [w.script.title],
        lambda w: {"#id_title": (None, w.script.title), "#id_abstract": (None, w.script.abstract)},
    ),
    "admin paper, img title": Page(
        "admin", lambda w: f"/admin/papers/paper/{w.img.pk}/change/", lambda w: [w.img.title],
        lambda w: {"#id_title": (None, w.img.title)},
    ),
    "admin search": Page(
        "admin", lambda w: "/admin/papers/paper/?" + urlencode({"q": HOSTILE}),
        values=lambda w: {"#searchbar": ("value", HOSTILE)},
    ),
    "admin bookmarks": Page("admin", lambda w: "/admin/papers/bookmark/", lambda w: [EVE, w.script.title, w.img.title]),
    "admin users": Page("admin", lambda w: "/admin/auth/user/", lambda w: [EVE, SCRIPT, IMG]),
    "admin user": Page(
        "admin", lambda w: f"/admin/auth/user/{w.mallory.pk}/change/",
        values=lambda w: {"#id_first_name": ("value", SCRIPT), "#id_last_name": ("value", IMG)},
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_pages_show_hostile_text_escaped(world, name):
    shown = PAGES[name]
    client = login(getattr(world, shown.who)) if shown.who else Client()
    response = client.get(shown.address(world))
    assert response.status_code == 200, response.status_code
    page = shown_escaped(response.content, *shown.texts(world))
    for selector, (attribute, value) in shown.values(world).items():
        found = page.select(selector)
        assert found, f"no {selector}"
        assert [tag.get(attribute) if attribute else tag.get_text().strip() for tag in found] == [value] * len(found)


def test_a_hostile_search_is_followed_under_its_own_words(world):
    client = login(world.ada)
    query = urlencode({"q": HOSTILE})
    response = client.post("/following/", {"query": query, "name": "", "next": f"/?{query}"})
    assert response.status_code == 302 and response["Location"] == f"/?{query}"
    assert SavedSearch.objects.get(user=world.ada).name == HOSTILE  # named after its query
    page = client.get(response["Location"]).content
    shown_escaped(page, f"Following “{HOSTILE}”", f"Following as “{HOSTILE}”")
    page = shown_escaped(client.get("/following/").content, HOSTILE)
    assert page.select_one(".followed-query code").get_text() == query


def test_messages_after_a_save_show_the_title_escaped(world):
    client = login(world.ada)
    response = client.post(reverse("papers:bookmark", args=[world.img.pk]), {"status": "read", "next": "/"})
    page = shown_escaped(client.get(response["Location"]).content)
    assert page.select_one(".messages li").get_text() == f"Marked “read”: {world.img.title}"


def test_the_browsable_api_shows_json_strings_escaped(world):
    client = login(world.ada)
    data = client.get("/api/papers/").json()
    titles = {r["title"] for r in data["results"]}
    assert {world.script.title, world.img.title} <= titles
    response = client.get("/api/papers/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("text/html")
    shown_escaped(response.content, world.script.title, world.img.title.replace('"', '\\"'), f"{SCRIPT} See {JS}")


# Feeds: Atom, whose entry text a feed reader shows and whose summary it renders as HTML.
# Parsed with ElementTree rather than feedparser, which would clean what it reads.


def atom(client, address: str) -> ET.Element:
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feeds_carry_hostile_text_as_text(world, client):
    token = services.issue_feed_key(world.mallory)
    both = {world.script.title, world.img.title}
    feeds = {
        reverse("papers:feed-search", args=[token, world.search.pk]): (f"Lectern: {HOSTILE}", both),
        reverse("papers:feed-member", args=[token, "mallory"]): (
            f"Lectern: {MALLORY}'s reading list", {world.script.title},
        ),
        reverse("papers:feed-member", args=[token, EVE]): (f"Lectern: {EVE}'s reading list", both),
        reverse("papers:feed-team", args=[token]): ("Lectern: the team's recent saves", both),
    }
    for address, (title, papers) in feeds.items():
        feed = atom(client, address)
        assert feed.find("a:title", ATOM).text == title, address
        entries = {entry.find("a:title", ATOM).text: entry for entry in feed.findall("a:entry", ATOM)}
        assert papers <= set(entries), address
        assert not [e for e in feed.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "img")], address
        summary = entries[world.script.title].find("a:summary", ATOM)
        assert summary.get("type") == "html"  # a feed reader renders it: it must be escaped HTML
        shown_escaped(summary.text, f"{SCRIPT} See {JS}")


# The digest email, through the send_digests command and a real SMTP server.


def test_the_digest_email_escapes_its_html_part_and_keeps_the_text_part_plain(world, smtp):  # noqa: F811
    call_command("send_digests", stdout=io.StringIO())
    (message,) = smtp.to("m@example.org")
    # A long subject is folded before its first word: the parsed header starts with a space.
    assert message["Subject"].strip() == f"Lectern: 6 new papers for “{HOSTILE}”"
    html = message.get_body(("html",)).get_content()
    page = shown_escaped(html, HOSTILE, world.script.title, world.img.title, f"Stop emails for “{HOSTILE}”")
    assert [a.get_text() for a in page.select("a.title")][:2] == [world.script.title, world.img.title]
    text = message.get_body(("plain",)).get_content()
    lines = text.splitlines()
    assert {f"== {HOSTILE} (6 new) ==", f"* {world.script.title}", f"* {world.img.title}"} <= set(lines)
    assert "&lt;" not in text and "&quot;" not in text and "&gt;" not in text  # plain text, not HTML


# Reading-list exports: the owner's own, notes included.


def export(world, fmt: str):
    response = login(world.ada).get(f"/reading-list/export.{fmt}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def formulas(world) -> dict[str, Paper]:
    """FORMULAS as ada's notes and as the titles of four more papers she saved."""
    chosen = {}
    for formula, paper in zip(FORMULAS, world.papers[2:], strict=True):
        Paper.objects.filter(pk=paper.pk).update(title=formula)
        save_bookmark(world.ada, paper, note=formula)
        chosen[formula] = paper
    return chosen


def test_csv_export_quotes_every_formula_and_keeps_text_verbatim(world, formulas):
    rows = {row["arxiv_id"]: row for row in csv.DictReader(io.StringIO(export(world, "csv")))}
    assert len(rows) == 6
    for formula, paper in formulas.items():
        row = rows[paper.arxiv_id]
        assert (row["title"], row["note"]) == ("'" + formula, "'" + formula)  # text to a spreadsheet
    assert rows[world.script.arxiv_id]["note"] == HOSTILE and rows[world.script.arxiv_id]["title"] == world.script.title
    assert rows[world.img.arxiv_id]["title"] == world.img.title  # a CSV is not HTML: nothing to escape


def test_json_export_holds_the_text_as_json_strings(world, formulas):
    rows = {row["arxiv_id"]: row for row in json.loads(export(world, "json"))}
    assert rows[world.script.arxiv_id]["note"] == HOSTILE and rows[world.img.arxiv_id]["title"] == world.img.title
    assert {rows[p.arxiv_id]["note"] for p in formulas.values()} == set(FORMULAS)


def test_bibtex_export_cannot_be_broken_out_of(world, formulas):
    Paper.objects.filter(pk=world.img.pk).update(title="Closed} @misc{evil, note={x")
    text = export(world, "bib")
    entries = [line for line in text.splitlines() if line.startswith("@")]
    assert len(entries) == 6 and all(line.startswith("@misc{") for line in entries)
    assert text.count("{") == text.count("}")
    assert "@misc{evil" not in text and "title = {{Closed @miscevil, note=x}}" in text
    assert HOSTILE not in text  # notes stay out of citations
