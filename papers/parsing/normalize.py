"""Whitespace and title normalisation shared by the readers (wrapped lines: `wrapping`)."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def one_line(text: str) -> str:
    """Collapse every whitespace run (hard wraps included) to one space."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=65_536)  # the parser and the importer both key every title of a file
def title_key(title: str) -> str:
    """The key two titles share when they name the same paper.

    Case, accents' composed forms, punctuation and spacing differ between sources
    ("Depth Anything V2" vs "Depth Anything v2"), so none of them count.
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
