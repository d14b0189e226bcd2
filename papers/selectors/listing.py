"""A page of the paper list (the main list, a search, a reading list): search_papers.

The matching papers' ids in the query's order (ranked by relevance for a search,
among its newest matches), the papers of one page with their search highlights, and
the facet values shown beside them, labelled and ordered for display.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.db import connection

from papers.models import Bookmark, Paper
from papers.selectors.facets import _bookmark_counts, _part_key, _topic_bits, facet_counts
from papers.selectors.paper import label_names
from papers.selectors.query import SAVED_VALUES, PaperQuery, _conditions, _from, _selected, _where, facets_for
from papers.selectors.versions import Versions, read_versions

# A broad search ranks only its newest matches: ranking reads every ranked row's
# search vector, and beyond this many matches the order of the tail matters little.
RANK_CANDIDATES = 3000
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use marks, escaped later


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class PaperPage:
    query: PaperQuery
    total: int
    papers: list[Paper]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    topic_names: dict[str, str] = field(default_factory=dict)
    dataset_names: dict[str, str] = field(default_factory=dict)
    ranked_candidates: int | None = None  # set when a broad search ranked only its newest matches

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))

    @property
    def number(self) -> int:
        return min(self.query.page, self.pages)

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.query.page_size + 1 if self.total else 0


def search_papers(query: PaperQuery) -> PaperPage:
    versions = read_versions()  # one query, for the facet counts and the ranked list
    counts, total = facet_counts(query, versions)
    names = _bookmark_counts(query, counts, total)
    page = replace(query, page=min(query.page, max(1, -(-total // query.page_size))))
    ids, ranked = _page_ids(page, total, versions)
    topics, datasets = label_names()
    result = PaperPage(
        query=page, total=total, papers=_load(ids, page), ranked_candidates=ranked,
        topic_names=topics, dataset_names=datasets,
    )
    result.facets = _facet_values(page, counts, topics, datasets, names)
    return result


_ORDER = {
    "newest": "p.last_listed_on DESC, p.id DESC",
    "oldest": "p.last_listed_on ASC, p.id ASC",
    "title": "p.title_key ASC, p.id ASC",
    "saved": "mb.created_at DESC, p.id DESC",  # a reading list: the latest save first
    "most_saved": "COALESCE(s.saves, 0) DESC, p.last_listed_on DESC, p.id DESC",
}
# With a digest selected, the matches are a few days' papers (GIN on listed_on finds
# them at once), but the planner, taking digest and date for independent, would walk
# paper_newest_idx from today back to those days. These orders, equal in result, are
# opaque to the indexes and keep it on the GIN path: worst filtered page ids 21 -> 9 ms.
_ORDER_OFF_INDEX = {
    "newest": "p.last_listed_on + 0 DESC, p.id DESC",
    "oldest": "p.last_listed_on + 0 ASC, p.id ASC",
    "title": "p.title_key || '' ASC, p.id ASC",
}
# Saves per paper for sort=most_saved: one aggregate over the bookmarks, hashed and joined.
_SAVES = " LEFT JOIN (SELECT paper_id, count(*) AS saves FROM papers_bookmark GROUP BY paper_id) s ON s.paper_id = p.id"


def _page_ids(query: PaperQuery, total: int, versions: Versions) -> tuple[list[int], int | None]:
    offset = (query.page - 1) * query.page_size
    return ordered_ids(query, limit=query.page_size, offset=offset, total=total, versions=versions)


def ordered_ids(
    query: PaperQuery, *, limit: int, offset: int = 0, total: int = 0, versions: Versions | None = None
) -> tuple[list[int], int | None]:
    """Ids of the matching papers in the query's order, a slice of them; and, when a
    broad search ranked only its newest matches, how many it ranked. `versions`: the
    data versions the caller read already (read_versions), for the ranked list's key."""
    source, params = _from(query)
    # With digests selected, their GIN index finds a few thousand papers; a topic is then
    # tested on their bits. Tested on the arrays, the planner ANDed in paper_topics_gin's
    # bitmap, which for a broad topic at 1,000,000 papers holds 485,000 papers: 24 of the
    # statement's 25 ms.
    bits = _topic_bits(versions.topic_bits) if query.digests and versions else None
    where, where_params = _conditions(query, bits=bits)
    params += where_params
    where_sql = _where(where)
    if query.effective_sort == "relevance":
        ranked = RANK_CANDIDATES if total > RANK_CANDIDATES else None
        return _ranked_ids(query, source, where_sql, params, versions)[offset : offset + limit], ranked
    else:
        sort = query.effective_sort
        if sort == "most_saved":
            source += _SAVES
        order = _ORDER_OFF_INDEX.get(sort, _ORDER[sort]) if query.digests else _ORDER[sort]
        sql = f"SELECT p.id FROM {source}{where_sql} ORDER BY {order} LIMIT %s OFFSET %s"
        params = [*params, limit, offset]
        ranked = None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()], ranked


