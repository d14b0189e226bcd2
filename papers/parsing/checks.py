"""The last check before a record may become a paper: no page syntax left in it.

Whatever a reader made of a file, a title or an abstract that still holds Markdown
or page furniture (`](http`, `][`, a leading `###`, a lone `[`, `Upvote`, an image
placeholder, a URL in a title) is a reader's mistake or a shape nobody has seen. It
is reported as an error with its line, so the file is refused and nothing wrong is
stored; a wrong row would poison search, counts and bookmarks for good.
"""

from __future__ import annotations

import re

from .records import PaperRecord, ParseResult

_EVERYWHERE = [
    (re.compile(r"\]\(|\]\[\d*\]|!\[[^\]]{0,200}\]"), "link or image syntax"),
    (re.compile(r"^#{1,6}(?:\s|$)"), "a Markdown heading mark"),
    (re.compile(r"(?:^|\s)[\[\]](?:\s|$)"), "a lone bracket"),
    (re.compile(r"\[(?:图片|圖片|图像|画像|image|img)\b", re.I), "an image placeholder"),
    (re.compile(r"</?(?:a|img|br|span|div|p|h[1-6]|li|ul)\b[^<>]{0,300}>|<a\s", re.I), "HTML"),
    (re.compile(r"(?:^|\s)\\{1,2}(?:\s|$)|\\{1,2}$"), "a Markdown line-break mark"),
    (re.compile(r"(?:^|\s)Upvote(?:\s|\d|$)"), "the Upvote button"),
    (re.compile(r"\{[.#][A-Za-z][\w-]*[^{}]*\}|(?:^|\s):::"), "pandoc attributes or a fenced div"),
    (re.compile(r"(?<!\])\[\d{1,5}\][^\s\d,.;:)\]\[(]"), "a text browser's numbered link mark"),
]
_TITLE_ONLY = [
    (re.compile(r"https?://|\bwww\.|\b(?:huggingface\.co|arxiv\.org|github\.com)/", re.I), "a URL"),
    (re.compile(r"\bupvote", re.I), "the Upvote button"),
    (re.compile(r"^(?:[-*+•]\s|\W*\d+\s+authors?\W*$)"), "a list bullet or an author count"),
]
_ONLY_A_URL = re.compile(r"^\S*(?:://|www\.)\S*$")


def _unbalanced(text: str) -> bool:
    """A "[" never closed or a "]" never opened: a link cut in two ("[0, 1)" is fine)."""
    return text.count("[") != text.count("]") and ("[" not in text or "]" not in text)


def _may_hold_syntax(text: str, title: bool) -> bool:
    """Whether a pattern can match at all: a few scans of the text instead of ten regexes."""
    if any(mark in text for mark in _MARKS) or text.startswith("#"):
        return True
    return title and (
        any(mark in text for mark in _TITLE_MARKS) or "upvote" in text.lower() or text[:2] in _BULLETS
        or text.endswith(("author", "authors"))
    )


_MARKS = ("[", "]", "<", "\\", "Upvote", "{", ":::")
_TITLE_MARKS = ("http", "www.", "huggingface.co/", "arxiv.org/", "github.com/", "GitHub.com/")
_BULLETS = ("- ", "* ", "+ ", "• ")


def syntax_left(paper: PaperRecord) -> str | None:
    """What page syntax a record still holds, or None when it reads as plain text."""
    for field, text in (("title", paper.title), ("abstract", paper.abstract)):
        if not _may_hold_syntax(text, title=field == "title"):
            continue
        for pattern, what in _EVERYWHERE + (_TITLE_ONLY if field == "title" else []):
            if pattern.search(text):
                return f"its {field} still holds {what}"
        if field == "title" and _unbalanced(text):
            return "its title holds half a link (an unmatched bracket)"
    if _ONLY_A_URL.match(paper.abstract):
        return "its abstract is only a link"
    return None


def refuse_syntax_left(result: ParseResult) -> None:
    """Every record with page syntax left becomes an error with its line, not a paper."""
    kept = []
    for paper in result.papers:
        what = syntax_left(paper)
        if what is None:
            kept.append(paper)
            continue
        shown = paper.title if len(paper.title) <= 80 else paper.title[:79] + "…"
        result.error(
            f"“{shown}” is not a clean paper: {what}. The file may be a page copy of a shape "
            "Lectern does not read yet; nothing of it is imported",
            paper.line,
        )
    result.papers = kept
