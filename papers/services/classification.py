"""Topics and datasets: rules (Topic and Dataset rows) applied to title and abstract.

The importer labels new papers with `label`; `recompute_all` relabels every paper
after rules change (admin save, `manage.py recompute_labels`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import transaction

from papers.models import Dataset, Paper, Topic
from papers.selectors import warm_first_page
from papers.taxonomy import RuleSet, paper_text

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Rules:
    """Topic and dataset rules as one RuleSet: one pass over a paper's text labels it."""

    rule_set: RuleSet
    topic_count: int

    def label(self, title: str, abstract: str) -> tuple[list[str], list[str]]:
        keys = self.rule_set.match_indices(paper_text(title, abstract))
        slugs = self.rule_set.slugs
        return (
            [slugs[i] for i in keys if i < self.topic_count],
            [slugs[i] for i in keys if i >= self.topic_count],
        )


def load_rules() -> Rules:
    """The current rules, compiled (cached while the rows are unchanged); two queries."""

    def rows(model) -> list[tuple[str, tuple[str, ...]]]:
        found = model.objects.order_by("position", "name").only("slug", "patterns")
        return [(row.slug, tuple(row.pattern_lines)) for row in found if row.pattern_lines]

    topics, datasets = rows(Topic), rows(Dataset)
    return Rules(rule_set=_rule_set(tuple(topics + datasets)), topic_count=len(topics))


@functools.lru_cache(maxsize=8)
def _rule_set(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> RuleSet:
    return RuleSet(rules)


@dataclass(frozen=True)
class RecomputeResult:
    papers: int
    changed: int


def recompute_all(rules: Rules | None = None) -> RecomputeResult:
    """Relabel every paper with the current rules, in one transaction."""
    rules = rules or load_rules()
    total = changed = 0
    with transaction.atomic():
        batch: list[Paper] = []
        papers = Paper.objects.only("id", "title", "abstract", "topics", "datasets").order_by("id")
        for paper in papers.iterator(chunk_size=BATCH_SIZE):
            total += 1
            topics, datasets = rules.label(paper.title, paper.abstract)
            if topics != paper.topics or datasets != paper.datasets:
                paper.topics, paper.datasets = topics, datasets
                batch.append(paper)
            if len(batch) >= BATCH_SIZE:
                changed += _flush(batch)
        changed += _flush(batch)
        if changed:
            transaction.on_commit(warm_first_page)
    return RecomputeResult(papers=total, changed=changed)


def _flush(batch: list[Paper]) -> int:
    count = len(batch)
    if batch:
        Paper.objects.bulk_update(batch, ["topics", "datasets"])
        batch.clear()
    return count
