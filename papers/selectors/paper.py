"""The paper page: a paper with the digests that listed it, its related papers, and
the names of topics and datasets by slug (also for the list's chips)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, QuerySet

from papers.models import Appearance, Dataset, Paper, Topic

RELATED_CANDIDATES = 1000  # the most recently listed papers the related ranking reads


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
