"""Reading pages: the paper list and a paper's own page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from papers import selectors

PAGE_SIZE = 25


def paper_list(request):
    paginator = Paginator(selectors.paper_list(), PAGE_SIZE)
    # get_page answers a missing, malformed or out-of-range ?page= with a real page.
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "papers/list.html", {"page": page, "paginator": paginator})


def paper_detail(request, pk: int):
    paper = get_object_or_404(selectors.paper_detail(), pk=pk)
    return render(request, "papers/detail.html", {"paper": paper})
