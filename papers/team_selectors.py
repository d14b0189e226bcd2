"""Read queries for the team page: trending papers, recent activity, members.

Each query is one statement whatever the number of rows, and names the index that
serves it. None of them reads a bookmark's note: notes are private to their owner,
and the team page only ever shows who saved what and how far they got.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone

from papers.models import Bookmark, BookmarkEvent, Paper

# Activity pages past this are treated as "past the end" (and clamped), so a hand-made
# ?page=10**30 never reaches PostgreSQL as an OFFSET it cannot hold.
MAX_ACTIVITY_PAGE = 100_000


def trending(days: int, limit: int = 10) -> list[tuple[Paper, int]]:
    """The papers the team saved most in the last ``days`` days, with their save counts.

    One aggregate query over the bookmarks created in the window, served by
    bookmark_created_idx (WHERE created_at >= since: a small recent slice of the
    table), grouped by paper; ties go to the paper saved most recently. Then one
    query loads those papers. A removed bookmark no longer counts.
    """
    since = timezone.now() - dt.timedelta(days=days)
    rows = list(
        Bookmark.objects.filter(created_at__gte=since)
        .values("paper_id")
        .annotate(saves=Count("id"), last_saved=Max("created_at"))
        .order_by("-saves", "-last_saved", "-paper_id")
        .values_list("paper_id", "saves")[:limit]
    )
    papers = Paper.objects.defer("search_vector").in_bulk([paper_id for paper_id, _ in rows])
    return [(papers[paper_id], saves) for paper_id, saves in rows if paper_id in papers]


# What an event says after the member's name: (kind, status after the step) -> verb.
VERBS = {
    (BookmarkEvent.Kind.SAVED, Bookmark.Status.TO_READ): "saved",
    (BookmarkEvent.Kind.SAVED, Bookmark.Status.READING): "saved and started reading",
    (BookmarkEvent.Kind.SAVED, Bookmark.Status.READ): "saved and finished",
    (BookmarkEvent.Kind.STATUS, Bookmark.Status.TO_READ): "moved back to to read",
    (BookmarkEvent.Kind.STATUS, Bookmark.Status.READING): "started reading",
    (BookmarkEvent.Kind.STATUS, Bookmark.Status.READ): "finished",
}


@dataclass
class ActivityPage:
    events: list[BookmarkEvent]
    number: int
    has_next: bool
    per_page: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.events else 0


def activity_page(page_number: int, per_page: int = 20) -> ActivityPage:
    """One page of the team's bookmark events, newest first, each with ``verb`` set.

    One query: ORDER BY at DESC, id DESC LIMIT per_page + 1 OFFSET m, read from
    bookmarkevent_newest_idx; the extra row says whether a next page exists, so no
    COUNT(*) runs. Only the user's names and the paper's id and title are joined in.

    A page past the end (a stale link, a hand-edited URL) is clamped to the last page,
    which costs a COUNT(*) and a second read on that path only; with no events at all
    it is page 1, empty.
    """
    number = min(max(1, page_number), MAX_ACTIVITY_PAGE)
    events = _events(number, per_page)
    if not events and number > 1:
        total = BookmarkEvent.objects.count()
        number = max(1, -(-total // per_page))
        events = _events(number, per_page)
    has_next = len(events) > per_page
    events = events[:per_page]
    for event in events:
        event.verb = VERBS.get((event.kind, event.status), event.get_kind_display())
    return ActivityPage(events=events, number=number, has_next=has_next, per_page=per_page)


def _events(number: int, per_page: int) -> list[BookmarkEvent]:
    offset = (number - 1) * per_page
    return list(
        BookmarkEvent.objects.select_related("user", "paper")
        .only(
            "kind", "status", "at", "user__username", "user__first_name", "user__last_name", "paper__title",
        )
        .order_by("-at", "-id")[offset : offset + per_page + 1]
    )


def members():
    """Every active user with their bookmark counts per status and latest save, in one query.

    LEFT JOIN of the users to their bookmarks (users without one count zero), grouped
    by user: COUNT(*) FILTER (WHERE status = ...) per status and MAX(created_at). The
    join reaches a user's bookmarks through bookmark_unique_user_paper (user_id first);
    for a whole team PostgreSQL may as well read the bookmarks once and hash them.
    Ordered by the latest save, newest first (members who never saved last), then by
    name. Each user gets ``to_read``, ``reading``, ``read``, ``last_saved``
    and ``display_name``.
    """
    status = Bookmark.Status
    display_name = Coalesce(
        NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")), F("username")
    )
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .only("username", "first_name", "last_name")
        .annotate(
            to_read=Count("bookmarks", filter=Q(bookmarks__status=status.TO_READ)),
            reading=Count("bookmarks", filter=Q(bookmarks__status=status.READING)),
            read=Count("bookmarks", filter=Q(bookmarks__status=status.READ)),
            last_saved=Max("bookmarks__created_at"),
            display_name=display_name,
        )
        .order_by(F("last_saved").desc(nulls_last=True), Lower("display_name"), "username")
    )
