"""Every shape people save imports through the one importer, and the command and the admin preview name its format."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from papers.models import Paper
from papers.parsing import Format
from tests.admin_import_helpers import importer, importer_client  # noqa: F401 (fixtures)
from tests.admin_import_helpers import preview_soup, upload
from tests.digests import papers_by_date
from tests.shapes import trending_copy
from tests.test_import_command import run
from tests.test_parser_formats import DAY, shapes

pytestmark = pytest.mark.django_db
SUFFIX = {Format.API_JSON: ".json", Format.HTML_DATA: ".html", Format.HTML: ".html", Format.MARKDOWN: ".md"}


@pytest.mark.parametrize("shape", list(Format), ids=lambda f: f.value)
def test_the_command_s_dry_run_prints_the_detected_format_and_stores_nothing(tmp_path, shape):
    path = tmp_path / f"{DAY}{SUFFIX.get(shape, '.txt')}"
    path.write_text(shapes()[shape], encoding="utf-8")
    code, out, err = run(path, "--dry-run", "--date", DAY)
    assert code == 0, err
    assert f"format:        {shape.label}\n" in out
    assert Paper.objects.count() == 0


@pytest.mark.parametrize("shape", [Format.MARKDOWN, Format.HTML_DATA, Format.TRENDING], ids=lambda f: f.value)
def test_the_admin_preview_names_the_format_of_each_file(importer_client, shape):
    text = shapes()[shape]
    response = upload(importer_client, SimpleUploadedFile(f"copy{SUFFIX.get(shape, '.txt')}", text.encode()))
    soup = preview_soup(importer_client, response)
    (row,) = soup.select("#import-files tbody tr")
    assert row.select("td")[1].get_text(strip=True) == shape.label
    assert f"read as {shape.label}" in soup.select_one(".file-facts").get_text(" ", strip=True)


def test_the_preview_marks_the_papers_that_only_have_a_summary(importer_client):
    rows = papers_by_date()["2025-09-30"][:10]  # a day whose papers have AI summaries
    for seed in range(50):
        text, want = trending_copy(rows, random.Random(seed))
        only = [t for (t, a, _), r in zip(want, rows) if a != r["abstract_oneline"]]
        if only:
            break
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile("trending.md", text.encode())))
    marked = [tr.select("td")[1].contents[0].strip() for tr in soup.select(".papers-table tbody tr") if tr.select_one(".status-summary")]
    assert marked == only
    assert f"{len(only)} with only an AI summary" in soup.select_one("details.papers summary").get_text(" ", strip=True)
