"""Read queries of the portal, in one place: the HTML pages and the JSON API call these.

The faceted list is a fixed number of queries whatever the page size: one reads
the data versions; one counts the facets not yet cached (each facet ignoring its
own selection) and the total; for a signed-in reader one counts the team's facets
from the bookmarks; one reads the ids of the page in order; one loads those papers.
A reading list is the same query over one user's bookmarks (PaperQuery.owner).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet

from papers.models import Appearance, Bookmark, Dataset, Paper, Topic

PAGE_SIZES = (25, 50, 100)
# "saved" (date saved) only orders a reading list; "most_saved" needs a signed-in reader.
SORTS = ("relevance", "saved", "newest", "oldest", "title", "most_saved")
# A broad search ranks only its newest matches: ranking reads every ranked row's
# search vector, and beyond this many matches the order of the tail matters little.
RANK_CANDIDATES = 3000
RELATED_CANDIDATES = 1000  # the most recently listed papers the related ranking reads
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use marks, escaped later
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
    names = _bookmark_counts(query, counts, total)
    page = replace(query, page=min(query.page, max(1, -(-total // query.page_size))))
    ids, ranked = _page_ids(page, total)
    topics, datasets = label_names()
    result = PaperPage(
        query=page, total=total, papers=_load(ids, page), ranked_candidates=ranked,
        topic_names=topics, dataset_names=datasets,
    )
    result.facets = _facet_values(page, counts, topics, datasets, names)
    return result


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


def _read_versions() -> tuple:
    """The data and bookmarks versions, and each topic's bit for counting topics
    (_topic_bits), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT instance, version, bookmarks,"
            " (SELECT array_agg(ARRAY[slug, bit::text] ORDER BY bit) FROM papers_topic) FROM papers_data_version"
        )
        return cursor.fetchone()


def facet_counts(query: PaperQuery, versions: tuple | None = None) -> tuple[dict[str, dict[str, int]], int]:
    """Counts of every paper facet value and the total, cached until the data changes.

    Each facet's counts depend only on the search and the *other* facets'
    selections, so each is cached on its own under exactly those: choosing another
    digest recomputes the other facets (cheap, the digest narrows them) but reuses
    the digest counts, the expensive part when a broad topic is selected. Only the
    missing parts are computed, in one query.

    The keys hold the data version, which a statement trigger on papers_paper
    advances in every writing transaction (import, undo, relabelling, admin edits;
    migration 0005), so a cached count is never stale; one cheap query reads it.
    A part that depends on bookmarks (a reading list, a saved facet selected) also
    holds the bookmarks version (migration 0008) and the reader, so a save never
    throws away the counts that depend on papers alone. `versions`, when given, are
    those an enclosing count already read (_counts_by_complement).
    """
    versions = versions or _read_versions()
    instance, version, bookmarks, topic_bits = versions
    parts = {"total": None} | {f.name: f for f in facets_for(query) if _counted_in_scan(f) or _selected(query, f)}
    keys = {name: _part_key(query, skip, (instance, version), bookmarks) for name, skip in parts.items()}
    found = cache.get_many(list(keys.values()))
    missing = [name for name, key in keys.items() if key not in found]
    if missing:
        bits = _topic_bits(topic_bits)
        # A search, or no selection at all, reads many rows once; selections narrow each
        # part through the GIN indexes, so then each part is its own indexed query.
        scan = query.q or not any(_selected(query, f) for f in facets_for(query))
        if not scan:
            computed = _indexed_counts(query, missing, bits)
        elif query.q and not query.owner and _matches_most(query.q):
            computed = _counts_by_complement(query, missing, bits, versions)
        else:
            computed = _scan_counts(query, missing, bits)
        cache.set_many({keys[name]: computed[name] for name in missing}, timeout=None)  # versioned keys
        found.update({keys[name]: computed[name] for name in missing})
    # Every facet of the query has an entry; the team's are filled from the bookmarks.
    counts: dict[str, dict[str, int]] = {f.name: {} for f in facets_for(query)}
    for name in parts:
        if name != "total":
            counts[name] = dict(found[keys[name]])
    return counts, found[keys["total"]].get("", 0)


