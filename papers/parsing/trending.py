"""Tell a copy of the trending page (/papers/trending) from a copy of a daily list.

Whatever its syntax, a trending page lists every card twice and gives most a code
button linking to the repository ("[GitHub 131](…)"); the daily lists do neither. Only the
format shown to the administrator changes: duplicates and AI summaries are handled
the same way in every file (`duplicates`).
"""

from __future__ import annotations

from .records import Format, ParseResult

_TEXT_FORMATS = {Format.PAGE_TEXT, Format.LINKED_TEXT, Format.MARKDOWN, Format.TEXT_BROWSER, Format.HTML}
_REPEATED_SHARE = 0.3  # of the papers kept


def mark_trending(result: ParseResult, text: str, listed: int) -> None:
    kept = len(result.papers)
    if result.format not in _TEXT_FORMATS or not kept:
        return
    repeated = listed - kept >= max(2, _REPEATED_SHARE * kept)
    # A trending card's code button, as a link; a daily list's copy has "GitHub 1.2k" star counts, not links.
    buttons = 2 * (text.count("[GitHub ") + text.count("LINK: GitHub")) >= kept
    if repeated or buttons:
        result.format = Format.TRENDING
