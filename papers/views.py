"""Reading pages: the faceted paper list and a paper's own page."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from papers import exports, selectors
from papers.citation import bibtex, paper_year
from papers.exports import EXPORT_FORMATS
from papers.filters import parse_query
from papers.following import services as following
from papers.following.models import SavedSearch
from papers.models import Bookmark

FACET_TITLES = {
    "saved": "Saved",
    "saved_by": "Saved by",
    "status": "Status",
    "digest": "Digest",
    "topic": "Topic",
    "dataset": "Dataset",
    "has_code": "Code",
    "code_host": "Code host",
}
SORT_LABELS = {
    "relevance": "Relevance",
    "saved": "Date saved",
    "newest": "Newest digest",
    "oldest": "Oldest digest",
    "title": "Title A–Z",
    "most_saved": "Most saved",
}


def paper_list(request):
    viewer = request.user.pk if request.user.is_authenticated else None
    query, errors = parse_query(request.GET, lenient=True, viewer=viewer)
    follow = None
    if viewer is not None:  # "Follow this search", or the name it is followed under
        state = following.canonical_query(request.GET)
        follow = {
            "query": state,
            "name": following.default_name(state),
            "as": SavedSearch.objects.filter(user_id=viewer, query=state).first(),
            "email_choices": SavedSearch.Email.choices,
        }
    return _list_page(request, query, errors, owner=None, follow=follow)


def reading_list(request):
    """My reading list: the list page over my saved papers, with my notes."""
    query, errors = parse_query(request.GET, lenient=True, viewer=request.user.pk, owner=request.user.pk)
    return _list_page(request, query, errors, owner=request.user)


def member_list(request, username: str):
    """A team member's reading list: their papers and statuses, never their notes."""
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    if member.pk == request.user.pk:
        return redirect(f"{reverse('papers:reading-list')}?{request.GET.urlencode()}".rstrip("?"))
    query, errors = parse_query(request.GET, lenient=True, viewer=request.user.pk, owner=member.pk)
    return _list_page(request, query, errors, owner=member)


def _list_page(request, query, errors, *, owner, follow=None):
    page = selectors.search_papers(query)
    chips = [
        {"facet": FACET_TITLES[name], "label": value.label, "param": name, "value": value.value}
        for name, values in page.facets.items()
        for value in values
        if value.selected
    ]
    _attach_bookmarks(request, page.papers)
    mine = owner is not None and owner.pk == request.user.pk
    if mine:
        notes = selectors.own_bookmarks(request.user, [paper.pk for paper in page.papers])
        for paper in page.papers:
            paper.my_bookmark = notes.get(paper.pk)
    facets = [{"name": name, "title": FACET_TITLES[name], "values": values} for name, values in page.facets.items()]
    sorts = [s for s in selectors.SORTS if s == replace(query, sort=s).effective_sort]
    return render(
        request,
        "papers/list.html",
        {
            "page": page,
            "query": page.query,
            "facets": facets,
            "chips": chips,
            "ignored": sorted(errors),
            "sorts": [(s, SORT_LABELS[s]) for s in sorts],
            "page_sizes": selectors.PAGE_SIZES,
            "page_numbers": _page_numbers(page.number, page.pages),
            "statuses": Bookmark.Status.choices,
            "owner": owner,
            "mine": mine,
            "export_formats": EXPORT_FORMATS if mine else (),
            "follow": follow,
        },
    )


def paper_detail(request, pk: int):
    paper = get_object_or_404(selectors.paper_detail(), pk=pk)
    topics, datasets = selectors.label_names()
    year = paper_year(paper.arxiv_id, paper.first_listed_on.year)
    _attach_bookmarks(request, [paper])
    context = {
        "paper": paper,
        "topics": [(slug, topics.get(slug, slug)) for slug in paper.topics],
        "datasets": [(slug, datasets.get(slug, slug)) for slug in paper.datasets],
        "related": selectors.related_papers(paper),
        "statuses": Bookmark.Status.choices,
        "my_bookmark": selectors.own_bookmark(request.user, paper),
        "bibtex": bibtex(
            title=paper.title,
            authors=paper.authors,
            arxiv_id=paper.arxiv_id,
            year=year,
            url=request.build_absolute_uri(paper.get_absolute_url()),
            code_url=paper.code_url,
        ),
    }
    return render(request, "papers/detail.html", context)


def _attach_bookmarks(request, papers) -> None:
    """Who on the team saved each paper (one query for all of them) and the user's own
    status. Anonymous visitors (public reading) see neither: the team is not public."""
    if not request.user.is_authenticated:
        return
    selectors.attach_savers(papers)
    for paper in papers:
        paper.my_status = next((s.status for s in paper.savers if s.user_id == request.user.pk), None)


def _page_numbers(current: int, last: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None marks a gap."""
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def export_reading_list(request, fmt: str):
    """My reading list as a file, with the filters and order of the page it came from."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown export format")
    query, _ = parse_query(request.GET, lenient=True, viewer=request.user.pk, owner=request.user.pk)
    rows = selectors.reading_list_rows(query, limit=exports.MAX_ROWS)
    return exports.response(fmt, rows, base_url=request.build_absolute_uri("/"))
