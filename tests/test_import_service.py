"""The importer service: whole files, no duplicates, every appearance recorded."""

import datetime as dt
import json

import pytest

from papers.models import Appearance, Digest, ImportRun, Paper
from papers.services import importing
from papers.services.importing import import_digest
from tests.digests import API_FILES, SEED, all_papers, page_copy, papers_by_date, plain_digest

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_sample_digest_imports_72_papers():
    outcome = import_digest(SEED.read_bytes(), filename=SEED.name, today=TODAY)
    assert outcome.status == ImportRun.Status.IMPORTED
    assert Paper.objects.count() == 72
    digest = Digest.objects.get()
    assert digest.date == dt.date(2026, 3, 12)
    assert digest.format == "digest-text"
    assert list(digest.appearances.order_by("position").values_list("position", flat=True)) == list(range(1, 73))
    run = outcome.run
    assert (run.papers_found, run.papers_new, run.papers_known, run.problems) == (72, 72, 0, [])
    assert run.digest == digest and run.sha256 == importing.sha256_of(SEED.read_bytes())


def test_same_file_twice_changes_nothing_the_second_time():
    first = import_digest(SEED.read_bytes(), filename=SEED.name, today=TODAY)
    before = list(Paper.objects.order_by("id").values())
    second = import_digest(SEED.read_bytes(), filename="renamed.txt", today=TODAY)
    assert second.status == ImportRun.Status.ALREADY_IMPORTED
    assert second.plan.already_imported == first.run
    assert list(Paper.objects.order_by("id").values()) == before
    assert Digest.objects.count() == 1 and Appearance.objects.count() == 72


def test_a_known_paper_in_a_new_digest_gains_an_appearance_not_a_row():
    day = "2024-06-14"
    rows = papers_by_date()[day]
    import_digest(plain_digest(rows, day, year=True).encode(), filename="plain.txt")
    later = page_copy(rows[:5], "2024-06-20")  # the same papers listed again a week later
    outcome = import_digest(later.encode(), filename="page.txt", today=dt.date(2024, 6, 30))
    assert (outcome.run.papers_new, outcome.run.papers_known) == (0, 5)
    assert Paper.objects.count() == len(rows)
    again = Paper.objects.filter(title_key__in=[importing.title_key(r["title_oneline"]) for r in rows[:5]])
    for paper in again:
        assert paper.appearances.count() == 2
        assert (paper.first_listed_on, paper.last_listed_on) == (dt.date(2024, 6, 14), dt.date(2024, 6, 20))
        assert paper.arxiv_id  # learnt from the page copy's paper URLs


def test_everything_in_shared_data_stores_exactly_649_papers():
    days = papers_by_date()
    for number, (day, rows) in enumerate(days.items()):
        # Half the days as plain digests (no ids), half as page copies (with ids).
        text = plain_digest(rows, day, year=True) if number % 2 else page_copy(rows, day)
        outcome = import_digest(text.encode(), filename=f"{day}.txt", today=dt.date.fromisoformat(day))
        assert outcome.status == ImportRun.Status.IMPORTED, outcome.plan.result.problems
    for path in API_FILES:
        outcome = import_digest(path.read_bytes(), filename=path.name)
        assert outcome.run.papers_new == 0 and outcome.run.papers_known == outcome.run.papers_found
    assert Paper.objects.count() == len(all_papers()) == 649
    assert Digest.objects.count() == len(days) + len(API_FILES)
    api_papers = sum(run.papers_found for run in ImportRun.objects.filter(format="api-json"))
    assert api_papers == 91
    assert Appearance.objects.count() == 649 + 91
    # Ids came from the page copies and the API JSON, and reached the papers that
    # plain digests had stored without one.
    page_days = [day for number, day in enumerate(days) if number % 2 == 0]
    api_ids = {item["paper"]["id"] for path in API_FILES for item in json.loads(path.read_text())}
    expected_ids = {r["arxiv_id"] for r in all_papers() if r["date"] in page_days} | api_ids
    assert set(Paper.objects.exclude(arxiv_id=None).values_list("arxiv_id", flat=True)) == expected_ids
    by_id = {p.arxiv_id: p for p in Paper.objects.filter(arxiv_id__isnull=False)}
    for row in all_papers():
        if row["arxiv_id"] in by_id:
            assert by_id[row["arxiv_id"]].title == row["title_oneline"]


def test_invalid_file_stores_nothing_and_is_recorded():
    outcome = import_digest(b"\x00\x01binary\x02", filename="photo.png")
    assert outcome.status == ImportRun.Status.INVALID
    assert not Paper.objects.exists() and not Digest.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID and "binary" in run.problems[0]["message"]


def test_failure_mid_import_leaves_nothing(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # The digest and the new papers are written by now; known papers and appearances are next.
    monkeypatch.setattr(importing, "_update_known", explode)
    with pytest.raises(RuntimeError):
        import_digest(SEED.read_bytes(), filename=SEED.name, today=TODAY)
    assert not Paper.objects.exists()
    assert not Digest.objects.exists()
    assert list(ImportRun.objects.values_list("status", flat=True)) == [ImportRun.Status.FAILED]


def test_a_paper_without_id_matches_the_one_with_id_by_title():
    api = API_FILES[0]
    import_digest(api.read_bytes(), filename=api.name)
    rows = [r for r in all_papers() if r["date"] == "2025-05-30"][:3]
    outcome = import_digest(plain_digest(rows, "2025-06-02", year=True).encode(), filename="plain.txt")
    assert (outcome.run.papers_new, outcome.run.papers_known) == (0, 3)
    assert Paper.objects.count() == 42


def test_dry_run_writes_nothing():
    outcome = import_digest(SEED.read_bytes(), filename=SEED.name, today=TODAY, dry_run=True)
    assert outcome.run is None and outcome.plan.new_count == 72
    assert not Paper.objects.exists() and not ImportRun.objects.exists()
