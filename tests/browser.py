"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextmanager
def chromium_page(*, color_scheme: str = "light", width: int = 1280, height: int = 900):
    if not shutil.which(CHROMIUM):
        raise RuntimeError("browser tests need Debian's chromium: apt-get install chromium (make test does it as root)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous calls. Only for this block:
    # a subprocess (manage.py check --deploy) must never inherit the switch.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with _browser_page(sync_playwright, color_scheme, width, height) as page:
            yield page
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _browser_page(sync_playwright, color_scheme: str, width: int, height: int):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            yield page
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
            # The ORM calls a test makes inside this block run in Playwright's event-loop
            # context, where Django keeps connections apart from the test's own; left
            # open, one kept the test database from being dropped after the run ("being
            # accessed by other users"). Browser tests are transactional: nothing is lost.
            from django.db import connections

            connections.close_all()
