"""Import one digest file: parse, match against stored papers, write in one transaction.

`import_digest` is the only way papers get into the database; the management
command and the admin page both call it. `plan_import` (papers.services.planning) is
its read-only half, for `--dry-run` and the admin preview.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from papers.models import Digest, ImportRun, Paper
from papers.parsing import title_key
from papers.parsing.links import code_host
from papers.selectors import warm_first_page
from papers.services.classification import load_rules
from papers.services.planning import ImportPlan, PlannedPaper, match_records, plan_import, sha256_of

# What callers import from here as well.
__all__ = ["ImportOutcome", "ImportPlan", "PlannedPaper", "import_digest", "plan_import", "record_failed_fetch",
           "sha256_of", "title_key"]

logger = logging.getLogger(__name__)
BATCH_SIZE = 2000


@dataclass
class ImportOutcome:
    plan: ImportPlan
    status: ImportRun.Status
    run: ImportRun | None  # None for a dry run
    digest: Digest | None = None

    @property
    def ok(self) -> bool:
        return self.status in (ImportRun.Status.IMPORTED, ImportRun.Status.ALREADY_IMPORTED)


def import_digest(
    data: bytes,
    *,
    filename: str,
    user=None,
    source: str = ImportRun.Source.COMMAND,
    digest_date: dt.date | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    source_url: str = "",
) -> ImportOutcome:
    """Import one file whole or not at all, and record the attempt as an ImportRun."""
    plan = plan_import(data, filename=filename, digest_date=digest_date, today=today)
    if dry_run:
        status = _status_of(plan)
        return ImportOutcome(plan=plan, status=status, run=None)
    outcome = _import(plan, user, _Source(source, source_url))
    _log(outcome)
    return outcome


def _log(outcome: ImportOutcome) -> None:
    """One line per import for the server's log, with its counts."""
    plan, run = outcome.plan, outcome.run
    logger.info(
        "import #%s %s (%s): %s; %d papers read, %d new, %d known; %d errors, %d warnings",
        run.pk, plan.filename, run.source, outcome.status, len(plan.result.papers), plan.new_count, plan.known_count,
        len(plan.result.errors), len(plan.result.warnings),
    )


def _import(plan: ImportPlan, user, source: _Source) -> ImportOutcome:
    if not plan.result.ok:
        return ImportOutcome(plan, ImportRun.Status.INVALID, _record(plan, ImportRun.Status.INVALID, user, source))
    if plan.already_imported:
        return _already_imported(plan, user, source)
    try:
        with transaction.atomic():
            digest = _write(plan)
            run = _record(plan, ImportRun.Status.IMPORTED, user, source, digest=digest)
            transaction.on_commit(warm_first_page)  # no reader waits for the new counts
    except IntegrityError:
        # Another import stored the same file between our check and our write.
        plan.already_imported = ImportRun.objects.filter(sha256=plan.sha256, status=ImportRun.Status.IMPORTED).first()
        if plan.already_imported is None:
            raise
        return _already_imported(plan, user, source)
    except (OperationalError, InterfaceError) as error:
        # The connection was lost mid-write (the server stopped or crashed): the
        # transaction went with it. One line, not a traceback; the run is recorded if the
        # database answers again by now.
        logger.error("import of %s failed, nothing of it was stored: the database connection was lost (%s)",
                     plan.filename, first_line(error))
        _record_failure(plan, user, source)
        raise
    except Exception:
        logger.exception("import of %s failed; nothing of it was stored", plan.filename)
        _record(plan, ImportRun.Status.FAILED, user, source)
        raise
    return ImportOutcome(plan, ImportRun.Status.IMPORTED, run, digest)


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _record_failure(plan: ImportPlan, user, source: _Source) -> None:
    try:
        connection.close_if_unusable_or_obsolete()
        _record(plan, ImportRun.Status.FAILED, user, source)
    except DatabaseError as error:
        logger.warning("the failed import of %s could not be recorded: %s", plan.filename, first_line(error))


@dataclass(frozen=True)
class _Source:
    """Where a file came from, for its run: how (ImportRun.Source) and, for a fetch, the URL."""

    kind: str
    url: str = ""


def _status_of(plan: ImportPlan) -> ImportRun.Status:
    if not plan.result.ok:
        return ImportRun.Status.INVALID
    if plan.already_imported:
        return ImportRun.Status.ALREADY_IMPORTED
    return ImportRun.Status.IMPORTED


def _already_imported(plan: ImportPlan, user, source: _Source) -> ImportOutcome:
    run = _record(plan, ImportRun.Status.ALREADY_IMPORTED, user, source, digest=None)
    return ImportOutcome(plan, ImportRun.Status.ALREADY_IMPORTED, run, plan.already_imported.digest)


def _write(plan: ImportPlan) -> Digest:
    result = plan.result
    day = result.digest_date
    digest = Digest.objects.create(
        date=day,
        filename=plan.filename[:255],
        sha256=plan.sha256,
        format=result.format.value,
        header="\n".join(result.header),
    )
    _insert_new_papers(plan, day)
    stored = _reload(plan)
    _update_known(plan, day)
    with connection.cursor() as cursor, cursor.copy(
        "COPY papers_appearance (paper_id, digest_id, position) FROM STDIN"
    ) as copy:
        for position, paper in enumerate(stored, start=1):
            copy.write_row((paper.pk, digest.pk, position))
    return digest


