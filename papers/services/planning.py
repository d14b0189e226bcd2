"""The read-only half of an import: parse a file and match its papers against the stored ones.

`plan_import` serves `import_digest` (papers.services.importing), `--dry-run` and the
admin preview; it writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone

from papers.models import ImportRun, Paper
from papers.parsing import PaperRecord, ParseResult, parse_digest, title_key

@dataclass
class PlannedPaper:
    record: PaperRecord
    key: str
    existing: Paper | None  # the stored paper this record is; set for new ones once written
    is_new: bool = False


@dataclass
class ImportPlan:
    """What importing a parsed file would change; nothing is written to build it."""

    filename: str
    sha256: str
    size: int
    result: ParseResult
    papers: list[PlannedPaper] = field(default_factory=list)
    already_imported: ImportRun | None = None  # the run that stored this exact file
    replaced_known: int = 0  # arXiv feeds: new versions of papers stored already (counted only)

    @property
    def new_count(self) -> int:
        return sum(1 for p in self.papers if p.is_new)

    @property
    def known_count(self) -> int:
        return len(self.papers) - self.new_count

    @property
    def can_import(self) -> bool:
        return self.result.ok and self.already_imported is None



def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_import(
    data: bytes,
    *,
    filename: str,
    digest_date: dt.date | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Parse the file and match its papers against the stored ones (read-only)."""
    today = today or timezone.localdate()
    result = parse_digest(data, filename=filename, today=today, digest_date=digest_date)
    plan = ImportPlan(filename=filename, sha256=sha256_of(data), size=len(data), result=result)
    plan.already_imported = (
        ImportRun.objects.filter(sha256=plan.sha256, status=ImportRun.Status.IMPORTED, digest__isnull=False)
        .select_related("user", "digest")
        .first()
    )
    if result.ok and plan.already_imported is None:
        plan.papers = _drop_second_matches(match_records(result.papers), result)
    if result.replaced:
        _count_replaced(plan)
    return plan


def _count_replaced(plan: ImportPlan) -> None:
    """New versions of earlier papers (arXiv's replace announcements) change nothing: the
    ones Lectern has are counted, and the file says so."""
    ids = {arxiv_id for _, arxiv_id in plan.result.replaced if arxiv_id}
    plan.replaced_known = Paper.objects.filter(arxiv_id__in=ids).count() if ids else 0
    plan.result.warn(
        f"{len(plan.result.replaced)} new versions of earlier papers (replace, replace-cross) are not imported; "
        f"{plan.replaced_known} of those papers are in Lectern, unchanged"
    )


def _drop_second_matches(planned: list[PlannedPaper], result: ParseResult) -> list[PlannedPaper]:
    """Two records of one file that are the same stored paper are imported once."""
    seen: dict[int, PlannedPaper] = {}
    kept = []
    for item in planned:
        if item.existing is not None and item.existing.pk in seen:
            first = seen[item.existing.pk].record
            result.warn(f"“{item.record.title[:60]}” is the same paper as line {first.line}; kept once", item.record.line)
            continue
        if item.existing is not None:
            seen[item.existing.pk] = item
        kept.append(item)
    return kept


def match_records(records: list[PaperRecord]) -> list[PlannedPaper]:
    """Find the stored paper of each record: by arXiv id, else by normalised title.

    A title match counts unless both papers have arXiv ids and the ids differ (two
    papers may share a title). Two queries, whatever the number of records.
    """
    keys = [title_key(r.title) for r in records]
    ids = [r.arxiv_id for r in records if r.arxiv_id]
    # The fields matching and updating need; never the search vector or the abstract.
    stored = Paper.objects.only(
        "id", "title", "title_key", "arxiv_id", "code_url", "authors", "upvotes", "abstract_is_summary"
    )
    by_id = {p.arxiv_id: p for p in stored.filter(arxiv_id__in=ids)} if ids else {}
    by_key: dict[str, list[Paper]] = {}
    for paper in stored.filter(title_key__in=set(keys)).order_by("id"):
        by_key.setdefault(paper.title_key, []).append(paper)
    planned = []
    for record, key in zip(records, keys):
        existing = by_id.get(record.arxiv_id) if record.arxiv_id else None
        if existing is None:
            existing = next(
                (p for p in by_key.get(key, []) if not (record.arxiv_id and p.arxiv_id)),
                None,
            )
        planned.append(PlannedPaper(record, key, existing, is_new=existing is None))
    return planned