# A search matching more than this share of the papers is counted by its complement:
# the two ways cost the same at about 65% (measured on 100,000 papers: 50% of them,
# 71 ms counting the matches and 112 ms the complement; 65%, 89 and 87; 69%, 101 and
# 87; 96%, 126 and 71).
MOST = 0.65


def _matches_most(q: str) -> bool:
    """Whether the planner expects the search to match more than MOST of the papers: its
    estimate from the column's statistics, one EXPLAIN, no rows read (for "model",
    96,380 expected, 96,435 found)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM papers_paper p WHERE {SEARCH_CONDITION}"
            " UNION ALL SELECT 1 FROM papers_paper p",
            [q],
        )
        (plan,) = cursor.fetchone()
        try:
            if isinstance(plan, str):
                plan = json.loads(plan)
            matches, papers = (node["Plan Rows"] for node in plan[0]["Plan"]["Plans"])
        except (KeyError, IndexError, TypeError, ValueError):  # a plan of another shape: count the matches
            return False
        if not papers or matches <= MOST * papers:
            return False
        # The complement hashes the matches' ids; past work_mem PostgreSQL would probe an
        # unhashed list for every paper instead (quadratic), so only while they fit.
        cursor.execute("SELECT pg_size_bytes(current_setting('work_mem'))")
        (work_mem,) = cursor.fetchone()
    return matches * HASHED_ID_BYTES < work_mem


# What one id takes in the hashed NOT IN list, with its hash-table overhead (a generous figure).
HASHED_ID_BYTES = 64


def _counts_by_complement(query: PaperQuery, wanted: list[str], bits, versions: tuple) -> dict[str, dict[str, int]]:
    """A search matching most papers, counted as the counts without the search (cached,
    shared by every search under the same selections: the first page's own counts when
    nothing is selected) less the counts of the papers it does not match. Each count is
    of the papers meeting a conjunction, so the difference is exact. For "model" (96%
    of 100,000 papers) the statement reads 3,562 papers instead of 96,435: 126 -> 71 ms.
    The counts without the search are read at the same versions as the search's own.
    """
    base, total = facet_counts(replace(query, q=""), versions)
    base["total"] = {"": total}
    rest = _scan_counts(query, wanted, bits, complement=True)
    counts = {}
    for name in wanted:
        counts[name] = {value: n - rest[name].get(value, 0) for value, n in base[name].items()}
        counts[name] = {v: n for v, n in counts[name].items() if n > 0 or v in ("", "*")}
    return counts


def warm_first_page() -> None:
    """Count the unfiltered facets now (about 150 ms at 100,000 papers), so that after
    a change to the papers no reader of the first page waits for them. Services that
    change papers call it once their transaction commits."""
    facet_counts(PaperQuery())


def _counted_in_scan(facet) -> bool:
    """Paper facets (and a reading list's status) are counted from the papers; the team's
    facets from the bookmarks, needing from the papers only their total without their
    own selection ("*"), and only when selected."""
    return not isinstance(facet, BookmarkFacet)


def _part_key(query: PaperQuery, skip, data_version: tuple, bookmarks: int) -> str:
    """The cache key of one part: the counts of facet `skip` (or the total, skip=None)
    under the search and every selection but skip's own."""
    selections = tuple(
        (f.name, _selected(query, f)) for f in facets_for(query) if f is not skip and _selected(query, f)
    )
    state: tuple = (data_version, skip.name if skip else "total", query.q, selections)
    if query.owner or any(isinstance(_facet_named(query, name), BookmarkFacet) for name, _ in selections):
        state += (bookmarks, query.viewer, query.owner)
    return "facets:" + hashlib.sha256(repr(state).encode()).hexdigest()


def _facet_named(query: PaperQuery, name: str):
    return next(f for f in facets_for(query) if f.name == name)


def _indexed_counts(query: PaperQuery, wanted: list[str], bits=None) -> dict[str, dict[str, int]]:
    """With selections but no search: one GROUP BY per wanted facet, each filtered by
    the other facets' selections. A narrow selection is found through the GIN indexes
    on the arrays; a broad one (a topic, tested on its bit) is an index-only scan of
    paper_facets_cover. Topics are counted from their bits when every topic has one.

    A selected bookmark facet's part is the total without its own selection ("*"):
    papers saved by nobody are that total less the papers anyone saved."""
    source, source_params = _from(query)
    sql, params = [], []
    for name in wanted:
        facet = None if name == "total" else _facet_named(query, name)
        where, where_params = _conditions(query, skip=facet, bits=bits)
        if facet is None or not _counted_in_scan(facet):
            value = "" if facet is None else "*"
            sql.append(f"SELECT '{name}', '{value}', count(*) FROM {source}{_where(where)}")
        elif name == "topic" and bits:
            sql.append(
                f"SELECT 'topic', x.slug, x.n FROM (SELECT {_bit_counts(bits, 'p')} AS n FROM {source}"
                f"{_where(where)}) s, unnest(%s::text[], s.n) AS x(slug, n) WHERE x.n > 0"
            )
            where_params = [*where_params, [slug for slug, _ in bits]]
        elif facet.grouped_array:
            sql.append(_grouped_array_counts(name, f"p.{facet.grouped_array}", f"{source}{_where(where)}"))
        else:
            if facet.count_where:
                where = [*where, facet.count_where]
            sql.append(
                f"SELECT '{name}', {facet.count_value}, count(*) "
                f"FROM {source}{facet.count_from}{_where(where)} GROUP BY 2"
            )
        params += source_params + where_params
    return _read_counts(wanted, " UNION ALL ".join(sql), params)


def _grouped_array_counts(name: str, column: str, rows: str) -> str:
    """Counts per array value over `rows` (a FROM ... WHERE ...), grouping by the whole array first."""
    return (
        f"SELECT '{name}', v::text, sum(g.n)::bigint FROM (SELECT {column} AS vals, count(*) AS n FROM {rows}"
        " GROUP BY 1) g, unnest(g.vals) AS v GROUP BY 2"
    )


def _topic_bits(pairs) -> list[tuple[str, int]] | None:
    """Each topic's slug and bit in Paper.topic_bits (migration 0010), from [slug, bit]
    pairs; None when some topic has no bit (a 64th topic) or there are no topics: the
    topic facet is then counted from the arrays."""
    if not pairs or any(bit is None for _, bit in pairs):
        return None
    return [(slug, int(bit)) for slug, bit in pairs]


def _bit_counts(bits: list[tuple[str, int]], alias: str, condition: str = "") -> str:
    """An array of counts, one per topic: the rows with that topic's bit (and condition)."""
    extra = f" AND {condition}" if condition and condition != "TRUE" else ""
    counts = ", ".join(f"count(*) FILTER (WHERE {alias}.topic_bits & {1 << int(bit)} <> 0{extra})" for _, bit in bits)
    return f"ARRAY[{counts}]::bigint[]"


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _read_counts(wanted: list[str], sql: str, params: list, *, search: bool = False) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in wanted}
    for name, value, count in _fetch_search_scan(sql, params) if search else _fetch(sql, params):
        counts[name][value] = count
    for name in wanted:  # a one-scan count of no rows yields no row: zero
        if name == "total":
            counts[name].setdefault("", 0)
        elif name in _TEAM_FACETS:
            counts[name].setdefault("*", 0)
    return counts


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_search_scan(sql: str, params: list) -> list[tuple]:
    """Run a query that reads every match of a search, through the GIN index.

    The planner prices `search_vector @@ query` as one cheap operator, unaware that on
    a sequential scan it reads every paper's vector, stored out of line (migration
    0009): for a word in most papers ("model" is in 96%) it chose that scan, 400 ms at
    100,000 papers, where the bitmap scan of paper_search_gin reads no vector at all
    (its matches need no recheck) and takes 25 ms. So sequential scans are priced out
    for this one statement. SET LOCAL ends with the transaction; inside an outer one
    it is put back explicitly (no savepoint: an error there aborts the outer
    transaction, whose rollback undoes the setting).
    """
    outer = connection.in_atomic_block
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if outer:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    return rows


