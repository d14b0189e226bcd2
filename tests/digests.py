"""Build digest files from the real Hugging Face data in tests/data (see its README).

The data holds papers, not digest files; these helpers lay real papers out the way
the plain digest and the copied papers page do, so tests read real titles, abstracts
(hard-wrapped as published), organisations, users and counts, never invented ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "papers" / "sample" / "sample-digest.txt"  # the real 72-paper sample digest
DATA = REPO / "tests" / "data"
JSONL_FILES = (DATA / "hf-daily-papers" / "hf-api-dumps.jsonl", DATA / "hf-daily-papers" / "hf-daily-json.jsonl")
API_FILES = (DATA / "hf-api" / "daily_papers-2025-05-30.json", DATA / "hf-api" / "daily_papers-2026-06-01.json")

PLAIN_HEADER = ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "byAK and the research community"]
PAGE_HEADER = [
    "Hugging Face", "Models", "Datasets", "Spaces", "Posts", "Docs", "Pricing", "Log In", "Sign Up", "",
    "Daily Papers", "", "by", "AK and the research community", "", "Daily / Weekly / Monthly", "",
]


@functools.cache
def all_papers() -> tuple[dict, ...]:
    rows = []
    for path in JSONL_FILES:
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return tuple(rows)


def papers_by_date() -> dict[str, list[dict]]:
    days: dict[str, list[dict]] = {}
    for row in all_papers():
        days.setdefault(row["date"], []).append(row)
    return dict(sorted(days.items()))


def written_date(day: str, *, year: bool = False) -> str:
    date = dt.date.fromisoformat(day)
    text = f"{date:%b} {date.day}"
    return f"{text}, {date.year}" if year else text


def plain_digest(rows: Iterable[dict], day: str, *, year: bool = False) -> str:
    """The plain digest: header chrome, the date, then title and abstract paragraphs."""
    lines = [*PLAIN_HEADER, "", written_date(day, year=year), ""]
    for row in rows:
        lines += [row["title"], "", row["abstract"], ""]
    return "\n".join(lines)


def page_copy(rows: Iterable[dict], day: str, *, urls_first: bool = False) -> str:
    """Text as copied from the live papers page: a card of chrome around each paper.

    With urls_first the card (upvotes, paper URL, ...) stands before the title, as on a
    page where each card starts with its counts; otherwise after the abstract.
    """
    lines = [*PAGE_HEADER, written_date(day), ""]
    for row in rows:
        card = [f"[-] {row.get('upvotes') or 0}", f"https://huggingface.co/papers/{row['arxiv_id']}"]
        card.append(row["organization"] if row.get("organization") else f"{len(row['authors'])} authors")
        card.append("·")
        if row.get("published_at"):
            card.append(written_date(row["published_at"][:10], year=True))
        card.append(str(row.get("num_comments") or 0))
        if row.get("submitted_by"):
            card += ["Submitted by", row["submitted_by"]]
        paper = [row["title"], "", row["abstract"], ""]
        lines += (card + [""] + paper) if urls_first else (paper + card + [""])
    lines += ["Previous", "Next"]
    return "\n".join(lines)


def api_page_copy(path: Path) -> str:
    """A page copy made from a raw API response, with its GitHub star counts."""
    items = json.loads(path.read_text(encoding="utf-8"))
    day = items[0]["paper"]["submittedOnDailyAt"][:10]
    lines = [*PAGE_HEADER, written_date(day), ""]
    for item in items:
        paper = item["paper"]
        lines += [paper["title"], "", paper["summary"], ""]
        lines += [f"{paper.get('upvotes', 0)}", f"https://huggingface.co/papers/{paper['id']}"]
        lines += [f"· {len(paper['authors'])} authors", f"{item.get('numComments', 0)}"]
        if paper.get("githubStars") is not None:
            stars = paper["githubStars"]
            lines.append(f"GitHub {stars / 1000:.1f}k" if stars >= 1000 else f"GitHub {stars}")
        lines.append("")
    return "\n".join(lines)
