"""The real sample digest: 72 papers under the date Mar 12."""

import datetime as dt

from papers.parsing import Format, parse_digest
from tests.digests import SEED

TODAY = dt.date(2026, 11, 28)


def parse_seed(**kwargs):
    return parse_digest(SEED.read_bytes(), today=TODAY, **kwargs)


def paragraphs():
    """The sample's paragraphs, read independently of the parser."""
    text = SEED.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_reads_every_paper_of_the_sample():
    result = parse_seed()
    assert result.ok, result.problems
    assert result.format is Format.DIGEST_TEXT
    assert len(result.papers) == 72


def test_titles_and_abstracts_are_the_paragraph_pairs_after_the_date():
    result = parse_seed()
    paras = paragraphs()
    body = paras[paras.index("Mar 12") + 1 :]
    assert [(p.title, p.abstract) for p in result.papers] == list(zip(body[0::2], body[1::2]))


def test_date_without_year_is_the_latest_mar_12_not_after_today():
    assert parse_seed().digest_date == dt.date(2026, 3, 12)
    assert parse_digest(SEED.read_bytes(), today=dt.date(2026, 3, 11)).digest_date == dt.date(2025, 3, 12)
    assert parse_seed().date_text == "Mar 12"
    assert parse_seed().date_has_year is False


def test_a_given_date_wins_over_the_file():
    assert parse_seed(digest_date=dt.date(2024, 3, 12)).digest_date == dt.date(2024, 3, 12)


def test_header_chrome_is_kept_as_header_not_as_papers():
    result = parse_seed()
    assert result.header == [
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "byAK and the research community",
        "Mar 12",
    ]
    titles = {p.title for p in result.papers}
    assert not titles & set(result.header)


def test_code_links_are_found_and_cleaned():
    result = parse_seed()
    by_title = {p.title: p for p in result.papers}
    # "...available at https://github.com/shivram1987/diffGrad." loses its full stop.
    diffgrad = next(p for p in result.papers if "shivram1987/diffGrad" in p.abstract)
    assert diffgrad.code_url == "https://github.com/shivram1987/diffGrad"
    # "{https://github.com/naver-ai/relabel_imagenet}." loses brace and full stop.
    relabel = next(p for p in result.papers if "naver-ai/relabel_imagenet" in p.abstract)
    assert relabel.code_url == "https://github.com/naver-ai/relabel_imagenet"
    # A project page that is no code host is not a code link.
    mlsim = next(p for p in result.papers if "ML-SIM.com" in p.abstract)
    assert mlsim.code_url is None
    with_code = [p for p in by_title.values() if p.code_url]
    assert all(p.code_url.startswith("https://github.com/") for p in with_code)
    assert len(with_code) == sum("github.com/" in p.abstract for p in result.papers)


def test_line_numbers_point_at_titles():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for paper in parse_seed().papers:
        assert lines[paper.line - 1].strip() == paper.title