def _scan_counts(query: PaperQuery, wanted: list[str], bits=None, *, complement=False) -> dict[str, dict[str, int]]:
    """With a search (or nothing selected): the wanted parts in one scan of the matches,
    or with `complement` of the papers the search does not match.

    A paper counts for facet F when it passes the search and every selected facet
    but F, so choosing a digest still shows how many papers the other digests hold.
    The matches are read once (the CTE m).
    """
    facets = facets_for(query)
    source, source_params = _from(query)
    where, params = ([SEARCH_CONDITION], [query.q]) if query.q else ([], [])
    if complement:  # the matches' ids come from the GIN index, hashed; no vector is read
        where = [f"p.id NOT IN (SELECT p.id FROM papers_paper p WHERE {SEARCH_CONDITION})"]
    flags, flag_params, active = [], [], []
    for facet in facets:
        if _selected(query, facet):
            condition, condition_params = facet.where(query)
            flags.append(f"({condition}) AS ok_{facet.name}")
            flag_params += condition_params
            active.append(facet)
    columns = ["p.listed_on", "p.topic_bits" if bits else "p.topics", "p.datasets", "p.code_host"]
    if query.owner:
        columns.append("mb.status")
    if len(active) > 1:  # a paper failing two selected facets counts nowhere
        checks = []
        for facet in active:
            condition, condition_params = facet.where(query)
            checks.append(f"(NOT ({condition}))::int")
            params += condition_params
        where.append(" + ".join(checks) + " <= 1")

    def passes(*names: str) -> str:
        checks = [f"m.ok_{f.name}" for f in active if f.name in names]
        return " AND ".join(checks) if checks else "TRUE"

    everything = [f.name for f in active]
    # Parts with a fixed set of values (the total, has_code, topics by their bits, the
    # team facets' totals) are counted by FILTER aggregates in one pass over m; digests
    # by grouping m's date arrays; the others (datasets, code hosts) by unnesting m's values.
    branches, aggregates, labels, grouped = [], [], [], []

    def count(name: str, value: str, *conditions: str) -> None:
        checks = [c for c in conditions if c != "TRUE"]
        aggregates.append(f"count(*) FILTER (WHERE {' AND '.join(checks)})" if checks else "count(*)")
        labels.append((name, value))

    for name in wanted:
        others = passes(*[n for n in everything if n != name])
        if name == "total":
            count("total", "", passes(*everything))
        elif not _counted_in_scan(facet := _facet_named(query, name)):
            count(name, "*", others)
        elif name == "topic" and bits:
            for slug, bit in bits:
                count("topic", slug, f"m.topic_bits & {1 << bit} <> 0", others)
        elif name == "has_code":
            count("has_code", "true", "m.code_host <> ''", others)
            count("has_code", "false", "m.code_host = ''", others)
        elif facet.grouped_array:
            grouped.append(_grouped_array_counts(name, f"m.{facet.grouped_array}", f"m WHERE {others}"))
        else:
            branches.append(f"SELECT '{name}', x.v FROM ({facet.values_sql}) AS x(v) WHERE {others}")
    selects, tail_params = list(grouped), []
    if branches:
        # m's rows grouped first by what the branches read (datasets and code host take
        # 285 combinations among 50,000 matches), so each combination is unnested once;
        # the groups keep the name m for the branches' SQL.
        kept = [c.split(".")[1] for c in columns if c not in ("p.listed_on", "p.topic_bits")]
        kept += [f"ok_{f.name}" for f in active]
        selects.append(
            f"SELECT f.facet, f.value, sum(m.n)::bigint FROM (SELECT {', '.join(kept)}, count(*) AS n"
            f" FROM m GROUP BY {', '.join(kept)}) m CROSS JOIN LATERAL ("
            + " UNION ALL ".join(branches)
            + ") AS f(facet, value) GROUP BY 1, 2"
        )
    if aggregates:
        selects.append(
            f"SELECT x.facet, x.value, x.n FROM (SELECT ARRAY[{', '.join(aggregates)}]::bigint[] AS n FROM m) s,"
            " unnest(%s::text[], %s::text[], s.n) AS x(facet, value, n) WHERE x.n > 0"
        )
        tail_params = [[n for n, _ in labels], [v for _, v in labels]]
    sql = f"WITH m AS (SELECT {', '.join(columns + flags)} FROM {source}{_where(where)}) " + " UNION ALL ".join(selects)
    return _read_counts(wanted, sql, flag_params + source_params + params + tail_params, search=bool(query.q))


