"""Real papers laid out the ways people's tools save a papers page (issue #11).

One generator per shape, written from how those tools write the page: Markdown from
page-to-Markdown tools, text-browser dumps, plain-text exports with a link under
every line, trending pages, hard-wrapped text, saved HTML. Every title, abstract,
id, date and count comes from tests/data; only the page furniture around them is
written here. Each takes a `random.Random`, so a test (or Hypothesis) picks the
variant, and returns the file's text.

`expected(rows)` is what importing any of them must store: the one-line title and
abstract as published, the arXiv id.
"""

from __future__ import annotations

import html
import json
import random
import re
import textwrap
from collections.abc import Sequence

from papers.corpus import markdown_escape
from tests.digests import written_date

HF = "https://huggingface.co"
AVATAR = "https://cdn-avatars.huggingface.co/v1/production/uploads/{}/avatar.png"
THUMB = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{}.png"
NAV = ["Models", "Datasets", "Spaces", "Posts", "Docs", "Enterprise", "Pricing"]


def expected(rows: Sequence[dict]) -> list[tuple[str, str, str]]:
    return [(row["title_oneline"], row["abstract_oneline"], row["arxiv_id"]) for row in rows]


# A hyphen the source already followed with a space ("To sup- port", "as- sistants": a
# PDF's broken words, in 3 of the 649 real abstracts) reads back as "sup-port" when a
# wrapping tool breaks the line right there; no reader can tell (papers/parsing/wrapping.py).
_SPACED_HYPHEN = re.compile(r"[^\W_]- +(?!(?:and|or|nor|&|und|et|ou)\b)")


def wrap_safe(rows: Sequence[dict]) -> list[dict]:
    """The rows whose text any wrapping reads back exactly."""
    return [row for row in rows if not _SPACED_HYPHEN.search(row["title_oneline"] + " " + row["abstract_oneline"])]


def paper_url(row: dict) -> str:
    return f"{HF}/papers/{row['arxiv_id']}"


def login_url(row: dict) -> str:
    return f"{HF}/login?next=%2Fpapers%2F{row['arxiv_id']}"


# ---------------------------------------------------------------- Markdown escapes

md_escape = markdown_escape  # as the corpus for benchmarks writes Markdown: turndown's rules


def wrap(text: str, width: int, rng: random.Random, *, hyphens: bool = True) -> list[str]:
    return textwrap.wrap(text, width=width, break_on_hyphens=hyphens, break_long_words=False) or [text]


def md_lines(text: str, rng: random.Random, *, width: int | None) -> str:
    """One paragraph as a converter writes it inside a link: one line, or wrapped with a
    kept line break at each end of line ("\\\\" or a backslash and two spaces)."""
    if width is None:
        return md_escape(text)
    marker = rng.choice(["\\\\", "\\  "])
    return (marker + "\n").join(md_escape(line) for line in wrap(text, width, rng))


# ---------------------------------------------------------------- Markdown (page-to-Markdown tools)

