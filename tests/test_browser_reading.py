"""A reader in headless Chromium: search, click a facet, open a paper, come back."""

import datetime as dt
import re

import pytest

from papers.services.importing import import_digest
from tests.browser import ARTIFACTS, chromium_page
from tests.digests import API_FILES, SEED


@pytest.mark.django_db(transaction=True)
def test_search_facet_open_and_back(live_server):
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    for path in API_FILES:
        import_digest(path.read_bytes(), filename=path.name)

    with chromium_page() as page:
        page.goto(live_server.url + "/")
        assert page.locator(".total strong").inner_text() == "163"

        page.keyboard.press("/")  # the search shortcut focuses the box
        assert page.evaluate("document.activeElement.id") == "q"
        page.keyboard.type("language models")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"q=language\+models"))
        searched = int(page.locator(".total strong").inner_text())
        assert 0 < searched < 163
        assert page.locator(".paper-card mark").count() > 0

        digest = page.locator(".facet a", has_text="May 30, 2025")
        facet_count = int(digest.locator(".count").inner_text())
        other_before = page.locator('.facet[aria-labelledby="facet-topic"] .count').first.inner_text()
        digest.click()
        page.wait_for_url(re.compile(r"digest=2025-05-30"))
        assert int(page.locator(".total strong").inner_text()) == facet_count < searched
        assert page.locator(".chips", has_text="Digest: May 30, 2025").count() == 1
        other_after = page.locator('.facet[aria-labelledby="facet-topic"] .count').first.inner_text()
        assert (other_before, facet_count) != (other_after, searched)  # the other facets' counts follow
        page.screenshot(path=str(ARTIFACTS / "reading-list.png"))

        page.keyboard.press("j")
        first_title = page.evaluate("document.activeElement.textContent").strip()
        page.keyboard.press("o")
        page.wait_for_url(re.compile(r"/papers/\d+/$"))
        assert page.locator("h1").inner_text() == first_title
        page.screenshot(path=str(ARTIFACTS / "reading-paper.png"), full_page=True)

        page.go_back()
        page.wait_for_url(re.compile(r"digest=2025-05-30"))
        assert int(page.locator(".total strong").inner_text()) == facet_count
        assert page.locator(".chips", has_text="Digest: May 30, 2025").count() == 1