def _bookmark_counts(query: PaperQuery, counts: dict[str, dict[str, int]], total: int) -> dict[str, str]:
    """Fill in the counts of the bookmark facets (saved, saved_by) in one query that
    starts at the bookmarks, each facet filtered by everything but its own selection;
    returns the display names of the users counted. Not cached: it reads a few rows
    per saved paper, and bookmarks change far more often than papers."""
    facets = [f for f in facets_for(query) if isinstance(f, BookmarkFacet)]
    if not facets:
        return {}
    parts, params = [], []
    where, where_params = _conditions(query, skip=SAVED_FACET)
    join = "FROM papers_bookmark b JOIN papers_paper p ON p.id = b.paper_id"
    parts.append(f"SELECT 'saved', 'me', '', '', count(*) {join} WHERE b.user_id = %s"
                 + "".join(f" AND {c}" for c in where))
    params += [query.viewer, *where_params]
    parts.append(f"SELECT 'saved', 'team', '', '', count(DISTINCT b.paper_id) {join}{_where(where)}")
    params += where_params
    where, where_params = _conditions(query, skip=SAVED_BY_FACET)
    parts.append(
        f"SELECT 'saved_by', u.username, u.first_name, u.last_name, count(*) {join}"
        f" JOIN auth_user u ON u.id = b.user_id{_where(where)} GROUP BY 2, 3, 4"
    )
    params += where_params
    names: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for facet, value, first, last, count in cursor.fetchall():
            if count:
                counts[facet][value] = count
            if facet == "saved_by":
                names[value] = f"{first} {last}".strip() or value
    anyone = counts["saved"].get("team", 0)
    unsaved = counts["saved"].pop("*", total) - anyone
    if unsaved:
        counts["saved"]["none"] = unsaved
    counts["saved_by"].pop("*", None)
    return names


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


