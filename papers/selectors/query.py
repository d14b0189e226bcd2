"""What a list of papers asks for, and the SQL conditions that select it.

PaperQuery (a search, facet selections, order and page, the reader), the facets a
query offers (Facet over the papers' own columns, BookmarkFacet over the team's
bookmarks) and the FROM and WHERE built from them, which the facet counts
(facets.py), the page of results (listing.py) and papers.following.queries share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PAGE_SIZES = (25, 50, 100)
# "saved" (date saved) only orders a reading list; "most_saved" needs a signed-in reader.
SORTS = ("relevance", "saved", "newest", "oldest", "title", "most_saved")
SAVED_VALUES = ("me", "team", "none")


@dataclass(frozen=True)
class PaperQuery:
    q: str = ""
    digests: tuple[dt.date, ...] = ()
    topics: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    has_code: tuple[bool, ...] = ()
    code_hosts: tuple[str, ...] = ()
    saved: tuple[str, ...] = ()  # "me", "team" (anyone), "none" (nobody yet)
    saved_by: tuple[str, ...] = ()  # usernames
    statuses: tuple[str, ...] = ()  # a reading list's reading statuses
    sort: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]
    viewer: int | None = None  # the signed-in reader: "saved by me"; the team's facets need one
    owner: int | None = None  # a reading list: only the papers this user saved

    @property
    def effective_sort(self) -> str:
        default = "relevance" if self.q else ("saved" if self.owner else "newest")
        if (
            not self.sort
            or (self.sort == "relevance" and not self.q)
            or (self.sort == "saved" and not self.owner)
            or (self.sort == "most_saved" and not self.viewer)
        ):
            return default
        return self.sort


@dataclass(frozen=True)
class Facet:
    """A facet over the papers' own columns: its query parameter, PaperQuery field, SQL."""

    name: str  # the query parameter
    attr: str  # the PaperQuery field
    condition: str  # SQL over papers_paper p, one %s: the selected values
    values_sql: str  # SQL yielding the row m's values of this facet as text (one-scan counting)
    cast: str  # the PostgreSQL array type the selected values are sent as
    count_from: str  # FROM additions for counting straight from papers_paper p (indexed counting)
    count_value: str  # the counted value, as text
    count_where: str = ""  # rows without a value of this facet
    # An array column with few distinct values (a paper's digest dates): counted by
    # grouping rows by the whole array first and unnesting only the groups, so the
    # per-row work is one hash of the array instead of one row and cast per value.
    grouped_array: str = ""

    @property
    def sql(self) -> str:
        """The condition with its parameter cast to the column's array type."""
        return self.condition.replace("%s", f"%s::{self.cast}")

    def where(self, query: PaperQuery) -> tuple[str, list]:
        return self.sql, [list(getattr(query, self.attr))]


_SAVED_BY_ME = "p.id IN (SELECT b.paper_id FROM papers_bookmark b WHERE b.user_id = %s)"
_SAVED_BY_ANYONE = "p.id IN (SELECT b.paper_id FROM papers_bookmark b)"


@dataclass(frozen=True)
class BookmarkFacet:
    """A facet over the team's bookmarks. Its counts come from a query that starts at
    the bookmarks (few rows next to the papers), not from the scan of the papers.
    The uncorrelated IN (subquery) forms let PostgreSQL hash the bookmarks once."""

    name: str
    attr: str

    def where(self, query: PaperQuery) -> tuple[str, list]:
        values = getattr(query, self.attr)
        if self.name == "saved_by":
            return (
                "p.id IN (SELECT b.paper_id FROM papers_bookmark b JOIN auth_user u ON u.id = b.user_id"
                " WHERE u.username = ANY(%s::varchar[]))",
                [list(values)],
            )
        sql, params = [], []
        if "me" in values:
            sql.append(_SAVED_BY_ME)
            params.append(query.viewer)
        if "team" in values:
            sql.append(_SAVED_BY_ANYONE)
        if "none" in values:
            sql.append(f"NOT ({_SAVED_BY_ANYONE})")  # papers_bookmark.paper_id is never NULL
        return f"({' OR '.join(sql)})", params


