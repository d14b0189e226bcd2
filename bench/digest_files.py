"""The two digest files the import benchmarks time, built from the realistic corpus."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from papers.corpus import digest_text, load_real_papers, make_papers

DAY_1, DAY_2, DAY_3 = dt.date(2025, 3, 12), dt.date(2025, 3, 13), dt.date(2025, 3, 14)


def two_files(data_dir: Path, n: int, seed: int) -> tuple[list[dict], list[dict], bytes, bytes]:
    """File 1: n new papers, as a page copy. File 2: every other paper of file 1 (the
    known-paper path) and n/2 new ones, mixed, as a plain digest. Returns both papers lists
    and both files."""
    first, second, files = _files(data_dir, n, seed)
    return first, second, files["page"], files["plain"]


def marked_up_files(data_dir: Path, n: int, seed: int) -> dict[str, tuple[list[dict], bytes]]:
    """n more new papers each as a Markdown copy and as a saved HTML page (after files 1 and 2)."""
    return _files(data_dir, n, seed, marked_up=True)[2]


def _files(data_dir: Path, n: int, seed: int, marked_up: bool = False):
    started = time.perf_counter()
    corpus = make_papers(load_real_papers(data_dir), n + n // 2 + (2 * n if marked_up else 0), seed)
    first = corpus[:n]
    second = first[::2] + corpus[n : n + n - len(first[::2])]
    random.Random(seed).shuffle(second)
    if marked_up:
        tail = corpus[n + n // 2 :]
        files = {style: (papers, digest_text(papers, DAY_3, style=style).encode())
                 for style, papers in (("markdown", tail[:n]), ("html", tail[n:]))}
        for style, (_, data) in files.items():
            print(f"{style} file: {len(data) / 1e6:.1f} MB, {n} new papers")
        return first, second, files
    files = {"page": digest_text(first, DAY_1, style="page").encode(), "plain": digest_text(second, DAY_2, style="plain").encode()}
    print(
        f"corpus: {len(corpus)} papers, files of {len(files['page']) / 1e6:.1f} MB (page copy, {DAY_1}) and "
        f"{len(files['plain']) / 1e6:.1f} MB (plain digest, {DAY_2}), built in {time.perf_counter() - started:.1f} s"
    )
    return first, second, files
