"""Full-text search: web-search syntax, stemming, title above abstract, escaped snippets."""

import pytest

from papers.selectors import PaperQuery, search_papers

pytestmark = pytest.mark.django_db


def titles(q, **kwargs):
    page = search_papers(PaperQuery(q=q, page_size=100, **kwargs))
    return [p.title for p in page.papers], page


def contains(paper, *words):
    text = f"{paper.title} {paper.abstract}".lower()
    return all(w in text for w in words)


def test_stemming_finds_other_forms(corpus):
    _, plural = titles("diffusions")
    _, singular = titles("diffusion")
    assert plural.total == singular.total > 20


def test_exact_phrase(corpus):
    _, page = titles('"depth estimation"')
    assert page.total > 0
    assert all("depth estimation" in f"{p.title} {p.abstract}".lower() for p in page.papers)
    _, loose = titles("depth estimation")
    assert loose.total >= page.total


def test_or_and_exclusion(corpus):
    _, audio = titles("audio")
    _, speech = titles("speech")
    _, either = titles("audio or speech")
    assert max(audio.total, speech.total) <= either.total <= audio.total + speech.total
    _, without = titles("audio -speech")
    assert without.total < audio.total
    assert not any(contains(p, "speech") for p in without.papers)


def test_title_matches_rank_above_abstract_matches(corpus):
    found, page = titles("reinforcement")  # stems to "reinforc": Reinforced, reinforcing...
    in_title = [t for t in found if "reinforc" in t.lower()]
    assert in_title and page.total > len(in_title)
    assert found[: len(in_title)] == in_title


def test_snippets_mark_matches_and_nothing_else(corpus):
    page = search_papers(PaperQuery(q="benchmark"))
    assert all("\ue000" in p.snippet or "\ue000" in p.title_highlight for p in page.papers)


def test_stopwords_only_query_finds_nothing_without_error(corpus):
    assert search_papers(PaperQuery(q="the of and")).total == 0