FACETS = (
    Facet(
        "digest", "digests", "p.listed_on && %s", "SELECT v::text FROM unnest(m.listed_on) v", "date[]",
        ", unnest(p.listed_on) AS v", "v::text", grouped_array="listed_on",
    ),
    Facet(
        "topic", "topics", "p.topics && %s", "SELECT v::text FROM unnest(m.topics) v", "varchar[]",
        ", unnest(p.topics) AS v", "v::text",
    ),
    Facet(
        "dataset", "datasets", "p.datasets && %s", "SELECT v::text FROM unnest(m.datasets) v", "varchar[]",
        ", unnest(p.datasets) AS v", "v::text",
    ),
    Facet(  # one scan counts it with two FILTER aggregates (_scan_counts): no values_sql
        "has_code", "has_code", "(p.code_host <> '') = ANY(%s)", "", "boolean[]", "",
        "CASE WHEN p.code_host <> '' THEN 'true' ELSE 'false' END",
    ),
    Facet(
        "code_host", "code_hosts", "p.code_host = ANY(%s)", "SELECT m.code_host WHERE m.code_host <> ''",
        "varchar[]", "", "p.code_host", "p.code_host <> ''",
    ),
)
# A reading list joins the owner's bookmarks as mb (one row per paper), so its status
# is a column of every row and is counted like the papers' own columns.
STATUS_FACET = Facet("status", "statuses", "mb.status = ANY(%s)", "SELECT m.status", "varchar[]", "", "mb.status")
SAVED_FACET = BookmarkFacet("saved", "saved")
SAVED_BY_FACET = BookmarkFacet("saved_by", "saved_by")
_TEAM_FACETS = {SAVED_FACET.name, SAVED_BY_FACET.name}
SEARCH_CONDITION = "p.search_vector @@ websearch_to_tsquery('english', %s)"


def facets_for(query: PaperQuery) -> tuple[Facet | BookmarkFacet, ...]:
    """The facets a query offers: a reading list adds its statuses; the main list adds
    the team's bookmarks for a signed-in reader (the team is never shown anonymously)."""
    if query.owner:
        return (STATUS_FACET, *FACETS)
    if query.viewer:
        return (SAVED_FACET, SAVED_BY_FACET, *FACETS)
    return FACETS


def _selected(query: PaperQuery, facet) -> tuple:
    return getattr(query, facet.attr)


def _from(query: PaperQuery) -> tuple[str, list]:
    """The rows a query reads: every paper, or the papers of one reading list."""
    if query.owner:
        return "papers_paper p JOIN papers_bookmark mb ON mb.paper_id = p.id AND mb.user_id = %s", [query.owner]
    return "papers_paper p", []


def _conditions(query: PaperQuery, *, skip=None, bits=None) -> tuple[list[str], list]:
    """The WHERE conditions of a query, less facet `skip`'s. Given the topics' bits,
    counting queries test a topic selection on Paper.topic_bits, which the covering
    index paper_facets_cover holds (migration 0011), so a broad topic is counted
    from that index alone instead of the table."""
    sql, params = [], []
    if query.q:
        sql.append(SEARCH_CONDITION)
        params.append(query.q)
    for facet in facets_for(query):
        if _selected(query, facet) and facet is not skip:
            condition, condition_params = _topic_bits_condition(query, bits) if facet.name == "topic" else (None, [])
            if condition is None:
                condition, condition_params = facet.where(query)
            sql.append(condition)
            params += condition_params
    return sql, params


def filter_sql(query: PaperQuery) -> tuple[str, list[str], list]:
    """FROM, WHERE conditions and parameters of a query's matching papers (alias p), for
    the reads built on them elsewhere (papers.following.queries: what is new for a search)."""
    source, params = _from(query)
    conditions, condition_params = _conditions(query)
    return source, conditions, params + condition_params


def _topic_bits_condition(query: PaperQuery, bits) -> tuple[str | None, list]:
    """The topic selection as a bit test, when every selected topic has a bit (a slug
    without one, say a topic since deleted, is left to the arrays)."""
    bit = dict(bits or ())
    if not bits or any(slug not in bit for slug in query.topics):
        return None, []
    return "p.topic_bits & %s::bigint <> 0", [sum(1 << bit[slug] for slug in set(query.topics))]


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""
