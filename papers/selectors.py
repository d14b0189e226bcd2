"""Read queries of the portal, in one place: the HTML pages and the JSON API call these.

The faceted list is three queries whatever the page size: one scan of the matching
papers counts every facet (each facet ignoring its own selection) and the total;
one reads the ids of the page in order; one loads those papers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, QuerySet

from papers.models import Appearance, Bookmark, Dataset, Paper, Topic

PAGE_SIZES = (25, 50, 100)
SORTS = ("relevance", "newest", "oldest", "title")
# A broad search ranks only its newest matches: ranking reads every ranked row's
# search vector, and beyond this many matches the order of the tail matters little.
RANK_CANDIDATES = 3000
RELATED_CANDIDATES = 1000  # the most recently listed papers the related ranking reads
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use marks, escaped later


@dataclass(frozen=True)
class PaperQuery:
    q: str = ""
    digests: tuple[dt.date, ...] = ()
    topics: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    has_code: tuple[bool, ...] = ()
    code_hosts: tuple[str, ...] = ()
    sort: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]

    @property
    def effective_sort(self) -> str:
        if self.sort == "relevance" and not self.q:
            return "newest"
        return self.sort or ("relevance" if self.q else "newest")


@dataclass(frozen=True)
class Facet:
    """One facet: its query parameter, the PaperQuery field it fills, its SQL."""

    name: str  # the query parameter
    attr: str  # the PaperQuery field
    condition: str  # SQL over papers_paper p, one %s: the selected values
    values_sql: str  # SQL yielding the row m's values of this facet as text (one-scan counting)
    cast: str  # the PostgreSQL array type the selected values are sent as
    count_from: str  # FROM additions for counting straight from papers_paper p (indexed counting)
    count_value: str  # the counted value, as text
    count_where: str = ""  # rows without a value of this facet

    @property
    def sql(self) -> str:
        """The condition with its parameter cast to the column's array type."""
        return self.condition.replace("%s", f"%s::{self.cast}")