def _page_ids(query: PaperQuery, total: int) -> tuple[list[int], int | None]:
    return ordered_ids(query, limit=query.page_size, offset=(query.page - 1) * query.page_size, total=total)


def ordered_ids(query: PaperQuery, *, limit: int, offset: int = 0, total: int = 0) -> tuple[list[int], int | None]:
    """Ids of the matching papers in the query's order, a slice of them; and, when a
    broad search ranked only its newest matches, how many it ranked."""
    source, params = _from(query)
    where, where_params = _conditions(query)
    params += where_params
    where_sql = _where(where)
    if query.effective_sort == "relevance":
        # Rank the newest RANK_CANDIDATES matches (all of them when fewer): papers whose
        # title (weight A) matches come first, then ts_rank orders by weight and frequency.
        sql = (
            f"SELECT c.id FROM (SELECT p.id, p.search_vector FROM {source}{where_sql} "
            f"ORDER BY p.last_listed_on DESC, p.id DESC LIMIT %s) c "
            ", websearch_to_tsquery('english', %s) AS q "
            "ORDER BY ts_filter(c.search_vector, '{a}') @@ q DESC, ts_rank(c.search_vector, q) DESC, c.id DESC "
            "LIMIT %s OFFSET %s"
        )
        params = [*params, RANK_CANDIDATES, query.q, limit, offset]
        ranked = RANK_CANDIDATES if total > RANK_CANDIDATES else None
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
