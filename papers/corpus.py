"""A large corpus of distinct, realistic papers recombined from the real Hugging Face data.

Nothing is invented: a title is the first half of one real title and the second half of
another; an abstract is 5-10 real sentences in runs from 2-4 real abstracts; 40% end with a
real code-link sentence (real owner and repository, in a shape real abstracts use); arXiv-like
ids use the real year-month prefixes. Same seed, same corpus; 100,000 papers in ~2 s.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from papers.parsing import title_key  # pure Python: the key the importer deduplicates by

JSONL_FILES = ("hf-api-dumps.jsonl", "hf-daily-json.jsonl")
# The real papers carried in the repository (tests/data/README.md says where they come from).
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data"
PLAIN_HEADER = ("new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community")
CODE_SHARE = 0.4  # papers ending with a code link
ID_SHARE = 0.7  # papers with an arXiv id
WRAP_EVERY = 3  # every third paper is hard-wrapped, as older digests are
WRAP_WIDTH = 80

_BROKEN_WORD = re.compile(r"[^\W_]- +(?!(?:and|or|nor|&)\b)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[$])")
_LINKISH = re.compile(r"://|www\.|\b(?:github|gitlab|codeberg|bitbucket)\.(?:com|org)\b|huggingface\.co", re.I)
_GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/([\w.\-]+)/([\w.\-]+)(?:/[^\s,;:)}\]]*)?", re.I)
# Shapes of code links found in the real abstracts.
_SHAPES = ("https://github.com/{}/{}", "github.com/{}/{}", "https://github.com/{}/{}.git",
           "https://github.com/{}/{}/tree/main", "https://www.github.com/{}/{}")


@dataclass(frozen=True)
class _Material:
    heads: list[str]
    tails: list[str]
    sentences: list[list[str]]  # per real abstract, sentences without links
    link_sentences: list[tuple[str, str]]  # text before and after the one GitHub link
    repos: list[tuple[str, str]]  # (owner, repository)
    months: list[str]  # "2406", ...
    upvotes: list[int]


def load_real_papers(data_dir: Path) -> list[dict]:
    """The 649 real papers of data_dir/hf-daily-papers/*.jsonl, as published."""
    rows: list[dict] = []
    for name in JSONL_FILES:
        with (Path(data_dir) / "hf-daily-papers" / name).open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def _material(real: Sequence[dict]) -> _Material:
    heads, tails, sentences, link_sentences, repos = [], [], [], [], []
    for row in real:
        words = row["title_oneline"].split()
        cut = next((i + 1 for i, w in enumerate(words[:-1]) if w.endswith(":")), max(1, len(words) // 2))
        heads.append(" ".join(words[:cut]))
        tails.append(" ".join(words[cut:] or words))
        plain = []
        for sentence in _SENTENCE_BREAK.split(row["abstract_oneline"]):
            links = list(_GITHUB.finditer(sentence))
            if _BROKEN_WORD.search(sentence):
                continue  # "To sup- port": a PDF's broken word, which no wrapped copy reads back (parsing.wrapping)
            if not _LINKISH.search(sentence) and len(sentence.split()) >= 4:
                plain.append(sentence)
            elif len(links) == 1:  # the sentence around its one code link, the link kept apart
                (link,), end = links, links[0].start() + len(links[0][0].rstrip("."))
                before, after = sentence[: link.start()], sentence[end:]
                if not re.search(r"(?:github|gitlab|codeberg|bitbucket)\.", before + after, re.I):
                    link_sentences.append((before, after))
                    repos.append((link[1], link[2].rstrip(".").removesuffix(".git")))
        if plain:
            sentences.append(plain)
    months = sorted({row["arxiv_id"][:4] for row in real if row.get("arxiv_id")})
    upvotes = [row["upvotes"] for row in real if row.get("upvotes") is not None] or [0]
    return _Material(heads, tails, sentences, link_sentences, repos, months, upvotes)


def make_papers(real: Sequence[dict], n: int, seed: int = 0) -> list[dict]:
    """n distinct papers {title, abstract, arxiv_id, upvotes}: titles differ by title_key, ids are unique."""
    return list(iter_papers(real, n, seed))


def iter_papers(real: Sequence[dict], n: int, seed: int = 0) -> Iterator[dict]:
    """make_papers one at a time (same papers for the same seed), for corpora too large to hold."""
    rng, m = random.Random(seed), _material(real)
    keys: set[str] = set()  # title keys and ids given so far
    ids: set[str] = set()
    for _ in range(n):
        yield {
            "title": _title(rng, m, keys),
            "abstract": _abstract(rng, m),
            "arxiv_id": _arxiv_id(rng, m, ids) if rng.random() < ID_SHARE else None,
            "upvotes": rng.choice(m.upvotes),
        }


def _title(rng: random.Random, m: _Material, keys: set[str]) -> str:
    for _ in range(3):
        title = f"{rng.choice(m.heads)} {rng.choice(m.tails)}"
        if (key := title_key(title)) not in keys:
            keys.add(key)
            return title
    # Numbered as "... V2" titles are. Not a bare number: a digest wraps long titles, and a
    # line holding only "2" after a title reads as a card's upvotes (found building 1M papers).
    number = 2
    while (key := title_key(f"{title} V{number}")) in keys:
        number += 1
    keys.add(key)
    return f"{title} V{number}"


def _abstract(rng: random.Random, m: _Material) -> str:
    count = rng.randint(5, 10)
    sources = rng.sample(m.sentences, rng.randint(2, 4))
    cuts = [0, *sorted(rng.sample(range(1, count), len(sources) - 1)), count]
    chosen: list[str] = []
    for index, source in enumerate(sources):
        length = cuts[index + 1] - cuts[index]
        start = 0 if index == 0 else rng.randrange(max(1, len(source) - length + 1))  # open like a real abstract
        chosen += source[start : start + length]
    while len(chosen) < count:
        chosen.append(rng.choice(rng.choice(m.sentences)))
    if rng.random() < CODE_SHARE:
        before, after = rng.choice(m.link_sentences)
        owner, repo = rng.choice(m.repos)
        if rng.random() < 0.5:
            repo = rng.choice(m.repos)[1]  # a real owner with another real repository
        chosen.append(before + rng.choice(_SHAPES).format(owner, repo) + after)
    return " ".join(chosen)


def _arxiv_id(rng: random.Random, m: _Material, ids: set[str]) -> str:
    while (arxiv_id := f"{rng.choice(m.months)}.{rng.randrange(100000):05d}") in ids:
        pass
    ids.add(arxiv_id)
    return arxiv_id


STYLES = ("plain", "page", "markdown", "html")


def digest_text(papers: Sequence[dict], day: dt.date, *, style: str = "plain") -> str:
    """A digest file: the plain digest; ("page") with each card's upvotes and paper URL;
    ("markdown") as a page-to-Markdown tool writes the papers page; ("html") a saved
    papers page, its list in the page's data-props JSON."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    if style == "markdown":
        return _markdown(papers, day)
    if style == "html":
        return _saved_page(papers, day)
    lines = [line for header in PLAIN_HEADER for line in (header, "")]
    lines += [f"{day:%b} {day.day}, {day.year}", ""]
    for index, paper in enumerate(papers):
        wrap = _wrap if index % WRAP_EVERY == 0 else str
        lines += [wrap(paper["title"]), "", wrap(paper["abstract"]), ""]
        if style == "page":
            lines.append(f"[-] {paper.get('upvotes') or 0}")
            if paper["arxiv_id"]:
                lines.append(f"https://huggingface.co/papers/{paper['arxiv_id']}")
            lines.append("")
    return "\n".join(lines)


_MARKDOWN_ESCAPES = str.maketrans({mark: "\\" + mark for mark in "\\*_`[]"})


def markdown_escape(text: str) -> str:
    """Escape text as HTML-to-Markdown converters do (turndown's rules)."""
    lines = []
    for line in text.translate(_MARKDOWN_ESCAPES).split("\n"):
        line = re.sub(r"^(\s*)([-+#>=])", r"\1\\\2", line)
        lines.append(re.sub(r"^(\s*\d+)\.(\s|$)", r"\1\\.\2", line))  # "2024. " would start a list
    return "\n".join(lines)


def _markdown(papers: Sequence[dict], day: dt.date) -> str:
    lines = ["# Daily Papers", "", "by [AK](https://huggingface.co/akhaliq) and the research community", ""]
    lines += [f"{day:%b} {day.day}, {day.year}", ""]
    for paper in papers:
        url = f"https://huggingface.co/papers/{paper['arxiv_id']}" if paper["arxiv_id"] else ""
        title, abstract = markdown_escape(paper["title"]), markdown_escape(paper["abstract"])
        lines += [f"[{paper.get('upvotes') or '-'}](https://huggingface.co/login)", ""]
        lines += [f"### [{title}]({url})" if url else f"### {title}", ""]
        lines += [f"[{abstract}]({url})" if url else abstract, ""]
    return "\n".join(lines)


def _saved_page(papers: Sequence[dict], day: dt.date) -> str:
    items = [
        {
            "paper": {
                "id": paper["arxiv_id"], "title": paper["title"], "summary": paper["abstract"],
                "upvotes": paper.get("upvotes") or 0, "authors": [], "submittedOnDailyAt": f"{day.isoformat()}T00:00:00.000Z",
            },
            "title": paper["title"],
        }
        for paper in papers
    ]
    props = html.escape(json.dumps({"dailyPapers": items, "date": day.isoformat()}), quote=True)
    return (
        "<!DOCTYPE html>\n<html><head><title>Daily Papers - Hugging Face</title></head>\n<body>\n"
        f'<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{props}"></div>\n</body></html>\n'
    )


def _wrap(text: str, width: int = WRAP_WIDTH) -> str:
    """Greedy hard wrap at spaces, as textwrap does, but faster."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)
