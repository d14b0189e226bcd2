"""Two readers in headless Chromium: each saves and marks papers, then the team page
and the saved facets show what both did, and neither sees the other's note."""

import datetime as dt
import re

import pytest

from papers.models import Bookmark, Paper
from papers.services.importing import import_digest
from tests.browser import ARTIFACTS, chromium_page
from tests.digests import SEED

PASSWORDS = {"ada": "pw-ada-lectern-1", "bob": "pw-bob-lectern-2"}
ADA_NOTE = "Ada only: revisit the proof in section 3."


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def _card(page, paper):
    return page.locator(f"article[aria-labelledby='paper-{paper.pk}']")


def _facet_count(page, facet, label):
    link = page.locator(f'.facet[aria-labelledby="facet-{facet}"] a', has_text=label)
    return int(link.locator(".count").inner_text())


@pytest.mark.django_db(transaction=True)
def test_two_readers_save_mark_and_see_the_team(live_server, django_user_model):
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    for name, password in PASSWORDS.items():
        django_user_model.objects.create_user(name, password=password, first_name=name.title())
    first, second, third = Paper.objects.order_by("-last_listed_on", "-id")[:3]  # the first rows of the list
    base = live_server.url

    with chromium_page() as page:  # Ada: saves two papers, finishes one, writes a note
        _log_in(page, base, "ada")
        for paper in (first, second):
            _card(page, paper).get_by_role("button", name=re.compile("^Save")).click()
            _card(page, paper).locator(".bm-edit").wait_for(state="visible")  # updated in place (JavaScript)
        _card(page, second).locator("select[name=status]").select_option("read")
        page.wait_for_function(
            "() => document.querySelector(\"article[aria-labelledby='paper-%d'] .saver.s-read\")" % second.pk
        )
        page.goto(f"{base}/papers/{first.pk}/")
        page.fill("textarea[name=note]", ADA_NOTE)
        page.get_by_role("button", name="Save changes").click()
        page.wait_for_function("() => document.querySelector('.bm-said').textContent.trim() !== ''")

    with chromium_page(color_scheme="dark") as page:  # Bob: saves one of Ada's papers and a third
        _log_in(page, base, "bob")
        for paper in (second, third):
            _card(page, paper).get_by_role("button", name=re.compile("^Save")).click()
            _card(page, paper).locator(".bm-edit").wait_for(state="visible")
        _card(page, third).locator("select[name=status]").select_option("reading")
        page.wait_for_function(
            "() => document.querySelector(\"article[aria-labelledby='paper-%d'] .saver.s-reading\")" % third.pk
        )

        # The saved facets count what both did, and clicking one shows that many papers.
        page.goto(base + "/")
        assert _facet_count(page, "saved", "saved by me") == 2
        assert _facet_count(page, "saved", "saved by anyone") == 3
        assert _facet_count(page, "saved_by", "Ada") == 2
        page.locator('.facet[aria-labelledby="facet-saved"] a', has_text="saved by anyone").click()
        page.wait_for_url(re.compile(r"saved=team"))
        assert page.locator(".total strong").inner_text() == "3"
        assert page.locator(f"article[aria-labelledby='paper-{second.pk}'] .saver").count() == 2
        page.locator('.facet[aria-labelledby="facet-saved_by"] a', has_text="Ada").click()
        page.wait_for_url(re.compile(r"saved_by=ada"))
        assert page.locator(".total strong").inner_text() == "2"

        # The team page: trending this week, the activity of both, both members.
        page.click("nav[aria-label=Main] >> text=Team")
        page.wait_for_url(base + "/team/")
        week = page.locator("section[aria-labelledby=trending-week] .trending li").first
        assert second.title in week.inner_text() and "2 saves" in week.inner_text()
        activity = page.locator(".activity").inner_text()
        assert "Ada finished" in activity and "Bob started reading" in activity and "Ada saved" in activity
        assert ADA_NOTE not in page.content()
        page.screenshot(path=str(ARTIFACTS / "team-dark.png"), full_page=True)

        # Ada's list as Bob sees it: her papers and statuses, not her note.
        page.locator(".members a", has_text="Ada").click()
        page.wait_for_url(base + "/team/ada/")
        assert page.locator(".paper-card").count() == 2
        assert ADA_NOTE not in page.content()

    assert Bookmark.objects.count() == 4
    assert Bookmark.objects.get(user__username="ada", paper=first).note == ADA_NOTE
