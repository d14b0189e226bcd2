"""Markdown copies of a papers page, and the dumps text browsers make.

Page-to-Markdown tools (web clippers, scrapers, reader modes) write a card's title
as a heading `### [Title](https://huggingface.co/papers/<id>)`, the abstract as one
link, counts and author lists as links, escape punctuation (`\\_`, `\\[`, `2024\\.`)
and keep line breaks as a trailing `\\` or two spaces. Text browsers number their
links (`[Title][32]`, with `[32]: https://…` at the end, perhaps cut off), wrap a
long heading onto a second `### ` line and bullet the author count (`* 3 authors`).

This module undoes the block syntax (headings, lists, quotes, fences, rules, the
wrap markers and reference definitions); `inline` undoes links, images, escapes and
emphasis; `text_format` then finds the papers in what a reader of the page sees.
"""

from __future__ import annotations

import functools
import re

from .inline import Options, render
from .records import Format, ParseResult, ReadContext
from .source import split_lines
from .text_format import parse_lines

ESCAPE_SAMPLE = 300_000  # characters read to tell a converter's escapes from raw LaTeX

_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")  # "## Title ##": the closing sequence is no part of it
_DEFINITION = re.compile(r"^\s{0,3}\[([^\[\]\n]{1,100})\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?\s*$")
_BULLET = re.compile(r"^\s{0,6}[-*+•][ \t]+(?=\S)")
_QUOTE = re.compile(r"^\s{0,3}>[ \t]?")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~|:::)")  # code fences, and pandoc's fenced divs ("::: {.flex}")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")  # the line under a heading: "Title" / "====="
_HEADING_ATTRIBUTES = re.compile(r"\s*\{[#.-][^{}]*\}\s*$")  # pandoc's "## Title {#id .class}"
_RULE = re.compile(r"^\s{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_RULE_STARTS = frozenset("`~-*_=:")
_BULLET_STARTS = frozenset("-*+•")
_WRAP_MARKER = re.compile(r"[ \t]*\\+$")  # "\\" or "\" (from "\  ") ending a line: a line break
_REFERENCES_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:references|links|visible links|hidden links)\s*:?\s*$", re.I)
_NUMBERED_REFERENCE = re.compile(r"^\s*(\d{1,5})\.\s+(\S+://\S+)\s*$")

# What only Markdown writes. Counted on whole lines, so prose that mentions a "#" or a
# "[1]" does not make a file Markdown.
_SIGNALS = {
    "heading": re.compile(r"^\s{0,3}#{1,6}\s+\S", re.M),
    "setext": re.compile(r"(?<=\S)\n {0,3}(?:={3,}|-{3,})[ \t]*$", re.M),  # a text line over "====="
    "image": re.compile(r"!\[[^\]\n]{0,200}\]\(", re.M),
    "wrap": re.compile(r"\\[ \t]*$", re.M),  # starts with its backslash: a fast scan
    "escape": re.compile(r"\\[\[\]_*#`@~^]|\d\\\.|\\\\[%&$]"),
    "attributes": re.compile(r"[)\]]\{[.#][\w-]"),  # pandoc: [text](url){.class}
    "reference": re.compile(r"\]\[\d{1,5}\]"),
    "definition": re.compile(r"^\s{0,3}\[\d{1,5}\]:\s*\S", re.M),
    "inline": re.compile(r"\]\((?:https?://|/|#)"),
}
# LaTeX a raw abstract holds ("88\%", "\&", "\textbf"): a file with it is not a
# converter's output, which would have doubled the backslash.
_RAW_BACKSLASH = re.compile(r"(?<!\\)\\[%&A-Za-z]")
_CONVERTER_ESCAPE = re.compile(r"\\[\[\]_*`$@~^<>]|\\\\|\d\\\.")


def _signals(text: str) -> dict[str, int]:
    return _signals_of(text if len(text) < 60_000 else text[:60_000])


@functools.lru_cache(maxsize=2)  # detect() and parse() read the same start of the same file
def _signals_of(sample: str) -> dict[str, int]:
    return {name: len(pattern.findall(sample)) for name, pattern in _SIGNALS.items()}


