"""A clone tests, runs and benchmarks on its own: no source file names a path outside it.

The real data the tests and benchmarks read lives in tests/data (and the sample digest
in papers/sample); a folder beside the checkout, or an absolute path of one machine,
exists on no user's machine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papers.corpus import DEFAULT_DATA_DIR, load_real_papers
from tests.digests import API_FILES, JSONL_FILES, SEED

REPO = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("papers", "portal", "tests", "bench", "scripts", ".ci")
SOURCE_FILES = ("Makefile", "manage.py", "pytest.ini")
SOURCE_SUFFIXES = {".py", ".sh", ".ini", ".cfg", ".toml", ".js", ".html", ""}
SKIPPED = {
    REPO / "tests" / "data",  # data, not code: its README may name where the data came from
    Path(__file__).resolve(),  # this file: its examples of ways out are what the scan must find
}

# Each pattern names a way source code reaches outside the checkout.
OUTSIDE = {
    "a folder named shared": re.compile(r"""["'/]shared["'/]"""),
    "a relative path that climbs out": re.compile(r"""["']\.\.[/\\]"""),
    "the parent of the repository root": re.compile(r"\b(?:REPO|ROOT|BASE_DIR)\)?\.parent\b|\.parent\.parent\.parent\b"),
    "an ancestor three or more levels up": re.compile(r"\.parents\[(?:[3-9]|\d\d)\]"),
    "an absolute path of one machine": re.compile(r"""["'](?:/work|/home|/root|~)/"""),
}


def offending_lines(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for reason, pattern in OUTSIDE.items():
            if pattern.search(line):
                found.append((number, reason))
    return found


def source_files() -> list[Path]:
    files = [REPO / name for name in SOURCE_FILES]
    for folder in SOURCE_DIRS:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in SOURCE_SUFFIXES and path not in SKIPPED and not SKIPPED & set(path.parents):
                if "__pycache__" not in path.parts:
                    files.append(path)
    return files


def test_no_source_file_names_a_path_outside_the_checkout():
    files = source_files()
    assert len(files) > 100  # the scan really walks the project
    offences = [
        f"{path.relative_to(REPO)}:{number}: {reason}"
        for path in files
        for number, reason in offending_lines(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offences == []


# Spelled with a placeholder so that this file itself names no such path.
SIBLING = "sha" "red"


@pytest.mark.parametrize(
    "line",
    [
        'DATA = REPO.parent / "{}" / "data"',
        'default=Path(settings.BASE_DIR).parent / "{}" / "data"',
        'open("../{}/seeds/000.txt")',
        "SEED = Path(__file__).resolve().parent.parent.parent / 'seeds'",
        'HERE = Path(__file__).parents[3] / "data"',
        'read("/work/{}/data/x.jsonl")',
    ],
)
def test_the_scan_finds_each_way_out(line):
    assert offending_lines(line.format(SIBLING)), line


def test_the_scan_passes_paths_inside_the_checkout():
    inside = [
        'REPO = Path(__file__).resolve().parent.parent',
        'SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "sample-digest.txt"',
        'DATA = REPO / "tests" / "data"',
        'cd "$(dirname "$0")/.."',
    ]
    assert [line for line in inside if offending_lines(line)] == []


def test_the_real_data_is_in_the_checkout():
    for path in (*JSONL_FILES, *API_FILES, SEED, DEFAULT_DATA_DIR):
        assert REPO in path.resolve().parents, path
        assert path.exists(), path
    assert len(load_real_papers(DEFAULT_DATA_DIR)) == 649
