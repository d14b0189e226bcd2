"""The two digest files the import benchmarks time, built from the realistic corpus."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from papers.corpus import digest_text, load_real_papers, make_papers

DAY_1, DAY_2 = dt.date(2025, 3, 12), dt.date(2025, 3, 13)


def two_files(data_dir: Path, n: int, seed: int) -> tuple[list[dict], list[dict], bytes, bytes]:
    """File 1: n new papers, as a page copy. File 2: every other paper of file 1 (the
    known-paper path) and n/2 new ones, mixed, as a plain digest. Returns both papers lists
    and both files."""
    started = time.perf_counter()
    corpus = make_papers(load_real_papers(data_dir), n + n // 2, seed)
    first = corpus[:n]
    second = first[::2] + corpus[n : n + n - len(first[::2])]
    random.Random(seed).shuffle(second)
    file_1 = digest_text(first, DAY_1, style="page").encode()
    file_2 = digest_text(second, DAY_2, style="plain").encode()
    print(
        f"corpus: {len(corpus)} papers, files of {len(file_1) / 1e6:.1f} MB (page copy, {DAY_1}) and "
        f"{len(file_2) / 1e6:.1f} MB (plain digest, {DAY_2}), built in {time.perf_counter() - started:.1f} s"
    )
    return first, second, file_1, file_2
