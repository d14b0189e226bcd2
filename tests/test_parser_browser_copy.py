"""What browsers and editors leave in copied text: invisible characters and other line ends."""

import datetime as dt

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import SEED, page_copy, papers_by_date, plain_digest

TODAY = dt.date(2026, 11, 28)
DAYS = papers_by_date()


def seed_text():
    return SEED.read_text(encoding="utf-8")


def pairs(result):
    return [(p.title, p.abstract) for p in result.papers]


@pytest.mark.parametrize("mark", ["\u200b", "\u2060", "\ufeff", "\u200d"], ids=["zwsp", "word-joiner", "bom", "zwj"])
def test_zero_width_characters_at_line_starts_are_not_part_of_titles_or_the_date(mark):
    clean = parse_digest(SEED.read_bytes(), today=TODAY)
    marked = "\n".join(mark + line if line else line for line in seed_text().split("\n"))
    result = parse_digest(marked.encode(), today=TODAY)
    assert result.ok, result.problems
    assert result.digest_date == clean.digest_date
    assert pairs(result) == pairs(clean)


def test_blank_lines_holding_a_zero_width_space_are_blank_not_page_chrome():
    marked = seed_text().replace("\n\n", "\n\u200b\n")
    result = parse_digest(marked.encode(), today=TODAY)
    assert result.format is Format.DIGEST_TEXT
    assert len(result.papers) == 72


def test_soft_hyphens_inside_titles_are_dropped():
    clean = parse_digest(SEED.read_bytes(), today=TODAY)
    title = clean.papers[0].title
    hyphenated = seed_text().replace(title, title.replace("Constraints", "Con\u00adstraints"), 1)
    assert hyphenated != seed_text()
    assert parse_digest(hyphenated.encode(), today=TODAY).papers[0].title == title


@pytest.mark.parametrize(
    "line_end, paragraph_end",
    [("\u2028", "\u2028\u2028"), ("\n", "\u2029"), ("\x0b", "\n\n")],
    ids=["line-separator", "paragraph-separator", "vertical-tab"],
)
def test_unicode_and_word_processor_line_ends(line_end, paragraph_end):
    day = "2024-06-14"  # hard-wrapped titles and abstracts: every line end counts
    text = plain_digest(DAYS[day], day, year=True)
    clean = parse_digest(text.encode())
    assert len(clean.papers) == len(DAYS[day])
    odd = text.replace("\n\n", "\0").replace("\n", line_end).replace("\0", paragraph_end)
    result = parse_digest(odd.encode())
    assert result.ok, result.problems
    assert pairs(result) == pairs(clean)


@pytest.mark.parametrize("blank", ["\u00a0\n\u00a0\n", "\u200b\r\n\u2028"], ids=["nbsp", "zero-width"])
def test_a_file_of_invisible_characters_is_empty(blank):
    result = parse_digest(blank.encode())
    assert result.errors[0].message == "the file is empty"


def test_no_blank_lines_between_one_line_paragraphs():
    """Some browsers copy each paragraph as one line with no blank line between them."""
    clean = parse_digest(SEED.read_bytes(), today=TODAY)
    result = parse_digest(seed_text().replace("\n\n", "\n").encode(), today=TODAY)
    assert result.ok, result.problems
    assert pairs(result) == pairs(clean)


@pytest.mark.parametrize("urls_first", [False, True], ids=["card-after", "card-before"])
def test_page_copy_with_no_blank_lines(urls_first):
    day = "2026-06-01"  # one-line titles and abstracts, as the live page shows them
    rows = DAYS[day]
    text = page_copy(rows, day, urls_first=urls_first).replace("\n\n", "\n")
    result = parse_digest(text.encode(), today=dt.date(2026, 6, 1))
    assert result.ok, result.problems
    assert result.digest_date == dt.date(2026, 6, 1)
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == [
        (row["title_oneline"], row["abstract_oneline"], row["arxiv_id"]) for row in rows
    ]


def test_wrapped_title_over_a_one_line_abstract_with_no_blank_lines():
    rows = [row for row in DAYS["2024-06-14"] if "\n" in row["title"]][:5]
    text = "Jun 14, 2024\n" + "\n".join(f"{row['title']}\n{row['abstract_oneline']}" for row in rows)
    result = parse_digest(text.encode())
    assert result.ok, result.problems
    assert pairs(result) == [(row["title_oneline"], row["abstract_oneline"]) for row in rows]


def test_a_link_line_ending_a_one_line_abstract_stays_with_it():
    rows = [row for row in DAYS["2026-06-01"] if row.get("github_url")][:3]
    assert len(rows) == 3
    lines = ["Jun 1, 2026"]
    for row in rows:
        lines += [row["title"], row["abstract_oneline"], f"Code: {row['github_url']}"]
    result = parse_digest("\n".join(lines).encode())
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert [p.code_url for p in result.papers] == [row["github_url"].removesuffix(".git") for row in rows]


@pytest.mark.parametrize("width", [200, 240, 300])
def test_abstracts_wrapped_wide_stay_whole(width):
    """Lines of 30-45 words from wide wrapping are not one-line paragraphs: a short line
    among them is part of the abstract, not a title."""
    import textwrap

    rows = DAYS["2026-06-01"][:20]
    lines = ["Jun 1, 2026", ""]
    for row in rows:
        lines += [row["title_oneline"], "", textwrap.fill(row["abstract_oneline"], width, break_on_hyphens=False, break_long_words=False), ""]
    result = parse_digest("\n".join(lines).encode(), today=TODAY)
    assert result.ok, result.problems
    assert pairs(result) == [(row["title_oneline"], row["abstract_oneline"]) for row in rows]


def test_a_wrapped_title_whose_last_line_reads_like_names_stays_whole_without_blank_lines():
    """"DFIR-Metric: ... Language Models in" over "Digital Forensics and Incident Response"."""
    from papers.parsing.authors import author_names

    rows = [row for rows in DAYS.values() for row in rows if "\n" in row["title"]]
    named = [row for row in rows if author_names(row["title"].split("\n")[-1].strip())]
    assert any(row["title"].startswith("DFIR-Metric") for row in named)
    chosen = named + rows[:5]
    text = "Jun 14, 2024\n" + "\n".join(f"{row['title']}\n{row['abstract_oneline']}" for row in chosen)
    result = parse_digest(text.encode(), today=TODAY)
    assert result.ok, result.problems
    assert pairs(result) == [(row["title_oneline"], row["abstract_oneline"]) for row in chosen]
    assert all(p.authors == () for p in result.papers)