_HAS_CODE = "CASE WHEN {0}.code_host <> '' THEN 'true' ELSE 'false' END"
FACETS = (
    Facet(
        "digest", "digests", "p.listed_on && %s", "SELECT v::text FROM unnest(m.listed_on) v", "date[]",
        ", unnest(p.listed_on) AS v", "v::text",
    ),
    Facet(
        "topic", "topics", "p.topics && %s", "SELECT v::text FROM unnest(m.topics) v", "varchar[]",
        ", unnest(p.topics) AS v", "v::text",
    ),
    Facet(
        "dataset", "datasets", "p.datasets && %s", "SELECT v::text FROM unnest(m.datasets) v", "varchar[]",
        ", unnest(p.datasets) AS v", "v::text",
    ),
    Facet(
        "has_code", "has_code", "(p.code_host <> '') = ANY(%s)", f"SELECT {_HAS_CODE.format('m')}", "boolean[]",
        "", _HAS_CODE.format("p"),
    ),
    Facet(
        "code_host", "code_hosts", "p.code_host = ANY(%s)", "SELECT m.code_host WHERE m.code_host <> ''",
        "varchar[]", "", "p.code_host", "p.code_host <> ''",
    ),
)
SEARCH_CONDITION = "p.search_vector @@ websearch_to_tsquery('english', %s)"


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
    counts, total = facet_counts(query)
    page = replace(query, page=min(query.page, max(1, -(-total // query.page_size))))
    ids, ranked = _page_ids(page, total)
    topics, datasets = label_names()
    result = PaperPage(
        query=page, total=total, papers=_load(ids, page), ranked_candidates=ranked,
        topic_names=topics, dataset_names=datasets,
    )
    result.facets = _facet_values(page, counts, topics, datasets)
    return result


def _selected(query: PaperQuery, facet: Facet) -> tuple:
    return getattr(query, facet.attr)


def _conditions(query: PaperQuery, *, skip: Facet | None = None) -> tuple[list[str], list]:
    sql, params = [], []
    if query.q:
        sql.append(SEARCH_CONDITION)
        params.append(query.q)
    for facet in FACETS:
        values = _selected(query, facet)
        if values and facet is not skip:
            sql.append(facet.sql)
            params.append(list(values))
    return sql, params


def facet_counts(query: PaperQuery) -> tuple[dict[str, dict[str, int]], int]:
    """Counts of every facet value and the total, cached until papers change.

    The key holds the data version, which a statement trigger on papers_paper
    advances in every writing transaction (import, undo, relabelling, admin edits;
    migration 0005), so a cached count is never stale; one cheap query reads it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT instance, version FROM papers_data_version")
        version = cursor.fetchone()  # (this database's id, its data version)
    state = (query.q, query.digests, query.topics, query.datasets, query.has_code, query.code_hosts)
    key = "facets:" + hashlib.sha256(repr((version, state)).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _scan_counts(query) if query.q else _indexed_counts(query)
        cache.set(key, cached, timeout=None)  # versioned keys never go stale; MAX_ENTRIES culls
    return cached


def _indexed_counts(query: PaperQuery) -> tuple[dict[str, dict[str, int]], int]:
    """Without a search: one GROUP BY per facet, each filtered by the other facets'
    selections, which the GIN indexes on the arrays serve when anything is selected."""
    parts, params = [], []
    where, where_params = _conditions(query)
    parts.append(f"SELECT 'total', '', count(*) FROM papers_paper p{_where(where)}")
    params += where_params
    for facet in FACETS:
        where, where_params = _conditions(query, skip=facet)
        if facet.count_where:
            where = [*where, facet.count_where]
        parts.append(
            f"SELECT '{facet.name}', {facet.count_value}, count(*) FROM papers_paper p{facet.count_from}"
            f"{_where(where)} GROUP BY 2"
        )
        params += where_params
    return _read_counts(" UNION ALL ".join(parts), params)


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _read_counts(sql: str, params: list) -> tuple[dict[str, dict[str, int]], int]:
    counts: dict[str, dict[str, int]] = {facet.name: {} for facet in FACETS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, count in cursor.fetchall():
            if name == "total":
                total = count
            else:
                counts[name][value] = count
    return counts, total


def _scan_counts(query: PaperQuery) -> tuple[dict[str, dict[str, int]], int]:
    """With a search: counts of every facet value and the total, in one scan of the matches.

    A paper counts for facet F when it passes the search and every selected facet
    but F, so choosing a digest still shows how many papers the other digests hold.
    """
    where, params = ([SEARCH_CONDITION], [query.q]) if query.q else ([], [])
    flags, flag_params, active = [], [], []
    for facet in FACETS:
        values = _selected(query, facet)
        if values:
            flags.append(f"({facet.sql}) AS ok_{facet.name}")
            flag_params.append(list(values))
            active.append(facet.name)
    columns = ", ".join(["p.listed_on", "p.topics", "p.datasets", "p.code_host", *flags])
    if len(active) > 1:  # a paper failing two selected facets counts nowhere
        where.append(
            " + ".join(f"(NOT ({_facet(n).sql}))::int" for n in active)
            + " <= 1"
        )
        params += [list(_selected(query, _facet(n))) for n in active]

    def passes(*names: str) -> str:
        checks = [f"m.ok_{n}" for n in names if n in active]
        return " AND ".join(checks) if checks else "TRUE"

    branches = [f"SELECT 'total', '' WHERE {passes(*active)}"]
    for facet in FACETS:
        others = [n for n in active if n != facet.name]
        branches.append(f"SELECT '{facet.name}', x.v FROM ({facet.values_sql}) AS x(v) WHERE {passes(*others)}")
    sql = (
        f"WITH m AS (SELECT {columns} FROM papers_paper p"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + ") SELECT f.facet, f.value, count(*) FROM m CROSS JOIN LATERAL ("
        + " UNION ALL ".join(branches)
        + ") AS f(facet, value) GROUP BY 1, 2"
    )
    return _read_counts(sql, flag_params + params)


def _facet(name: str) -> Facet:
    return next(f for f in FACETS if f.name == name)


_ORDER = {
    "newest": "p.last_listed_on DESC, p.id DESC",
    "oldest": "p.last_listed_on ASC, p.id ASC",
    "title": "p.title_key ASC, p.id ASC",
}


def _page_ids(query: PaperQuery, total: int) -> tuple[list[int], int | None]:
    where, params = _conditions(query)
    where_sql = _where(where)
    offset = (query.page - 1) * query.page_size
    if query.effective_sort == "relevance":
        # Rank the newest RANK_CANDIDATES matches (all of them when fewer): papers whose
        # title (weight A) matches come first, then ts_rank orders by weight and frequency.
        sql = (
            f"SELECT c.id FROM (SELECT p.id, p.search_vector FROM papers_paper p {where_sql} "
            f"ORDER BY p.last_listed_on DESC, p.id DESC LIMIT %s) c "
            ", websearch_to_tsquery('english', %s) AS q "
            "ORDER BY ts_filter(c.search_vector, '{a}') @@ q DESC, ts_rank(c.search_vector, q) DESC, c.id DESC "
            "LIMIT %s OFFSET %s"
        )
        params = [*params, RANK_CANDIDATES, query.q, query.page_size, offset]
        ranked = RANK_CANDIDATES if total > RANK_CANDIDATES else None
    else:
        sql = f"SELECT p.id FROM papers_paper p {where_sql} ORDER BY {_ORDER[query.effective_sort]} LIMIT %s OFFSET %s"
        params = [*params, query.page_size, offset]
        ranked = None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()], ranked


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


def _facet_values(
    query: PaperQuery, counts: dict[str, dict[str, int]], topics: dict[str, str], datasets: dict[str, str]
) -> dict[str, list[FacetValue]]:
    labels = {
        "digest": lambda v: dt.date.fromisoformat(v).strftime("%b %-d, %Y"),
        "topic": lambda v: topics.get(v, v),
        "dataset": lambda v: datasets.get(v, v),
        "has_code": lambda v: "with code" if v == "true" else "without code",
        "code_host": lambda v: v,
    }
    result = {}
    for facet in FACETS:
        selected = {_as_text(v) for v in _selected(query, facet)}
        found = dict(counts[facet.name])
        for value in selected - found.keys():
            found[value] = 0  # a selected value with no papers stays visible, to be removed
        values = [FacetValue(v, labels[facet.name](v), n, v in selected) for v, n in found.items()]
        if facet.name == "digest":
            values.sort(key=lambda f: f.value, reverse=True)
        elif facet.name == "has_code":
            values.sort(key=lambda f: f.value != "true")
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


def label_names() -> tuple[dict[str, str], dict[str, str]]:
    """Names of topics and datasets by slug, for chips on rows."""
    return dict(Topic.objects.values_list("slug", "name")), dict(Dataset.objects.values_list("slug", "name"))


def paper_detail() -> QuerySet[Paper]:
    """Papers with the digests that listed them, newest first, in one extra query."""
    return Paper.objects.defer("search_vector").prefetch_related(
        Prefetch(
            "appearances",
            queryset=Appearance.objects.select_related("digest").order_by("-digest__date", "-digest_id"),
            to_attr="digest_appearances",
        )
    )


def related_papers(paper: Paper, limit: int = 5) -> list[Paper]:
    """Papers most similar in text, ranked in PostgreSQL by ts_rank against the paper's
    own terms (title terms first, then its most repeated abstract terms, ORed).

    Ranking reads each candidate's search vector, so the candidates are the
    RELATED_CANDIDATES most recently listed papers (read through paper_newest_idx),
    not every paper sharing a common word: "related" means related among recent papers.
    """
    sql = """
        WITH query AS (
            SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS q FROM (
                SELECT t.lexeme
                FROM papers_paper p, unnest(p.search_vector) t
                WHERE p.id = %s AND length(t.lexeme) > 2
                ORDER BY ('A' = ANY(t.weights)) DESC, array_length(t.positions, 1) DESC NULLS LAST, t.lexeme
                LIMIT 12
            ) terms
        )
        SELECT c.id FROM (
            SELECT p.id, p.search_vector FROM papers_paper p
            ORDER BY p.last_listed_on DESC, p.id DESC LIMIT %s
        ) c, query
        WHERE c.search_vector @@ query.q AND c.id <> %s
        ORDER BY ts_rank(c.search_vector, query.q) DESC, c.id DESC
        LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [paper.id, RELATED_CANDIDATES, paper.id, limit])
        ids = [row[0] for row in cursor.fetchall()]
    by_id = Paper.objects.defer("search_vector").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


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


def _initials(first: str, last: str, username: str) -> str:
    if first or last:
        return "".join(part[0] for part in (first, last) if part).upper()
    parts = [p for p in username.replace(".", " ").replace("_", " ").replace("-", " ").split() if p]
    return ("".join(p[0] for p in parts[:2]) if len(parts) > 1 else username[:2]).upper()
