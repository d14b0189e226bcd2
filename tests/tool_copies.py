"""Real papers as more tools save a papers page: a second set of generators (see tests/shapes.py).

Written from how each tool writes a page: lynx's own dump (numbered marks glued to
link text, a References list, perhaps "Visible links:" and "Hidden links:", or none
at all with -nolist), pandoc's Markdown (attribute blocks, fenced divs, its wider
escapes, links relative to the site), turndown's setext headings, a browser's "Save
as text" (a link's address after its text, `Title <https://…>`), Ctrl+A copies with a
line break between every block, and w3m (images as their alt text). Each returns
(text, whether the shape carries arXiv ids).
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Sequence

from tests.digests import written_date
from tests.shapes import login_url, markdown_escape, paper_url

NAV = ["Models", "Datasets", "Spaces", "Community", "Docs", "Pricing"]


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False) or [indent + text]


def lynx_dump(rows: Sequence[dict], day: str, rng: random.Random, *, listing: str = "references") -> tuple[str, bool]:
    """lynx -dump: "[17]Title"; listing is "references", "visible-hidden" or "none" (-nolist)."""
    refs: list[str] = []
    hidden: set[int] = set()

    def mark(url: str, hide: bool = False) -> str:
        refs.append(url)
        if hide:
            hidden.add(len(refs))
        return f"[{len(refs)}]"

    out = [f"   {mark('https://huggingface.co/')}Hugging Face's logo Hugging Face"]
    out += [f"     * {mark('https://huggingface.co/' + name.lower())}{name}" for name in NAV]
    out += ["", "Daily Papers", "", f"   by {mark('https://huggingface.co/akhaliq')}AK and the research community", ""]
    out += ["   ____________________ Submit", "", f"   {written_date(day)}", ""]
    for row in rows:
        mark(paper_url(row), hide=True)  # the thumbnail: a link with no text
        out += [f"   {mark(login_url(row))}Upvote", f"   {row.get('upvotes') or 0}", ""]
        out += _wrap(mark(paper_url(row)) + row["title_oneline"], 79) + [""]
        out += [f"   {mark(paper_url(row))}· {len(row['authors'])} authors", ""]
        out += _wrap(row["abstract_oneline"], 76, "   ") + [""]
        out += [f"   {mark(paper_url(row) + '#community')}{row.get('num_comments') or 0}", ""]
    if listing == "references":
        out += ["References", ""] + [f"{i:4d}. {url}" for i, url in enumerate(refs, 1)]
    elif listing == "visible-hidden":
        out += ["References", "", "   Visible links:"]
        out += [f"{i:4d}. {url}" for i, url in enumerate(refs, 1) if i not in hidden]
        out += ["", "   Hidden links:"] + [f"{i:4d}. {refs[i - 1]}" for i in sorted(hidden)]
    return "\n".join(out) + "\n", listing != "none"


def pandoc_escape(text: str) -> str:
    """pandoc -t markdown's escapes: more than turndown's ($, ^, ~, @ and <)."""
    escaped = "".join("\\" + c if c in "\\*`[]<$^~@" else c for c in text)
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", escaped)


def pandoc_markdown(rows: Sequence[dict], day: str, rng: random.Random) -> tuple[str, bool]:
    """pandoc -t markdown of a saved page: {.class} attributes, ::: divs, links relative to the site."""
    out = ["::: {.flex .items-center}", "[Hugging Face](/){.flex .flex-none}", ":::", ""]
    out += [f"-   [{name}](/{name.lower()}){{.group .flex}}" for name in NAV]
    out += ["", "# Daily Papers {#daily-papers .text-2xl}", "", "by [AK](/akhaliq){.underline} and the research community"]
    out += ["", f"[{written_date(day)}]{{.font-semibold}}", ""]
    for row in rows:
        out += ["::::: {.relative .flex .flex-col}", f"[![](/thumbs/{row['arxiv_id']}.png){{.h-full}}](/papers/{row['arxiv_id']}){{.block}}", ""]
        out += ["::: {.shadow-alternate .flex}", f"[Upvote]{{.sr-only}} {row.get('upvotes') or 0}", ":::", ""]
        out += [f"### [{pandoc_escape(row['title_oneline'])}](/papers/{row['arxiv_id']}){{.line-clamp-3}}", ""]
        out += [f"[· {len(row['authors'])} authors]{{.text-sm}}", ""]
        out += _wrap(pandoc_escape(row["abstract_oneline"]), 72) + [""]
        out += [f"[{row.get('num_comments') or 0}](/papers/{row['arxiv_id']}#community){{.flex}}", ":::::", ""]
    return "\n".join(out), True


def turndown_setext(rows: Sequence[dict], day: str, rng: random.Random) -> tuple[str, bool]:
    """turndown's default heading style: a title over a line of "-" (h2) or "=" (h1)."""
    out = ["[Hugging Face](https://huggingface.co/)", ""] + [f"*   [{n}](https://huggingface.co/{n.lower()})" for n in NAV]
    out += ["", "Daily Papers", "============", "", written_date(day), "------", ""]
    for row in rows:
        title = markdown_escape(row["title_oneline"])
        out += [f"[{row.get('upvotes') or 0}]({login_url(row)})", "", f"[{title}]({paper_url(row)})", "-" * min(len(title) + 4, 200), ""]
        out += [f"*   {len(row['authors'])} authors", "", markdown_escape(row["abstract_oneline"]), "", "* * *", ""]
    return "\n".join(out), True


