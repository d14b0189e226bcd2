"""Bookmarks as read for pages: who on the team saved a paper (Saver, never their note),
a reader's own bookmarks (notes included, only ever for that reader), and a reading
list with its bookmarks for export."""

from __future__ import annotations

from dataclasses import dataclass

from papers.models import Bookmark, Paper
from papers.selectors.listing import ordered_ids
from papers.selectors.query import PaperQuery


@dataclass(frozen=True)
class Saver:
    """A team member who saved a paper, and their status; never their note."""

    user_id: int
    username: str
    name: str
    initials: str
    status: str
    status_label: str

    def as_json(self) -> dict:
        return {"username": self.username, "name": self.name, "initials": self.initials,
                "status": self.status, "status_label": self.status_label}


def own_bookmark(user, paper: Paper) -> Bookmark | None:
    """The user's own bookmark on the paper, private note included: only ever the requester's."""
    if not user.is_authenticated:
        return None
    return Bookmark.objects.filter(user=user, paper=paper).first()


def savers_for(paper_ids) -> dict[int, list[Saver]]:
    """Who saved each of these papers and their status, earliest save first: one query
    for a whole page (served by bookmark_paper_idx). Notes are not read."""
    labels = dict(Bookmark.Status.choices)
    result: dict[int, list[Saver]] = {}
    rows = (
        Bookmark.objects.filter(paper_id__in=list(paper_ids))
        .order_by("created_at", "id")
        .values_list("paper_id", "user_id", "user__username", "user__first_name", "user__last_name", "status")
    )
    for paper_id, user_id, username, first, last, status in rows:
        name = f"{first} {last}".strip() or username
        result.setdefault(paper_id, []).append(
            Saver(user_id, username, name, _initials(first, last, username), status, labels.get(status, status))
        )
    return result


def attach_savers(papers) -> None:
    """Set ``paper.savers`` on every paper given, from one savers_for query for them all."""
    savers = savers_for({paper.pk for paper in papers})
    for paper in papers:
        paper.savers = savers.get(paper.pk, [])


def _initials(first: str, last: str, username: str) -> str:
    if first or last:
        return "".join(part[0] for part in (first, last) if part).upper()
    parts = [p for p in username.replace(".", " ").replace("_", " ").replace("-", " ").split() if p]
    return ("".join(p[0] for p in parts[:2]) if len(parts) > 1 else username[:2]).upper()


def own_bookmarks(user, paper_ids) -> dict[int, Bookmark]:
    """The user's (a user or their id) own bookmarks on these papers, notes included:
    for their own pages and exports only."""
    rows = Bookmark.objects.filter(user=user, paper_id__in=list(paper_ids)).only(
        "paper_id", "status", "note", "created_at", "updated_at"
    )
    return {bookmark.paper_id: bookmark for bookmark in rows}


def reading_list_rows(query: PaperQuery, *, limit: int) -> list[tuple[Paper, Bookmark]]:
    """A reading list (query.owner) in the query's order, at most `limit` papers, each
    with the owner's bookmark: three queries whatever the length."""
    ids, _ = ordered_ids(query, limit=limit)
    papers = Paper.objects.defer("search_vector").in_bulk(ids)
    bookmarks = own_bookmarks(query.owner, ids)
    return [(papers[i], bookmarks[i]) for i in ids if i in papers and i in bookmarks]
