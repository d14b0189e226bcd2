"""Code links in their many shapes, and dates as pages write them."""

import datetime as dt

import pytest

from papers.parsing.dates import parse_written_date
from papers.parsing.links import find_code_url, paper_page_arxiv_id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Code is available at:https://github.com/o/r", "https://github.com/o/r"),
        ("open-source our benchmark code (github.com/openai/mle-bench/) to", "https://github.com/openai/mle-bench"),
        ("see https://github.com/microsoft/LMOps/tree/main/opo.", "https://github.com/microsoft/LMOps"),
        ("at https://github.com/Thisisus7/ING-VP.git.", "https://github.com/Thisisus7/ING-VP"),
        ("{https://github.com/naver-ai/relabel_imagenet}.", "https://github.com/naver-ai/relabel_imagenet"),
        ("(https://www.github.com/a/b), more", "https://github.com/a/b"),
        ("on GitLab: gitlab.com/group/project/-/tree/main", "https://gitlab.com/group/project"),
        ("https://codeberg.org/owner/repo;", "https://codeberg.org/owner/repo"),
        ("https://bitbucket.org/owner/repo!", "https://bitbucket.org/owner/repo"),
        ("project page https://ml-sim.github.io/ only", None),
        ("https://hosytuyen.github.io/projects/x and", None),
        ("no links at all", None),
        ("first https://project.example.org then https://github.com/x/y", "https://github.com/x/y"),
    ],
)
def test_code_url_shapes(text, expected):
    assert find_code_url(text) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("https://huggingface.co/papers/2406.09414", "2406.09414"),
        ("huggingface.co/papers/2410.05993v2", "2410.05993"),
        ("https://arxiv.org/abs/2505.22653", "2505.22653"),
        ("https://huggingface.co/papers", None),
        ("see https://huggingface.co/papers/2406.09414", None),
    ],
)
def test_paper_page_urls(line, expected):
    assert paper_page_arxiv_id(line) == expected


@pytest.mark.parametrize(
    "line, today, expected",
    [
        ("Mar 12", dt.date(2026, 11, 28), dt.date(2026, 3, 12)),
        ("Dec 30", dt.date(2026, 1, 2), dt.date(2025, 12, 30)),
        ("Feb 29", dt.date(2026, 11, 28), dt.date(2024, 2, 29)),
        ("Oct 7, 2024", dt.date(2026, 11, 28), dt.date(2024, 10, 7)),
        ("September 3, 2025", dt.date(2026, 11, 28), dt.date(2025, 9, 3)),
        ("2025-05-30", dt.date(2026, 11, 28), dt.date(2025, 5, 30)),
        ("Published on May 29", dt.date(2026, 11, 28), dt.date(2026, 5, 29)),
        # Days of tests/data written the ways other pages and tools write them.
        ("Tuesday, September 30, 2025", dt.date(2026, 11, 28), dt.date(2025, 9, 30)),
        ("Tue, 30 Sep 2025", dt.date(2026, 11, 28), dt.date(2025, 9, 30)),
        ("Sep 30, 2025 (Tuesday)", dt.date(2026, 11, 28), dt.date(2025, 9, 30)),
        ("2025/09/30", dt.date(2026, 11, 28), dt.date(2025, 9, 30)),
        ("2025-05-30T00:00:00.000Z", dt.date(2026, 11, 28), dt.date(2025, 5, 30)),
        ("Daily Papers - Jan 7, 2026", dt.date(2026, 11, 28), dt.date(2026, 1, 7)),
        ("Hugging Face Daily Papers — 2026-04-21", dt.date(2026, 11, 28), dt.date(2026, 4, 21)),
        # Without a year, the weekday picks the year: Sep 30 was a Tuesday in 2025, not 2026.
        ("Tue, Sep 30", dt.date(2026, 11, 28), dt.date(2025, 9, 30)),
        ("Sep 30", dt.date(2026, 11, 28), dt.date(2026, 9, 30)),
    ],
)
def test_written_dates(line, today, expected):
    assert parse_written_date(line).resolve(today) == expected


@pytest.mark.parametrize(
    "line", ["Mar", "12", "March madness", "Marching 12 bands", "2025-13-01", "Tuesday", "Sunday Papers", "2406.09414"]
)
def test_not_dates(line):
    written = parse_written_date(line)
    assert written is None or written.resolve(dt.date(2026, 1, 1)) is None