# The columns the importer writes for a new paper (search_vector is generated).
_NEW_PAPER_COLUMNS = (
    "title", "title_key", "abstract", "abstract_is_summary", "arxiv_id", "code_url", "code_host", "authors", "upvotes",
    "first_seen_at", "first_listed_on", "last_listed_on", "listed_on", "topics", "datasets",
)


def _insert_new_papers(plan: ImportPlan, day: dt.date) -> None:
    """COPY the new papers into a scratch table, then INSERT ... ON CONFLICT DO NOTHING.

    COPY streams 10,000 rows in a fraction of what ORM inserts cost; the conflict clause
    skips papers a concurrent import stored since we matched (picked up by _reload).
    """
    rules = load_rules()
    now = timezone.now()
    columns = ", ".join(_NEW_PAPER_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE import_new_papers ON COMMIT DROP AS SELECT {columns} FROM papers_paper WITH NO DATA"
        )
        with cursor.copy(f"COPY import_new_papers ({columns}) FROM STDIN") as copy:
            for planned in plan.papers:
                if not planned.is_new:
                    continue
                record = planned.record
                topics, datasets = rules.label(record.title, record.abstract)
                copy.write_row(
                    (
                        record.title, planned.key, record.abstract, record.summary_only, record.arxiv_id,
                        record.code_url or "",
                        code_host(record.code_url), Jsonb(list(record.authors)), record.upvotes,
                        now, day, day, [day], topics, datasets,
                    )
                )
        cursor.execute(
            f"INSERT INTO papers_paper ({columns}) SELECT {columns} FROM import_new_papers "
            "ORDER BY ctid ON CONFLICT DO NOTHING"
        )
        cursor.execute("DROP TABLE import_new_papers")


def _reload(plan: ImportPlan) -> list[Paper]:
    """The stored paper of every planned one, the new ones included, in file order."""
    new = [p for p in plan.papers if p.is_new]
    found = match_records([p.record for p in new])  # the rows just written (or a concurrent import's)
    missing = [f.record.title for f in found if f.existing is None]
    if missing:
        raise IntegrityError(f"papers not stored: {missing[:3]}")
    for planned, match in zip(new, found):
        planned.existing = match.existing
    return [p.existing for p in plan.papers]


def _update_known(plan: ImportPlan, day: dt.date) -> None:
    """Known papers: widen their listed dates (one UPDATE) and fill what they lacked."""
    known = [p for p in plan.papers if not p.is_new]
    if not known:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE papers_paper SET first_listed_on = LEAST(first_listed_on, %s), "
            "last_listed_on = GREATEST(last_listed_on, %s), "
            "listed_on = CASE WHEN %s = ANY(listed_on) THEN listed_on ELSE array_append(listed_on, %s::date) END "
            "WHERE id = ANY(%s)",
            [day, day, day, day, [p.existing.pk for p in known]],
        )
    changed, fields = [], set()
    rules = None
    for planned in known:
        paper, record = planned.existing, planned.record
        updates = {}
        if record.arxiv_id and not paper.arxiv_id:
            updates["arxiv_id"] = record.arxiv_id
        if record.code_url and not paper.code_url:
            updates.update(code_url=record.code_url, code_host=code_host(record.code_url))
        if record.authors and not paper.authors:
            updates["authors"] = list(record.authors)
        if record.upvotes is not None and record.upvotes != paper.upvotes:
            updates["upvotes"] = record.upvotes
        if paper.abstract_is_summary and not record.summary_only:
            # The full abstract at last, in place of a trending card's AI summary: the
            # labels follow the text (the search vector is generated from it).
            rules = rules or load_rules()
            topics, datasets = rules.label(paper.title, record.abstract)
            updates.update(abstract=record.abstract, abstract_is_summary=False, topics=topics, datasets=datasets)
        if updates:
            for name, value in updates.items():
                setattr(paper, name, value)
            fields |= updates.keys()
            changed.append(paper)
    if changed:
        Paper.objects.bulk_update(changed, sorted(fields), batch_size=BATCH_SIZE)


def _record(plan: ImportPlan, status: ImportRun.Status, user, source: _Source, digest: Digest | None = None) -> ImportRun:
    result = plan.result
    return ImportRun.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        source=source.kind,
        source_url=source.url[:1000],
        finished_at=timezone.now(),
        filename=plan.filename[:255],
        sha256=plan.sha256,
        size=plan.size,
        format=result.format.value if result.format else "",
        digest_date=result.digest_date,
        status=status,
        digest=digest,
        papers_found=len(result.papers),
        papers_new=plan.new_count if status == ImportRun.Status.IMPORTED else 0,
        papers_known=plan.known_count if status == ImportRun.Status.IMPORTED else 0,
        papers_replaced=plan.replaced_known if status == ImportRun.Status.IMPORTED else 0,
        problems=[{"line": p.line, "message": p.message, "severity": p.severity.value} for p in result.problems],
    )


def record_failed_fetch(*, url: str, filename: str, reason: str, user=None, digest_date: dt.date | None = None) -> ImportRun:
    """A fetch that got no file (the network, the server): a failed run with the reason,
    in the history beside the imports; nothing else is stored."""
    return ImportRun.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        source=ImportRun.Source.FETCH,
        source_url=url[:1000],
        finished_at=timezone.now(),
        filename=filename[:255],
        sha256="",
        digest_date=digest_date,
        status=ImportRun.Status.FAILED,
        problems=[{"line": None, "message": reason, "severity": "error"}],
    )