def saved_as_text(rows: Sequence[dict], day: str, rng: random.Random) -> tuple[str, bool]:
    """A browser's "Save page as > Text": each link's address after its text, "Title <https://…>"."""
    out = ["Hugging Face <https://huggingface.co/>", ""] + [f"  * {n} <https://huggingface.co/{n.lower()}>" for n in NAV]
    out += ["", "  Daily Papers", "", "by AK <https://huggingface.co/akhaliq> and the research community", "", written_date(day), ""]
    for row in rows:
        out += [f" <{paper_url(row)}>", "", f"Upvote {row.get('upvotes') or 0} <{login_url(row)}>", "", ""]
        out += _wrap(f"{row['title_oneline']} <{paper_url(row)}>", 72) + [""]
        out += [f" · {len(row['authors'])} authors <{paper_url(row)}>", ""] + _wrap(row["abstract_oneline"], 72) + [""]
        out += [f"{row.get('num_comments') or 0} <{paper_url(row)}#community>", ""]
    return "\n".join(out), True


def select_all_copy(rows: Sequence[dict], day: str, rng: random.Random) -> tuple[str, bool]:
    """Ctrl+A, Ctrl+C in a browser: one line break between blocks, the organisation under the abstract."""
    out = ["Hugging Face", *NAV, "Log In", "Sign Up", "Daily Papers", "by AK and the research community", "Daily",
           "Weekly", "Monthly", written_date(day), "Previous", "Next"]
    for row in rows:
        if row.get("submitted_by"):
            out += ["Submitted by", row["submitted_by"]]
        out += ["Upvote", str(row.get("upvotes") or 0), row["title_oneline"], f" · {len(row['authors'])} authors"]
        out += [row["abstract_oneline"]] + ([row["organization"]] if row.get("organization") else [])
        out += [str(row.get("num_comments") or 0)]
    return "\n".join(out + ["Previous", "System theme", "Company", "TOS", "Privacy"]), False


def w3m_dump(rows: Sequence[dict], day: str, rng: random.Random) -> tuple[str, bool]:
    """w3m -dump: images as their alt text in brackets ("[avatar][avatar] · 12 authors")."""
    out = ["[huggingface_logo] Hugging Face", ""] + [f"  • {n}" for n in NAV]
    out += ["", "Daily Papers", "", "by AK and the research community", "", written_date(day), "", "Previous Next", ""]
    for row in rows:
        out += ["[IMG]", "Upvote", str(row.get("upvotes") or 0), ""] + _wrap(row["title_oneline"], 80) + [""]
        out += [f"[avatar][avatar] · {len(row['authors'])} authors", ""] + _wrap(row["abstract_oneline"], 80) + [""]
        out += [str(row.get("num_comments") or 0), ""]
    return "\n".join(out + ["System theme"]) + "\n", False


TOOLS = {
    "lynx": lynx_dump,
    "lynx-visible-hidden": lambda rows, day, rng: lynx_dump(rows, day, rng, listing="visible-hidden"),
    "lynx-nolist": lambda rows, day, rng: lynx_dump(rows, day, rng, listing="none"),
    "pandoc-markdown": pandoc_markdown,
    "turndown-setext": turndown_setext,
    "saved-as-text": saved_as_text,
    "select-all-copy": select_all_copy,
    "w3m": w3m_dump,
}
