"""BibTeX for a paper: pure function over the stored fields."""

from __future__ import annotations

import re
import unicodedata


def _bibtex_text(text: str) -> str:
    # Braces must balance in BibTeX; a stray backslash starts a command.
    return re.sub(r"[{}\\]", "", " ".join(text.split()))


def _ascii_word(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", plain)


def citation_key(title: str, authors: list[str], year: int) -> str:
    surname = _ascii_word(authors[0].split()[-1]).lower() if authors else ""
    first_word = next((w for w in (_ascii_word(w) for w in title.split()) if len(w) > 3), "paper").lower()
    return f"{surname or 'anon'}{year}{first_word}"


def bibtex(
    *, title: str, authors: list[str], arxiv_id: str | None, year: int, url: str, code_url: str = "", key: str = ""
) -> str:
    fields = [("title", "{" + _bibtex_text(title) + "}")]
    if authors:
        fields.append(("author", " and ".join(_bibtex_text(a) for a in authors)))
    fields.append(("year", str(year)))
    if arxiv_id:
        fields += [("eprint", arxiv_id), ("archivePrefix", "arXiv"), ("url", f"https://arxiv.org/abs/{arxiv_id}")]
    else:
        fields.append(("url", url))
    if code_url:
        fields.append(("note", f"Code: {code_url}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(title, authors, year)},\n{body}\n}}"


def paper_year(arxiv_id: str | None, fallback: int) -> int:
    """The year an arXiv id was issued (YYMM.NNNNN), else the fallback."""
    if arxiv_id and re.match(r"^\d{4}\.", arxiv_id):
        return 2000 + int(arxiv_id[:2])
    return fallback
