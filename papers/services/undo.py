"""Undo an import: remove its digest and the papers nothing else keeps, in one transaction.

The one write use case behind the admin's "Undo this import" button. The run stays
in the history, marked undone (who, when, how many papers went and stayed), so the
same file can be imported again later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from papers.models import Appearance, Digest, ImportRun, Paper
from papers.selectors import warm_first_page


class UndoRefused(Exception):
    """The run cannot be undone; the message says why, for the administrator."""


@dataclass(frozen=True)
class KeptPaper:
    id: int
    title: str
    other_digests: tuple[dt.date, ...]  # dates of the digests that still list it

    @property
    def reason(self) -> str:
        if not self.other_digests:
            return "kept for other users"  # e.g. bookmarked, once bookmarks exist
        dates = ", ".join(f"{day:%b} {day.day}, {day.year}" for day in self.other_digests)
        plural = "s" if len(self.other_digests) > 1 else ""
        return f"also listed in the digest{plural} of {dates}"


@dataclass
class UndoOutcome:
    run: ImportRun
    digest_date: dt.date
    papers_listed: int  # appearances the digest had
    removed: int  # papers deleted: only this import listed them
    kept: list[KeptPaper] = field(default_factory=list)  # papers that stay, with why, by title


def papers_kept_by_others(paper_ids: Collection[int]) -> set[int]:
    """The papers among `paper_ids` that an undo must not delete.

    Called once the undone digest's appearances are gone: today a paper is kept when
    another digest lists it. Bookmarks join here (a paper someone bookmarked stays):
    union the ids of bookmarked papers once the Bookmark model exists.
    """
    if not paper_ids:
        return set()
    return set(Appearance.objects.filter(paper_id__in=list(paper_ids)).values_list("paper_id", flat=True).distinct())


def undo_import(run_id: int, *, user=None) -> UndoOutcome:
    """Remove the digest an import run stored, with the papers only it brought in.

    Papers that stay get their listed dates recomputed from the digests still listing
    them. Two undos of one run at once: the second waits for the run's row lock and is
    refused.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise UndoRefused("there is no such import run")
        if run.status != ImportRun.Status.IMPORTED or run.digest_id is None:
            raise UndoRefused(
                f"this run's status is “{run.get_status_display()}”: only a run that imported a digest can be undone"
            )
        digest = Digest.objects.select_for_update().get(pk=run.digest_id)
        day = digest.date
        paper_ids = list(Appearance.objects.filter(digest=digest).values_list("paper_id", flat=True))
        digest.delete()  # its appearances go with it; the run's digest link is cleared below

        kept_ids = papers_kept_by_others(paper_ids)
        removed_ids = set(paper_ids) - kept_ids
        Paper.objects.filter(pk__in=removed_ids).delete()
        _recompute_listed_dates(kept_ids, undone_day=day)

        run.status = ImportRun.Status.UNDONE
        run.digest = None
        run.undone_at = timezone.now()
        run.undone_by = user if user is not None and user.is_authenticated else None
        run.papers_removed = len(removed_ids)
        run.papers_kept = len(kept_ids)
        run.save(update_fields=["status", "digest", "undone_at", "undone_by", "papers_removed", "papers_kept"])
        transaction.on_commit(warm_first_page)
        return UndoOutcome(run, day, len(paper_ids), len(removed_ids), _kept_papers(kept_ids))


def _recompute_listed_dates(paper_ids: set[int], *, undone_day: dt.date) -> None:
    """listed_on, first_listed_on and last_listed_on from the remaining appearances.

    A paper kept with no appearance left (kept for a bookmark) only loses the undone
    date: its first and last listed dates cannot be empty, so they stay.
    """
    if not paper_ids:
        return
    paper, appearance, digest = Paper._meta.db_table, Appearance._meta.db_table, Digest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {paper} AS p SET listed_on = s.dates, first_listed_on = s.dates[1], "
            f"last_listed_on = s.dates[array_upper(s.dates, 1)] "
            f"FROM (SELECT a.paper_id, array_agg(DISTINCT d.date ORDER BY d.date) AS dates "
            f"      FROM {appearance} AS a JOIN {digest} AS d ON d.id = a.digest_id "
            f"      WHERE a.paper_id = ANY(%s) GROUP BY a.paper_id) AS s "
            f"WHERE p.id = s.paper_id",
            [list(paper_ids)],
        )
        cursor.execute(
            f"UPDATE {paper} AS p SET listed_on = array_remove(p.listed_on, %s::date) "
            f"WHERE p.id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM {appearance} AS a WHERE a.paper_id = p.id)",
            [undone_day, list(paper_ids)],
        )


def _kept_papers(paper_ids: set[int]) -> list[KeptPaper]:
    dates: dict[int, list[dt.date]] = {}
    remaining = Appearance.objects.filter(paper_id__in=list(paper_ids)).order_by("digest__date")
    for paper_id, day in remaining.values_list("paper_id", "digest__date"):
        days = dates.setdefault(paper_id, [])
        if day not in days:
            days.append(day)
    papers = Paper.objects.filter(pk__in=list(paper_ids)).order_by("title_key", "id").values_list("id", "title")
    return [KeptPaper(pk, title, tuple(dates.get(pk, ()))) for pk, title in papers]
