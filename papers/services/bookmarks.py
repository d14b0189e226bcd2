"""Saving and removing a user's bookmark on a paper.

The user is always the one making the request (views pass ``request.user``), so a
bookmark can only ever be changed by its owner: there is no user id to forge.
"""

from __future__ import annotations

from django.db import connection, transaction

from papers.models import Bookmark, BookmarkEvent, Paper

NOTE_MAX = 5000  # characters of a private note (pages and API alike)

_UPSERT = """
    INSERT INTO papers_bookmark (user_id, paper_id, status, note, created_at, updated_at)
    VALUES (%s, %s, %s, %s, now(), now())
    ON CONFLICT ON CONSTRAINT bookmark_unique_user_paper DO UPDATE SET
        status = COALESCE(%s, papers_bookmark.status),
        note = COALESCE(%s, papers_bookmark.note),
        updated_at = now()
    RETURNING id, (xmax = 0)
"""


def save_bookmark(user, paper: Paper, status: str | None = None, note: str | None = None) -> tuple[Bookmark, bool]:
    """Create the user's bookmark on the paper, or update it; returns (bookmark, created).

    ``None`` keeps the current value (a new bookmark gets "to read" and no note).
    One statement, INSERT ... ON CONFLICT on bookmark_unique_user_paper, so two
    saves at the same moment end in one row, the later one's values winning.

    The team's history gets a "saved" event for a new bookmark and a "status" event
    when the status changes; a note never makes an event. The existing row is
    locked first, so the status it had is the one this save replaces.
    """
    if status is not None and status not in Bookmark.Status.values:
        raise ValueError(f"unknown reading status {status!r}")
    with transaction.atomic(), connection.cursor() as cursor:
        before = (
            Bookmark.objects.select_for_update().filter(user=user, paper=paper).values_list("status", flat=True).first()
        )
        cursor.execute(
            _UPSERT,
            [user.pk, paper.pk, status or Bookmark.Status.TO_READ, note or "", status, note],
        )
        pk, created = cursor.fetchone()
        bookmark = Bookmark.objects.get(pk=pk)
        if created:
            BookmarkEvent.objects.create(user=user, paper=paper, kind=BookmarkEvent.Kind.SAVED, status=bookmark.status)
        elif status is not None and status != before:
            BookmarkEvent.objects.create(user=user, paper=paper, kind=BookmarkEvent.Kind.STATUS, status=status)
    return bookmark, created


def remove_bookmark(user, paper: Paper) -> bool:
    """Delete the user's bookmark on the paper; False when there was none."""
    deleted, _ = Bookmark.objects.filter(user=user, paper=paper).delete()
    return bool(deleted)