def detect(text: str) -> float:
    found = _signals(text)
    # Not bold alone: real abstracts write "**C**hinese **I**mage **I**mplication".
    marked = found["heading"] + found["setext"] + found["image"] + found["wrap"] + found["escape"] + found["attributes"]
    references = found["reference"] + found["definition"]
    if marked >= 2 or references >= 3 or (marked and references):
        return 0.6
    return 0.0


def parse(text: str, context: ReadContext) -> ParseResult:
    found = _signals(text)
    lines = split_lines(text)
    refs, lines = _references(lines)
    sample = text[:ESCAPE_SAMPLE]  # a converter escapes the same way all through a file
    escaped = bool(_CONVERTER_ESCAPE.search(sample)) and not _RAW_BACKSLASH.search(sample)
    numbered, headings = _blocks(lines)
    source = render(numbered, Options(refs=refs, markdown=True, escaped=escaped), heading_at=headings)
    text_browser = found["reference"] + found["definition"] > found["inline"]
    return parse_lines(source, context, format=Format.TEXT_BROWSER if text_browser else Format.MARKDOWN)


def _references(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Reference definitions ("[32]: https://…", or a numbered list under "References")
    taken out of the lines, which keep their numbers (blank where a definition stood)."""
    refs: dict[str, str] = {}
    out = list(lines)
    in_list = False
    for at, line in enumerate(lines):
        if "]:" in line and (match := _DEFINITION.match(line)):
            refs.setdefault(match[1].strip().lower(), match[2])
            out[at] = ""
        elif len(line) < 30 and _REFERENCES_HEADING.match(line):
            in_list = True
        elif in_list and (match := _NUMBERED_REFERENCE.match(line)):
            refs.setdefault(match[1], match[2])
            out[at] = ""
        elif line.strip():
            in_list = False
    return refs, out


def _blocks(lines: list[str]) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """Numbered lines with block syntax undone, and the lines where headings start, with their levels.

    A heading stands apart (blank lines around it); the next line continuing it with
    the same "### " is the same title wrapped. A line holding only a wrap marker is
    dropped (it is no paragraph break); fences and rules are blank. A bullet is taken
    off a list item ("* 3 authors"): a line that starts a paragraph or follows another
    item, never a wrapped line of prose that happens to start with "- ".
    """
    out: list[tuple[int, str]] = []
    headings: dict[int, int] = {}
    level = 0  # the level of a heading still open
    in_list = False
    for number, raw in enumerate(lines, start=1):
        first = raw.lstrip()[:1]  # most lines start with a letter or a link: no pattern to try
        if first in "=-" and _SETEXT.match(raw) and out and out[-1][1].strip() and not level and not in_list:
            number_before, before = out.pop()  # "Title" over "=====": a heading (level 1, or 2 under "---")
            out += [(number_before, ""), (number_before, before)]
            headings[number_before] = 1 if first == "=" else 2
            level = 0
            out.append((number, ""))
            continue
        if first in _RULE_STARTS and (_FENCE.match(raw) or _RULE.match(raw)):
            out.append((number, ""))
            level = 0
            continue
        line = raw
        while first == ">" and _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
            first = line.lstrip()[:1]
        if line.endswith("\\"):  # lines come right-stripped: "\\  " ends in a backslash here
            line = _WRAP_MARKER.sub("", line)
            if not line.strip():
                continue  # a line of its own for the break: not a blank line
        heading = _HEADING.match(line) if first == "#" else None
        if heading:
            text = heading[2] or ""
            if text.endswith("#"):
                text = _CLOSING_HASHES.sub("", text)
            if text.endswith("}"):
                text = _HEADING_ATTRIBUTES.sub("", text)
            if level == len(heading[1]) and out:
                number_before, before = out.pop()  # a wrapped title: one heading
                out.append((number_before, f"{before}\n{text}"))
            else:
                out += [(number, ""), (number, text)]
                headings[number] = len(heading[1])
            level = len(heading[1])
            continue
        if level:
            out.append((number, ""))  # the heading ends
            level = 0
        starts_paragraph = not out or not out[-1][1].strip()
        bullet = _BULLET.match(line) if first in _BULLET_STARTS and (starts_paragraph or in_list) else None
        in_list = bullet is not None or (in_list and not line.strip())
        out.append((number, line[bullet.end() :] if bullet else line))
    return out, headings
