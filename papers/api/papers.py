"""GET /api/papers/ and /api/papers/<id>/: the list page's parameters and selector, as JSON.

The answer is built as plain dicts (no serializer runs per paper): the serializers in
papers.api.shapes only describe it for the OpenAPI schema, and the schemathesis test
checks that what is sent matches them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from papers import selectors
from papers.api import shapes
from papers.api.errors import invalid
from papers.api.permissions import MayRead
from papers.filters import parse_query
from papers.models import Paper


def paper_json(request, paper: Paper, digests: list[str]) -> dict:
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


def listed_on(paper: Paper) -> list[str]:
    return [d.isoformat() for d in sorted(paper.listed_on, reverse=True)]


def page_json(request, page, results: list[dict]) -> dict:
    return {
        "count": page.total,
        "page": page.number,
        "pages": page.pages,
        "results": results,
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in page.facets.items()
        },
    }


class PaperList(APIView):
    permission_classes = [MayRead]

    @extend_schema(
        operation_id="papers_list",
        summary="Search and filter papers",
        description="The list page's parameters: full-text `q`, facets (repeat a parameter to select "
        "several values), `sort` and paging. Team parameters (`saved`, `saved_by`, `sort=most_saved`) "
        "need a signed-in caller.",
        parameters=shapes.list_parameters(),
        responses={200: shapes.PaperPage, 400: shapes.Error, 401: shapes.Error, 429: shapes.Error},
    )
    def get(self, request):
        viewer = request.user.pk if request.user.is_authenticated else None
        query, errors = parse_query(request.GET, lenient=False, viewer=viewer)
        if errors:
            return invalid(errors, "invalid parameters")
        page = selectors.search_papers(query)
        return Response(page_json(request, page, [paper_json(request, p, listed_on(p)) for p in page.papers]))


class PaperDetail(APIView):
    permission_classes = [MayRead]

    @extend_schema(
        operation_id="papers_retrieve",
        summary="One paper, with its authors and related papers",
        responses={200: shapes.PaperDetail, 401: shapes.Error, 404: shapes.Error, 429: shapes.Error},
    )
    def get(self, request, pk: int):
        paper = selectors.paper_detail().filter(pk=pk).first()
        if paper is None:
            raise NotFound("no such paper")
        data = paper_json(request, paper, [a.digest.date.isoformat() for a in paper.digest_appearances])
        data["authors"] = list(paper.authors)
        data["related"] = [
            {"id": other.id, "title": other.title, "url": request.build_absolute_uri(other.get_absolute_url())}
            for other in selectors.related_papers(paper)
        ]
        return Response(data)
