"""Undo an import: its digest and the papers only it brought in go; the rest stay, recomputed."""

from __future__ import annotations


import pytest

from papers.models import Appearance, Digest, Paper
from papers.services.importing import import_digest
from papers.services.undo import UndoRefused, papers_kept_by_others, undo_import
from tests.admin_import_helpers import A, B, DAY_A, DAY_B, importer, two_digests  # noqa: F401
from tests.digests import API_FILES, page_copy, papers_by_date

pytestmark = pytest.mark.django_db


def test_undo_of_the_later_digest_removes_its_own_papers_and_restores_the_shared_ones(two_digests, importer):
    run_a, run_b, shared = two_digests
    outcome = undo_import(run_b.pk, user=importer)
    assert (outcome.papers_listed, outcome.removed, len(outcome.kept)) == (8, 3, 5)
    assert list(Digest.objects.values_list("date", flat=True)) == [A]
    assert Paper.objects.count() == 28 and Appearance.objects.count() == 28
    for paper in Paper.objects.filter(pk__in=shared):
        assert (paper.listed_on, paper.first_listed_on, paper.last_listed_on) == ([A], A, A)
    assert {k.id for k in outcome.kept} == set(shared)
    assert all(k.reason == "also listed in the digest of Jun 14, 2024" for k in outcome.kept)

    run_b.refresh_from_db()
    assert (run_b.status, run_b.undone_by, run_b.digest) == ("undone", importer, None)
    assert run_b.undone_at is not None and (run_b.papers_removed, run_b.papers_kept) == (3, 5)
    run_a.refresh_from_db()
    assert run_a.status == "imported"


def test_undo_of_the_earlier_digest_keeps_the_papers_listed_later(two_digests):
    run_a, _run_b, shared = two_digests
    outcome = undo_import(run_a.pk)
    assert (outcome.removed, len(outcome.kept)) == (23, 5)
    assert Paper.objects.count() == 8 and list(Digest.objects.values_list("date", flat=True)) == [B]
    for paper in Paper.objects.filter(pk__in=shared):
        assert (paper.listed_on, paper.first_listed_on, paper.last_listed_on) == ([B], B, B)
        assert paper.appearances.count() == 1
    assert all(k.reason == "also listed in the digest of Oct 10, 2024" for k in outcome.kept)


def test_after_undo_the_same_file_imports_again(two_digests):
    _run_a, run_b, _shared = two_digests
    undo_import(run_b.pk)
    rows_b = papers_by_date()[DAY_A][:5] + papers_by_date()[DAY_B][:3]
    again = import_digest(page_copy(rows_b, DAY_B).encode(), filename="b.txt", today=B)
    assert again.status == "imported" and again.run.papers_new == 3
    assert Digest.objects.count() == 2


def test_an_undone_or_unimported_run_cannot_be_undone(two_digests):
    run_a, _run_b, _shared = two_digests
    undo_import(run_a.pk)
    with pytest.raises(UndoRefused, match="only a run that imported a digest can be undone"):
        undo_import(run_a.pk)
    again = import_digest(API_FILES[0].read_bytes(), filename="x.json")
    repeat = import_digest(API_FILES[0].read_bytes(), filename="x.json")
    assert repeat.status == "already-imported"
    with pytest.raises(UndoRefused):
        undo_import(repeat.run.pk)
    assert Digest.objects.filter(pk=again.digest.pk).exists()


def test_papers_kept_by_others_are_those_listed_in_another_digest(two_digests):
    run_a, _run_b, shared = two_digests
    in_a = list(Appearance.objects.filter(digest=run_a.digest).values_list("paper_id", flat=True))
    Appearance.objects.filter(digest=run_a.digest).delete()  # undo asks once A's listings are gone
    assert papers_kept_by_others(in_a) == set(shared)
    assert papers_kept_by_others([]) == set()
