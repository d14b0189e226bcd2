"""Card and footer chrome in the shapes other copies of the papers pages give it."""

import datetime as dt
import re

import pytest

from papers.parsing import parse_digest
from tests.digests import page_copy, papers_by_date, plain_digest

DAY = "2026-05-19"
ROWS = papers_by_date()[DAY]
TODAY = dt.date(2026, 5, 19)
URL = re.compile(r"^https://huggingface\.co/papers/(\S+)$", re.M)


def expected():
    return [(row["title_oneline"], row["arxiv_id"]) for row in ROWS]


def read(text):
    result = parse_digest(text.encode(), today=TODAY)
    assert result.ok, result.problems
    return [(p.title, p.arxiv_id) for p in result.papers]


@pytest.mark.parametrize("urls_first", [False, True], ids=["card-after", "card-before"])
@pytest.mark.parametrize("form", [r"arXiv:\1", r"arxiv: \1v1", r"\1", r"[\1]"], ids=["arxiv-prefix", "arxiv-version", "bare", "bracketed"])
def test_arxiv_ids_written_without_a_url(form, urls_first):
    text = URL.sub(form, page_copy(ROWS, DAY, urls_first=urls_first))
    assert "huggingface.co/papers/" not in text
    assert read(text) == expected()


@pytest.mark.parametrize("urls_first", [False, True], ids=["card-after", "card-before"])
def test_counts_copied_as_one_tab_separated_row(urls_first):
    lines = page_copy(ROWS, DAY, urls_first=urls_first).split("\n")
    joined = []
    for line in lines:
        # After the URL: "6 authors" or the organisation, "·", the date, the comment count
        if joined and "\t" not in joined[-1] and URL.match(joined[-1]):
            joined.append(line)
        elif joined and (URL.match(joined[-2] if len(joined) > 1 else "") or "\t" in joined[-1]) and line and not line.startswith("Submitted"):
            joined[-1] += "\t" + line
        else:
            joined.append(line)
    text = "\n".join(joined)
    assert "\t·\t" in text and "authors\t·\t" in text
    assert read(text) == expected()


def test_counts_with_an_emoji_before_them():
    text = re.sub(r"^\[-\] (\d+)$", "\N{THUMBS UP SIGN} \\1", page_copy(ROWS, DAY), flags=re.M)
    text = re.sub(r"^(\d+)$", "\N{SPEECH BALLOON} \\1", text, flags=re.M)
    assert "\N{SPEECH BALLOON} " in text
    assert read(text) == expected()


def test_copyright_footer_is_not_a_title_without_abstract():
    text = plain_digest(ROWS, DAY, year=True) + "\n\u00a9 2026 Hugging Face\n"
    result = parse_digest(text.encode())
    assert result.ok, result.problems
    assert len(result.papers) == len(ROWS)
