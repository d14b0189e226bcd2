"""The one place that decides how a file is read.

Each input shape has a reader module with the same small interface:
`detect(text) -> float` (how surely the text is of that shape, 0 to 1) and
`parse(text, context) -> ParseResult`. The most sure reader reads the file; on a
tie the earlier one in READERS wins. A new shape is a new module added here.
"""

from __future__ import annotations

from types import ModuleType

from . import api_json, arxiv_feed, html_page, lynx, markdown, text_format
from .records import ParseResult, ReadContext

READERS: tuple[ModuleType, ...] = (api_json, arxiv_feed, html_page, lynx, markdown, text_format)


def choose(text: str, filename: str = "") -> ModuleType:
    """The reader for a text; a file named .html or .htm is HTML whatever its start."""
    if filename.lower().endswith((".html", ".htm", ".xhtml")) and html_page.detect(text) > 0:
        return html_page
    best, best_score = text_format, 0.0
    for reader in READERS:
        score = reader.detect(text)
        if score > best_score:
            best, best_score = reader, score
    return best


def read(text: str, context: ReadContext) -> ParseResult:
    # One kind of line end for every reader's patterns ("^" and "$" know only "\n").
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return choose(text, context.filename).parse(text, context)
