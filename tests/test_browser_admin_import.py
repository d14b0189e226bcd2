"""An administrator in headless Chromium: upload two files, preview, confirm one, read it, undo it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from papers.models import Digest, ImportRun, Paper
from papers.services.importing import import_digest
from tests.admin_import_helpers import PASSWORD, broken_digest, migrated_data_back, staged_ids  # noqa: F401
from tests.browser import ARTIFACTS, chromium_page
from tests.digests import page_copy, papers_by_date, plain_digest

GOOD_DAY, LATER_DAY = "2024-10-10", "2024-10-18"

# Transactional tests empty the tables; leave them as migrations did for the tests after.
pytestmark = pytest.mark.usefixtures("migrated_data_back")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_upload_preview_confirm_read_and_undo(live_server, django_user_model, monkeypatch, tmp_path, scheme):
    # chromium_page sets this with setdefault; setting it here first keeps it from leaking
    # into later tests (monkeypatch removes it again).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    django_user_model.objects.create_superuser("admin", password=PASSWORD)
    rows = papers_by_date()[GOOD_DAY]
    # A week later five of its papers were listed again: imported before, from the command line.
    import_digest(page_copy(rows[:5], LATER_DAY).encode(), filename="oct-18.txt", today=dt.date(2024, 10, 31))
    good = tmp_path / "oct-10.txt"
    good.write_text(plain_digest(rows, GOOD_DAY, year=True), encoding="utf-8")
    broken_text, broken_line = broken_digest()
    broken = tmp_path / "jun-14-broken.txt"
    broken.write_text(broken_text, encoding="utf-8")

    def shot(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"admin-import-{name}-{scheme}.png"), full_page=True)

    ARTIFACTS.mkdir(exist_ok=True)

    with chromium_page(color_scheme=scheme) as page:
        page.goto(live_server.url + "/admin/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        shot(page, "1-index")

        page.click("#digest-imports a:text('Import digests')")
        page.wait_for_url(re.compile(r"/admin/papers/digest/import/$"))
        page.set_input_files("#id_files", [str(good), str(broken)])
        assert page.locator(".dropzone-files li").count() == 2
        shot(page, "2-upload")

        page.click("input[type=submit][value=Preview]")
        page.wait_for_url(re.compile(r"/import/preview/\?files="))
        summary = page.locator("#import-files tbody tr")
        assert summary.count() == 2
        assert "ready" in summary.nth(0).inner_text()
        assert page.locator(f"#file-{staged_ids()[0]} a.status-known").count() == 5
        assert summary.nth(0).locator("input[type=checkbox]").is_checked()
        assert "cannot be imported" in summary.nth(1).inner_text()
        assert summary.nth(1).locator("input[type=checkbox]").is_disabled()
        problem = page.locator("table.problems tr.problem-error").first
        assert problem.locator("td").first.inner_text() == str(broken_line)
        assert "has no abstract after it" in problem.inner_text()
        assert Digest.objects.count() == 1  # nothing stored by the preview
        shot(page, "3-preview")
        page.screenshot(path=str(ARTIFACTS / f"admin-import-3-preview-top-{scheme}.png"))  # the viewport only

        page.click("input[type=submit][value='Import the ticked files']")
        page.wait_for_url(re.compile(r"/import/results/\?runs="))
        assert "1 file imported." in page.locator(".import-intro").inner_text()
        shot(page, "4-results")

        page.click("a.digest-link")
        page.wait_for_url(re.compile(rf"/\?digest={GOOD_DAY}$"))
        assert page.locator(".total strong").inner_text() == str(len(rows))
        shown = page.locator(".paper-card h2").all_inner_texts()
        assert shown and set(shown) <= {r["title_oneline"] for r in rows}
        shot(page, "5-portal")

        run = ImportRun.objects.get(filename="oct-10.txt")
        page.goto(f"{live_server.url}/admin/papers/importrun/{run.pk}/change/")
        shot(page, "6-run")
        page.click("a.undo-link")
        page.wait_for_url(re.compile(r"/undo/$"))
        shot(page, "7-undo-confirm")
        page.click("input[type=submit][value='Yes, undo this import']")
        assert "is undone" in page.locator(".import-intro").inner_text()
        kept = page.locator("#kept-papers tbody tr")
        assert kept.count() == 5
        assert "also listed in the digest of Oct 18, 2024" in kept.first.inner_text()
        shot(page, "8-undone")

        page.goto(live_server.url + "/admin/papers/importrun/")
        shot(page, "9-runs")

    assert list(Digest.objects.values_list("date", flat=True)) == [dt.date(2024, 10, 18)]
    assert Paper.objects.count() == 5
    # The broken file was never sent; the good one's run is undone.
    runs = sorted(ImportRun.objects.values_list("filename", "status"))
    assert runs == [("oct-10.txt", "undone"), ("oct-18.txt", "imported")]