def _ranked_ids(query: PaperQuery, source: str, where_sql: str, params: list, versions: Versions | None) -> list[int]:
    """A search's matches in relevance order: the newest RANK_CANDIDATES of them (all when
    fewer), papers whose title (weight A) matches first, then by ts_rank (weight and
    frequency). Ranking reads every candidate's search vector (about 30 ms for a word in
    half the papers, at 100,000), so the whole ranked list is cached under the data
    version, like the facet counts: the next page, or the next reader with the same
    search, slices it."""
    instance, version, bookmarks, *_ = versions or read_versions()
    key = "ranked:" + _part_key(query, None, (instance, version), bookmarks)
    ids = cache.get(key)
    if ids is None:
        sql = (
            f"SELECT c.id FROM (SELECT p.id, p.search_vector FROM {source}{where_sql} "
            f"ORDER BY p.last_listed_on DESC, p.id DESC LIMIT %s) c "
            ", websearch_to_tsquery('english', %s) AS q "
            "ORDER BY ts_filter(c.search_vector, '{a}') @@ q DESC, ts_rank(c.search_vector, q) DESC, c.id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, RANK_CANDIDATES, query.q])
            ids = [row[0] for row in cursor.fetchall()]
        cache.set(key, ids)
    return ids


def _load(ids: list[int], query: PaperQuery) -> list[Paper]:
    if not ids:
        return []
    papers = Paper.objects.defer("search_vector").filter(id__in=ids)
    if query.q:
        search = SearchQuery(query.q, search_type="websearch", config="english")
        options = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP, "config": "english"}
        papers = papers.annotate(
            title_highlight=SearchHeadline("title", search, highlight_all=True, **options),
            snippet=SearchHeadline("abstract", search, max_fragments=2, max_words=30, min_words=12, **options),
        )
    by_id = {paper.id: paper for paper in papers}
    return [by_id[i] for i in ids if i in by_id]


SAVED_LABELS = {"me": "saved by me", "team": "saved by anyone", "none": "saved by nobody yet"}
STATUS_ORDER = [value for value, _ in Bookmark.Status.choices]


def _facet_values(
    query: PaperQuery,
    counts: dict[str, dict[str, int]],
    topics: dict[str, str],
    datasets: dict[str, str],
    people: dict[str, str],
) -> dict[str, list[FacetValue]]:
    statuses = dict(Bookmark.Status.choices)
    labels = {
        "digest": lambda v: dt.date.fromisoformat(v).strftime("%b %-d, %Y"),
        "topic": lambda v: topics.get(v, v),
        "dataset": lambda v: datasets.get(v, v),
        "has_code": lambda v: "with code" if v == "true" else "without code",
        "code_host": lambda v: v,
        "saved": lambda v: SAVED_LABELS.get(v, v),
        "saved_by": lambda v: people.get(v, v),
        "status": lambda v: statuses.get(v, v),
    }
    fixed_order = {  # facets shown in their own order rather than by count
        "has_code": ["true", "false"],
        "saved": list(SAVED_VALUES),
        "status": STATUS_ORDER,
    }
    result = {}
    for facet in facets_for(query):
        selected = {_as_text(v) for v in _selected(query, facet)}
        found = dict(counts[facet.name])
        for value in selected - found.keys():
            found[value] = 0  # a selected value with no papers stays visible, to be removed
        values = [FacetValue(v, labels[facet.name](v), n, v in selected) for v, n in found.items()]
        if facet.name == "digest":
            values.sort(key=lambda f: f.value, reverse=True)
        elif facet.name in fixed_order:
            order = fixed_order[facet.name]
            values.sort(key=lambda f: order.index(f.value) if f.value in order else len(order))
        else:
            values.sort(key=lambda f: (-f.count, f.label.lower()))
        result[facet.name] = values
    return result


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
