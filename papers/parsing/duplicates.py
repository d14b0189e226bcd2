"""A paper listed more than once in one file is kept once.

Trending pages list every card twice, once with the full abstract and once with a
one-sentence AI summary, or twice alike. Copies are the same paper when their arXiv
ids match, else when their titles do (unless both have ids and they differ). The
kept record takes the full abstract when any copy has one, and the first copy's
place; a summary is the abstract only when no copy has more, and says so. Copies
that disagree (one title, two full abstracts; one abstract, two titles) mean the
file's titles and abstracts went out of step: an error, never a guess.
"""

from __future__ import annotations

import dataclasses
import re

from .normalize import title_key
from .records import PaperRecord, ParseResult

# Real abstracts run 65 words and more, in several sentences; the pages' AI summaries
# are one sentence of 15 to 40 words.
SUMMARY_MAX_WORDS = 60
_SENTENCE_BREAK = re.compile(r"[.!?。]\s+[A-Z(\[“\"]")
_LISTED = 3  # titles named in the warning


def looks_like_summary(abstract: str) -> bool:
    return len(abstract.split(None, SUMMARY_MAX_WORDS)) < SUMMARY_MAX_WORDS and not _SENTENCE_BREAK.search(abstract)


def merge_duplicates(result: ParseResult) -> None:
    groups: list[list[PaperRecord]] = []
    by_id: dict[str, int] = {}
    by_title: dict[str, list[int]] = {}
    for paper in result.papers:
        key = title_key(paper.title)
        at = by_id.get(paper.arxiv_id) if paper.arxiv_id else None
        if at is None:
            at = next(
                (g for g in by_title.get(key, []) if not (paper.arxiv_id and _group_id(groups[g]) not in (None, paper.arxiv_id))),
                None,
            )
        if at is None:
            at = len(groups)
            groups.append([])
        groups[at].append(paper)
        if paper.arxiv_id:
            by_id.setdefault(paper.arxiv_id, at)
        if at not in by_title.setdefault(key, []):
            by_title[key].append(at)
    again = [group for group in groups if len(group) > 1]
    result.papers = [_merged(group, result) for group in groups]
    _one_abstract_one_paper(result)
    if again:
        named = _named([f"{_short(g[0].title)} (line {g[1].line}, first on line {g[0].line})" for g in again])
        result.warn(
            f"{_papers(len(again), 'is', 'are')} listed again in the file (a trending page lists every card twice), "
            f"each kept once: {named}",
            again[0][1].line,
        )
    summaries = [paper for paper in result.papers if paper.summary_only]
    if summaries:
        result.warn(
            f"{_papers(len(summaries), 'has', 'have')} only a one-sentence AI summary in this file, not the abstract; "
            f"the summary is stored as the abstract until a file with the abstract comes: "
            f"{_named([f'{_short(p.title)} (line {p.line})' for p in summaries])}",
            summaries[0].line,
        )


def _one_abstract_one_paper(result: ParseResult) -> None:
    """The same abstract under two titles: one of them is another paper's (a copy whose
    titles and abstracts went out of step), so the file is refused."""
    seen: dict[str, PaperRecord] = {}
    for paper in result.papers:
        if looks_like_summary(paper.abstract):
            continue
        first = seen.setdefault(paper.abstract, paper)
        if first is not paper:
            result.error(
                f"the abstract of {_short(first.title)} (line {first.line}) stands again under {_short(paper.title)}; "
                "one of the two titles is another paper's, so nothing is imported",
                paper.line,
            )


def _papers(count: int, one: str, more: str) -> str:
    return f"1 paper {one}" if count == 1 else f"{count} papers {more}"


def _short(title: str, limit: int = 60) -> str:
    return f"“{title if len(title) <= limit else title[: limit - 1] + '…'}”"


def _named(items: list[str]) -> str:
    more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
    return ", ".join(items[:_LISTED]) + more


def _group_id(group: list[PaperRecord]) -> str | None:
    return next((p.arxiv_id for p in group if p.arxiv_id), None)


def _merged(group: list[PaperRecord], result: ParseResult) -> PaperRecord:
    first = group[0]
    full = [p for p in group if not looks_like_summary(p.abstract)]
    chosen = full[0] if full else first
    different = next((p for p in full[1:] if p.abstract != chosen.abstract), None)
    if different is not None:
        # One of them is some other paper's: a copy whose titles and abstracts went out of step.
        result.error(
            f"{_short(first.title)} is listed again on line {different.line} with another abstract than on "
            f"line {chosen.line}; one of them cannot be its own, so nothing is imported",
            different.line,
        )
    if len(group) == 1 and (full or first.summary_only):
        return first
    return dataclasses.replace(
        first,
        abstract=chosen.abstract,
        arxiv_id=_group_id(group),
        code_url=chosen.code_url or next((p.code_url for p in group if p.code_url), None),
        authors=max((p.authors for p in group), key=len),
        upvotes=next((p.upvotes for p in group if p.upvotes is not None), None),
        summary_only=not full,
    )