def markdown_copy(rows: Sequence[dict], day: str, rng: random.Random) -> str:
    """A web clipper's or scraper's Markdown of a daily papers page."""
    out = [f"[![Hugging Face's logo](https://huggingface.co/front/assets/huggingface_logo-noborder.svg)Hugging Face]({HF}/)", ""]
    out += [f"- [{name}]({HF}/{name.lower()})" for name in NAV] + [""]
    out += [f"[Log In]({HF}/login)", "", f"[Sign Up]({HF}/join)", "", "# Daily Papers", ""]
    out += [f"by [AK]({HF}/akhaliq) and the research community", ""]
    out += [rng.choice([written_date(day), f"## {written_date(day)}", f"[{written_date(day)}]({HF}/papers?date={day})"]), ""]
    width = rng.choice([None, None, 80, 100])
    for row in rows:
        upvotes = row.get("upvotes")
        out += [f"[![]({THUMB.format(row['arxiv_id'])})]({paper_url(row)})", ""]
        out += [f"[{upvotes if upvotes else '-'}]({login_url(row)})", ""]
        out += [f"### [{md_escape(row['title_oneline'])}]({paper_url(row)})", ""]
        avatars = "".join(f"- ![]({AVATAR.format(i)})\\\\\n" for i in range(min(3, len(row["authors"]))))
        out += [f"[{avatars}- {len(row['authors'])} authors]({paper_url(row)})", ""]
        out += [f"[{md_lines(row['abstract_oneline'], rng, width=width)}]({paper_url(row)})", ""]
        if row.get("submitted_by"):
            out += ["Submitted by", "", f"![]({AVATAR.format(row['submitted_by'])})", "", md_escape(row["submitted_by"]), ""]
        if row.get("organization"):
            out += [f"[{md_escape(row['organization'])}]({HF}/{row['organization'].replace(' ', '')})", ""]
        if row.get("published_at"):
            out += ["·" + written_date(row["published_at"][:10], year=True), ""]
        out += [f"[{row.get('num_comments') or 0}]({paper_url(row)}#community)", ""]
    out += [f"[Previous]({HF}/papers?date={day})", "", "System theme", "", "Company", "", "[TOS](/terms-of-service)", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- text-browser dumps

def text_browser_dump(
    rows: Sequence[dict], day: str, rng: random.Random, *, keep_refs: float = 1.0, truncate: bool = False
) -> str:
    """A lynx/w3m-style dump: numbered reference links, 78 columns, "* N authors".

    keep_refs is the share of the reference list kept (a cut-off dump loses its end);
    truncate cuts the last paper inside its abstract with "[Content truncated]".
    """
    refs: list[str] = []

    def ref(url: str) -> int:
        refs.append(url)
        return len(refs)

    out = [f"[Hugging Face][{ref(HF + '/')}]", ""]
    out += ["* " + " ".join(f"[{name}][{ref(f'{HF}/{name.lower()}')}]" for name in NAV), ""]
    out += ["# Daily Papers", "", f"by [AK][{ref(HF + '/akhaliq')}] and the research community", "", written_date(day), ""]
    for number, row in enumerate(rows):
        last = number == len(rows) - 1
        out += [f"[{row.get('upvotes') or '-'}][{ref(login_url(row))}]", ""]
        title = f"[{row['title_oneline']}][{ref(paper_url(row))}]"
        out += ["### " + line for line in wrap(title, 74, rng)] + [""]
        out += [f"* {len(row['authors'])} authors", ""]
        abstract = wrap(row["abstract_oneline"], 78, rng)
        if truncate and last:
            out += ["[", *abstract[: max(1, len(abstract) // 2)], "", "[Content truncated]"]
            break
        out += ["[", *abstract, f"][{ref(paper_url(row))}]", ""]
        if row.get("submitted_by"):
            out += ["Submitted by", row["submitted_by"], ""]
        out += [f"[{row.get('num_comments') or 0}][{ref(paper_url(row) + '#community')}]", ""]
    if not truncate:
        out += ["References", ""] if rng.random() < 0.3 else []
        kept = refs[: int(len(refs) * keep_refs)]
        out += [f"[{i}]: {url}" for i, url in enumerate(kept, start=1)]
    return "\n".join(out)


# ---------------------------------------------------------------- plain text with a link under every line

def linked_text_export(rows: Sequence[dict], day: str, rng: random.Random, *, blank_lines: bool = False) -> str:
    """A plain-text export that writes each link's address on the line under its text."""
    out = ["Hugging Face", f"{HF}/"]
    for name in NAV:
        out += [name, f"{HF}/{name.lower()}"]
    out += ["Daily Papers", f"{HF}/papers", "by AK and the research community", written_date(day)]
    for row in rows:
        card = [f" [-] {row.get('upvotes') or 0}", login_url(row), row["title_oneline"], paper_url(row)]
        card += [row["abstract_oneline"], paper_url(row), "[", "", f"{len(row['authors'])} authors]({paper_url(row)})"]
        if row.get("organization"):
            card += [row["organization"], f"{HF}/{row['organization'].replace(' ', '')}"]
        card.append("·")
        if row.get("published_at"):
            card.append(written_date(row["published_at"][:10], year=rng.random() < 0.5))
        card.append(str(row.get("num_comments") or 0))
        out += card + ([""] if blank_lines else [])
    out += ["Previous", f"{HF}/papers?date={day}", "System theme", "Trending Papers ranked by GitHub stars activity"]
    return "\n".join(out)


# ---------------------------------------------------------------- trending pages

def trending_copy(rows: Sequence[dict], rng: random.Random) -> tuple[str, list[tuple[str, str, str]]]:
    """A copy of /papers/trending: every card twice, each with the full abstract or the
    one-sentence AI summary; a GitHub button, an arXiv Page link, "[Upvote" / blank /
    "117](…)", "Published on …", image placeholders and anchors, and a header that
    reads like a daily list's. Returns the text and the expected papers (the summary
    is expected as the abstract when no card of the paper had the full one)."""
    out = ["[图片：无替代文本]", "", "# Daily Papers", "", "by AK and the research community", ""]
    out += ["Get trending papers in your email inbox!", "", "[Subscribe](https://huggingface.co/subscribe)", ""]
    out += ["## Trending Papers", "", "Trending Papers ranked by GitHub stars activity", ""]
    shown: dict[str, bool] = {}
    cards = []
    for _ in range(2):
        for row in rows:
            full = not row.get("ai_summary") or rng.random() < 0.5
            shown[row["arxiv_id"]] = shown.get(row["arxiv_id"], False) or full
            cards.append((row, full))
    for row, full in cards:
        out += [f'<a id="{row["arxiv_id"]}"></a>', ""]
        out += [rng.choice(["[图片：无替代文本]", f"[![]({THUMB.format(row['arxiv_id'])})]({paper_url(row)})"]), ""]
        out += [f"### [{md_escape(row['title_oneline'])}]({paper_url(row)})", ""]
        if row.get("published_at"):
            out += [f"Published on {written_date(row['published_at'][:10], year=True)}", ""]
        out += ["[Upvote", "", f"{row.get('upvotes') or 0}]({login_url(row)})", ""]
        out += [md_escape(row["abstract_oneline"] if full else row["ai_summary"]), ""]
        if row.get("github_url"):
            stars = rng.choice(["131", "2.4k", "11.3k"])
            out += [rng.choice([f"[GitHub {stars}]({row['github_url']})", f"[LINK: GitHub {stars}]({row['github_url']})"]), ""]
        out += [f"[arXiv Page](https://arxiv.org/abs/{row['arxiv_id']})", ""]
    want = [
        (row["title_oneline"], row["abstract_oneline"] if shown[row["arxiv_id"]] else row["ai_summary"], row["arxiv_id"])
        for row in rows
    ]
    return "\n".join(out), want


# ---------------------------------------------------------------- hard-wrapped text

def hyphen_wrapped_digest(rows: Sequence[dict], day: str, width: int) -> str:
    """The plain digest wrapped by a tool that breaks lines after the hyphens of words."""
    lines = ["Daily Papers", "", written_date(day, year=True), ""]
    for row in rows:
        lines += wrap(row["title_oneline"], width, random.Random(0)) + [""]
        lines += wrap(row["abstract_oneline"], width, random.Random(0)) + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------- saved HTML

def saved_papers_page(items: list[dict], day: str) -> str:
    """"Save page as…" of a daily papers page: the list's data in its hydration attribute."""
    props = html.escape(json.dumps({"dailyPapers": items, "date": day, "sortBy": "trending"}), quote=True)
    cards = "\n".join(
        f'<article class="card"><h3><a href="/papers/{i["paper"]["id"]}">{html.escape(i["paper"]["title"])}</a></h3>'
        f"<div>{i['paper'].get('upvotes', 0)}</div></article>"
        for i in items
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>\n'
        '<script>window.hubConfig = {"features": []};</script></head>\n<body>\n'
        '<nav><a href="/models">Models</a><a href="/datasets">Datasets</a></nav>\n'
        '<div class="SVELTE_HYDRATER contents" data-target="UserMenu" data-props="{&quot;user&quot;:null}"></div>\n'
        f'<main><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{props}">\n'
        f"<h1>Daily Papers</h1>\n{cards}\n</div></main>\n<footer>System theme</footer>\n</body>\n</html>\n"
    )


def structured_html(rows: Sequence[dict], day: str, rng: random.Random) -> str:
    """HTML saved from elsewhere (a newsletter, a blog): headings, paragraphs and links."""
    body = [f"<h1>Papers of the day</h1>\n<p class=date>{written_date(day, year=True)}</p>"]
    for row in rows:
        title = html.escape(row["title"])  # as published: titles hard-wrapped in the source too
        abstract = html.escape(row["abstract"]).replace("\n", rng.choice(["\n", " ", "\n  "]))
        body.append(
            f'<div class="paper">\n  <h2><a href="https://arxiv.org/abs/{row["arxiv_id"]}">{title}</a></h2>\n'
            f"  <p class=\"meta\">{len(row['authors'])} authors</p>\n  <p>{abstract}</p>\n</div>"
        )
    return (
        "<!doctype html>\n<html><head><title>Reading list</title><style>p{margin:0}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n<footer><p>Sent with love</p></footer>\n</body></html>\n"
    )

