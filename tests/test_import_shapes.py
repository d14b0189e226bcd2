"""Every shape people save imports through the one importer, and the command and the admin preview name its format."""

import datetime as dt
import json
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from papers.models import Paper
from papers.parsing import Format
from tests.admin_import_helpers import importer, importer_client  # noqa: F401 (fixtures)
from tests.admin_import_helpers import preview_soup, upload
from tests.digests import API_FILES, papers_by_date
from tests.shapes import trending_copy
from tests.test_import_command import run
from tests.test_parser_formats import DAY, ROWS, shapes

pytestmark = pytest.mark.django_db
SUFFIX = {
    Format.API_JSON: ".json", Format.HTML_DATA: ".html", Format.HTML: ".html", Format.MARKDOWN: ".md",
    Format.ARXIV_RSS: ".xml", Format.ARXIV_ATOM: ".xml",
}


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


@pytest.mark.parametrize("shape", list(Format), ids=lambda f: f.value)
def test_every_shape_stores_exactly_its_papers_and_no_other_row(shape):
    """Through the importer into the database: every title and abstract to the character,
    every arXiv id the shape carries, and nothing else."""
    from papers.services.importing import import_digest

    text = shapes()[shape]
    outcome = import_digest(text.encode(), filename=f"copy{SUFFIX.get(shape, '.txt')}", digest_date=dt.date(2026, 5, 13))
    assert outcome.ok, outcome.plan.result.problems[:3]
    if shape in (Format.HTML_DATA, Format.API_JSON):
        items = json.loads(API_FILES[1].read_text(encoding="utf-8"))
        want = {(" ".join(i["paper"]["title"].split()), i["paper"]["summary"], i["paper"]["id"]) for i in items}
    else:
        carries_ids = shape not in (Format.DIGEST_TEXT,)
        want = {(r["title_oneline"], r["abstract_oneline"], r["arxiv_id"] if carries_ids else None) for r in ROWS}
    stored = set(Paper.objects.values_list("title", "abstract", "arxiv_id"))
    assert stored == want
