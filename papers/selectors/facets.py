"""Facet counts of a list of papers: each facet value's count and the total.

facet_counts computes the parts not yet cached (each facet under the search and the
other facets' selections) in one statement: one scan of a search's matches, one
indexed GROUP BY per part under selections, or, for a search in most papers, those
of the papers it misses, taken from the (cached) counts without it. Each part is
cached under the data version. The team's facets (saved, saved by) are counted from
the bookmarks, uncached (_bookmark_counts). warm_first_page counts the first page
ahead of its readers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace

from django.core.cache import cache
from django.db import connection, transaction

from papers.selectors.query import (
    _TEAM_FACETS,
    SAVED_BY_FACET,
    SAVED_FACET,
    SEARCH_CONDITION,
    BookmarkFacet,
    PaperQuery,
    _conditions,
    _from,
    _selected,
    _where,
    facets_for,
)
from papers.selectors.versions import Versions, read_versions


def facet_counts(query: PaperQuery, versions: Versions | None = None) -> tuple[dict[str, dict[str, int]], int]:
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
    versions = versions or read_versions()
    instance, version, bookmarks, topic_bits, newest_days = versions
    parts = {"total": None} | {f.name: f for f in facets_for(query) if _counted_in_scan(f) or _selected(query, f)}
    keys = {name: _part_key(query, skip, (instance, version), bookmarks) for name, skip in parts.items()}
    found = cache.get_many(list(keys.values()))
    missing = [name for name, key in keys.items() if key not in found]
    if missing:
        bits = _topic_bits(topic_bits)
        # A search, or no selection at all, reads many rows once; selections narrow each
        # part through the GIN indexes, so then each part is its own indexed query.
        scan = query.q or not any(_selected(query, f) for f in facets_for(query))
        window = _digest_window(query, newest_days)
        if not scan:
            computed = _indexed_counts(query, missing, bits, window)
        elif query.q and not query.owner and _matches_most(query.q):
            computed = _counts_by_complement(query, missing, bits, versions, window)
        else:
            computed = _scan_counts(query, missing, bits, window)
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


def _counts_by_complement(
    query: PaperQuery, wanted: list[str], bits, versions: Versions, window: tuple = ()
) -> dict[str, dict[str, int]]:
    """A search matching most papers, counted as the counts without the search (cached,
    shared by every search under the same selections: the first page's own counts when
    nothing is selected) less the counts of the papers it does not match. Each count is
    of the papers meeting a conjunction, so the difference is exact. For "model" (96%
    of 100,000 papers) the statement reads 3,562 papers instead of 96,435: 126 -> 71 ms.
    The counts without the search are read at the same versions as the search's own.
    """
    base, total = facet_counts(replace(query, q=""), versions)
    base["total"] = {"": total}
    rest = _scan_counts(query, wanted, bits, window, complement=True)
    counts = {}
    for name in wanted:
        counts[name] = {value: n - rest[name].get(value, 0) for value, n in base[name].items()}
        counts[name] = {v: n for v, n in counts[name].items() if n > 0 or v in ("", "*")}
    return counts


def _digest_window(query: PaperQuery, newest_days) -> tuple[dt.date, ...]:
    """The digest dates whose counts the digest facet shows: the newest DIGESTS_COUNTED
    digest days (versions.read_versions) and the selected ones, newest first."""
    return tuple(sorted({*(newest_days or ()), *query.digests}, reverse=True))


def _date_array(dates: tuple[dt.date, ...]) -> str:
    """A date[] literal for SQL text (dates only: their ISO form is digits and hyphens)."""
    return "'{" + ",".join(d.isoformat() for d in dates if isinstance(d, dt.date)) + "}'::date[]"


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


def _indexed_counts(query: PaperQuery, wanted: list[str], bits=None, window: tuple = ()) -> dict[str, dict[str, int]]:
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
            sql.append(_grouped_array_counts(name, f"p.{facet.grouped_array}", source, where, window))
        else:
            if facet.count_where:
                where = [*where, facet.count_where]
            sql.append(
                f"SELECT '{name}', {facet.count_value}, count(*) "
                f"FROM {source}{facet.count_from}{_where(where)} GROUP BY 2"
            )
        params += source_params + where_params
    return _read_counts(wanted, " UNION ALL ".join(sql), params)


def _grouped_array_counts(name: str, column: str, source: str, where: list[str], window: tuple) -> str:
    """Counts per array value over the rows of `source` meeting `where`, grouping by the
    whole array first; only the values in `window`, from the rows holding one of them
    (found through paper_listed_on_gin). A paper of a counted digest may also be listed
    on an older one, which is not counted."""
    window_sql = _date_array(window)
    rows = f"{source}{_where([*where, f'{column} && {window_sql}'])}"
    return (
        f"SELECT '{name}', v::text, sum(g.n)::bigint FROM (SELECT {column} AS vals, count(*) AS n FROM {rows}"
        f" GROUP BY 1) g, unnest(g.vals) AS v WHERE v = ANY({window_sql}) GROUP BY 2"
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


def _scan_counts(
    query: PaperQuery, wanted: list[str], bits=None, window: tuple = (), *, complement=False
) -> dict[str, dict[str, int]]:
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
            grouped.append(_grouped_array_counts(name, f"m.{facet.grouped_array}", "m", [others], window))
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
