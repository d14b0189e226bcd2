"""JSON API: the same parameters and the same selector as the list page."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from papers import selectors
from papers.filters import parse_query
from papers.models import Paper


def _paper_json(request, paper: Paper, digests: list[str]) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "arxiv_id": paper.arxiv_id,
        "code_url": paper.code_url or None,
        "url": request.build_absolute_uri(paper.get_absolute_url()),
        "digests": digests,
        "topics": list(paper.topics),
        "datasets": list(paper.datasets),
    }


@require_GET
def paper_list(request):
    viewer = request.user.pk if request.user.is_authenticated else None
    query, errors = parse_query(request.GET, lenient=False, viewer=viewer)
    if errors:
        return JsonResponse({"error": "invalid parameters", "errors": errors}, status=400)
    page = selectors.search_papers(query)
    return JsonResponse(
        {
            "count": page.total,
            "page": page.number,
            "pages": page.pages,
            "results": [
                _paper_json(request, p, [d.isoformat() for d in sorted(p.listed_on, reverse=True)])
                for p in page.papers
            ],
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
                for name, values in page.facets.items()
            },
        }
    )


@require_GET
def paper_detail(request, pk: int):
    paper = get_object_or_404(selectors.paper_detail(), pk=pk)
    data = _paper_json(request, paper, [a.digest.date.isoformat() for a in paper.digest_appearances])
    data["authors"] = list(paper.authors)
    data["related"] = [
        {"id": other.id, "title": other.title, "url": request.build_absolute_uri(other.get_absolute_url())}
        for other in selectors.related_papers(paper)
    ]
    return JsonResponse(data)
