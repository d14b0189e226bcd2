"""Hard-wrapped lines back into one line, and how a paragraph ends.

Wrapping tools break lines at spaces and after the hyphens inside words
("Multi-" / "Resolution"): such a hyphen is part of the word, so the lines join
with no space and the hyphen stays. A hyphen standing alone ("model -" / "which")
or after a space is a dash, and a word whose hyphen is followed by "and", "or",
"to" ... is a suspended hyphen ("high- and low-resolution"): both keep their space.
A line starting with a double-hyphen dash joined to a word ("--and") was broken
before the dash, so it joins the line before with no space.

One case cannot be told apart: a source that already had a space after a word's
hyphen ("To sup- port", a PDF's broken word), wrapped right there, reads back as
"sup-port". Only a dictionary could tell, and both forms are rare.
The 649 real abstracts, wrapped at 80 columns by arXiv, hold eight lines that end
in a hyphen; each is one of those two, and these rules give their published form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HYPHENS = ("-", "\u2010")  # hyphen-minus, hyphen
# Words after which a hyphen at a line's end was suspended: "pre- and post-training".
# Not "to": a tool breaking "model-to" after its hyphen is likelier than "pre- to post-".
_SUSPENDED_BEFORE = frozenset("and or nor & und et ou".split())
_WORD_HYPHEN = re.compile(r"[^\W_][-\u2010]+$")  # a hyphen run right after a letter or digit
_DASH_START = re.compile(r"-{2,}[^\W_]")
# The last and first characters that may join two lines, and the same hidden as escapes
# (inline.hide_escapes shifts "-" to U+E02D while links are read).
_MAY_JOIN_END = frozenset("-\u2010\ue02d")
_MAY_JOIN_START = frozenset("-\ue02d")


def joins_without_space(before: str, after: str) -> bool:
    """Whether a line ending in `before` continues into `after` inside one word."""
    if after.startswith("--") and _DASH_START.match(after) and before[-1:].isalnum():
        return True  # "screenshots" / "--and": a wrapping tool breaks before a double-hyphen dash
    if not before.endswith(_HYPHENS) or not _WORD_HYPHEN.search(before[-8:]):
        return False
    first = after.split(None, 1)[0] if after.strip() else ""
    if not first:
        return False
    suspended = not before.endswith(("--", "\u2010\u2010")) and first.lower() in _SUSPENDED_BEFORE
    return not suspended  # "high- and low-": a suspended hyphen; "screenshots--" / "and": a dash


def join_wrapped(parts: list[str], view: Callable[[str], str] | None = None) -> str:
    """Join wrapped lines into one line: white space runs become one space, and a
    line ending inside a hyphenated word joins the next with no space. `view` gives
    the text a reader sees when the parts still hide escaped characters."""
    pieces: list[str] = []
    previous = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if pieces and not (
            # Only a hyphen at the end or a dash at the start can join two lines.
            (previous[-1] in _MAY_JOIN_END or part[0] in _MAY_JOIN_START)
            and (joins_without_space(previous, part) if view is None else joins_without_space(view(previous), view(part)))
        ):
            pieces.append(" ")
        pieces.append(part)
        previous = part
    return single_spaced("".join(pieces))


def single_spaced(text: str) -> str:
    """White space runs as one space. A printable ASCII line (no tab, no line break)
    without a double space needs no split; isascii() is free, a CPython flag."""
    if text.isascii() and "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def unwrap_paragraphs(text: str) -> str:
    """Join hard-wrapped lines; keep paragraph breaks (blank lines) as one blank line."""
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(p for p in (join_wrapped(p.split("\n")) for p in paragraphs) if p)


_CLOSERS = "'\"”’)]}"


def ends_sentence(text: str) -> bool:
    """Ends with a full stop, perhaps inside quotes or brackets ("... (Fig. 2).", "…”)."""
    return text.rstrip(_CLOSERS).endswith((".", "。"))  # not a $-anchored regex: O(1) on an abstract


# The last word of a finished abstract: a sentence's end, or a link (many end with
# "Code: https://github.com/o/r"). Real ones end so but for 3 in 649.
_FINISHED_END = (".", "!", "?", "。", "！", "？", "…", ")", "]", "}", "”", "’", '"', "'", "%")
# A link a reader could follow: a scheme and a dotted host, or a dotted host with a path.
_LINKISH = re.compile(r"^\(?(?:\w+://)?[\w-]+(?:\.[\w-]+)+(?:[/:#?]\S*)?$|^\(?\w+://[\w-]+(?:\.[\w-]+)+", re.I)


def looks_finished(text: str) -> bool:
    """Whether a paragraph ends like a whole one, not cut off mid-sentence."""
    text = text.rstrip()
    if not text:
        return False
    if text.endswith(_FINISHED_END):
        return True
    last = text.rsplit(None, 1)[-1]
    return "." in last and bool(_LINKISH.match(last)) and not last.endswith((":", ":/", "://"))
