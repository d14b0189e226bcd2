"""In headless Chromium: follow a search from the list, manage it, open its feed and the feed key's addresses."""

import datetime as dt

import feedparser
import pytest

from papers.following.models import SavedSearch
from papers.services.importing import import_digest
from tests.browser import ARTIFACTS, chromium_page
from tests.digests import page_copy, papers_by_date

PASSWORD = "pw-ada-lectern-1"
DAY = "2025-09-30"


@pytest.mark.django_db(transaction=True)
def test_follow_a_search_then_read_its_feed_in_the_browser(live_server, django_user_model):
    import_digest(page_copy(papers_by_date()[DAY], DAY).encode(), filename="d.txt", today=dt.date.fromisoformat(DAY))
    django_user_model.objects.create_user("ada", email="ada@example.org", password=PASSWORD, first_name="Ada")
    base = live_server.url
    with chromium_page() as page:
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "ada")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        page.goto(base + "/?q=reasoning")
        page.click(".follow-form summary")
        page.fill(".follow-form input[name=name]", "Reasoning")
        page.select_option(".follow-form select[name=email]", "weekly")
        page.click(".follow-form button[type=submit]")
        page.wait_for_url(base + "/?q=reasoning")
        assert "Following “Reasoning”" in page.locator(".messages").inner_text()
        assert "Following as" in page.locator(".follow").inner_text()

        page.click("nav[aria-label=Main] >> text=Following")
        page.wait_for_url(base + "/following/")
        assert page.locator(".followed-card h2").inner_text() == "Reasoning"
        assert page.locator(".followed-card select[name=email]").input_value() == "weekly"
        assert page.locator(".feed-link").count() == 0  # no feed key yet: the page says where to get one
        page.click("text=get yours on your account page")
        page.click("text=Create feed addresses")
        page.wait_for_url(base + "/account/#feeds")
        page.goto(base + "/following/")
        feed_url = page.locator(".feed-link").get_attribute("href")
        page.screenshot(path=str(ARTIFACTS / "following.png"), full_page=True)

        response = page.goto(feed_url)  # as a feed reader would: the browser opens the address
        assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.body())
        assert not feed.bozo and feed.feed.title == "Lectern: Reasoning" and feed.entries
        page.goto(base + "/following/")
        page.click("text=Stop following")
        page.wait_for_url(base + "/following/")
        assert "You follow no searches yet" in page.content()
    assert not SavedSearch.objects.exists()
