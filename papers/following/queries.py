"""Reads for followed searches: their query, what is new for them, their feeds' papers.

A paper is new for a search when it was imported after the search was followed and
no email has carried it for that search yet (SentPaper): exact, so an import still
committing while an email goes out, or papers past one email's share, go in the next
one, and nothing goes twice. Query: the list page's own conditions
(papers.selectors.filter_sql), first_seen_at (paper_first_seen_idx) and the
sentpaper_unique_search_paper index for the NOT EXISTS.
"""

from __future__ import annotations

import dataclasses

from django.db import connection
from django.http import QueryDict

from papers import selectors
from papers.filters import parse_query
from papers.following.models import SavedSearch
from papers.models import Paper

FEED_SIZE = 50  # entries in a feed
EMAIL_PAPERS = 50  # papers of one search in one email (the rest: "and N more" with a link)


def paper_query(search: SavedSearch) -> selectors.PaperQuery:
    """The search's list-page state, read the way the page reads it, for its reader."""
    query, _ = parse_query(QueryDict(search.query), lenient=True, viewer=search.user_id)
    return query


def _new_sql(search: SavedSearch) -> tuple[str, list]:
    source, conditions, params = selectors.filter_sql(paper_query(search))
    since = search.created_at
    conditions = [
        *conditions,
        "p.first_seen_at > %s",
        "NOT EXISTS (SELECT 1 FROM papers_sentpaper s WHERE s.search_id = %s AND s.paper_id = p.id)",
    ]
    return f"FROM {source} WHERE {' AND '.join(conditions)}", [*params, since, search.pk]


def new_papers(search: SavedSearch, limit: int | None = None) -> tuple[list[Paper], int]:
    """The papers new for a search, oldest import first (as they arrived), and how many there are."""
    limit = limit or EMAIL_PAPERS
    body, params = _new_sql(search)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id, count(*) OVER () {body} ORDER BY p.first_seen_at, p.id LIMIT %s", [*params, limit])
        rows = cursor.fetchall()
    if not rows:
        return [], 0
    by_id = Paper.objects.defer("search_vector").in_bulk([row[0] for row in rows])
    return [by_id[row[0]] for row in rows if row[0] in by_id], rows[0][1]


def new_count(search: SavedSearch) -> int:
    body, params = _new_sql(search)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {body}", params)
        return cursor.fetchone()[0]


def total_count(search: SavedSearch) -> int:
    """How many papers match the search now (the list page's count, cached like it)."""
    _, total = selectors.facet_counts(paper_query(search))
    return total


def searches_of(user) -> list[SavedSearch]:
    """A reader's followed searches with their counts (two reads per search; a reader follows a few)."""
    searches = list(SavedSearch.objects.filter(user=user).order_by("name", "id"))
    for search in searches:
        search.total = total_count(search)
        search.new = new_count(search)
    return searches


def followed_by_others(user) -> list[SavedSearch]:
    """The searches the rest of the team follows: names and links, for the team page."""
    return list(
        SavedSearch.objects.exclude(user=user).filter(user__is_active=True).select_related("user").order_by(
            "user__username", "name"
        )
    )


def feed_papers(search: SavedSearch, limit: int = FEED_SIZE) -> list[Paper]:
    """The newest papers of a search, for its feed: newest digest first."""
    query = paper_query(search)
    ids, _ = selectors.ordered_ids(dataclasses.replace(query, sort="newest"), limit=limit)
    by_id = Paper.objects.defer("search_vector").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
