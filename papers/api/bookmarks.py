"""The caller's bookmarks: GET /api/bookmarks/ (their reading list, with the list page's
filters), and GET/PUT/DELETE /api/bookmarks/<paper_id>/ for one paper.

The bookmark is always the caller's own (the URL names a paper, never a user): another
reader's bookmarks cannot be reached, and a paper the caller has not saved is a 404.
Writes go through papers.services.bookmarks, as the pages' do.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from papers import selectors
from papers.api import shapes
from papers.api.errors import invalid
from papers.api.papers import listed_on, page_json, paper_json
from papers.api.permissions import SignedIn
from papers.filters import parse_query
from papers.models import Bookmark, Paper
from papers.services.bookmarks import remove_bookmark, save_bookmark

ERRORS = {401: shapes.Error, 403: shapes.Error, 429: shapes.Error}


def bookmark_json(bookmark: Bookmark) -> dict:
    return {
        "paper": bookmark.paper_id,
        "status": bookmark.status,
        "note": bookmark.note,
        "saved_at": bookmark.created_at.isoformat(),
        "updated_at": bookmark.updated_at.isoformat(),
    }


class BookmarkList(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        operation_id="bookmarks_list",
        summary="Your reading list",
        description="Your saved papers with your bookmark on each, filtered and paged as on the "
        "reading-list page (`status` selects reading statuses).",
        parameters=shapes.list_parameters(reading_list=True),
        responses={200: shapes.BookmarkPage, 400: shapes.Error, **ERRORS},
    )
    def get(self, request):
        query, errors = parse_query(request.GET, lenient=False, viewer=request.user.pk, owner=request.user.pk)
        if errors:
            return invalid(errors, "invalid parameters")
        page = selectors.search_papers(query)
        bookmarks = selectors.own_bookmarks(request.user, [p.pk for p in page.papers])
        results = []
        for paper in page.papers:
            bookmark = bookmarks.get(paper.pk)
            if bookmark is None:  # removed between the two queries
                continue
            results.append({**paper_json(request, paper, listed_on(paper)), "bookmark": bookmark_json(bookmark)})
        return Response(page_json(request, page, results))


class BookmarkDetail(APIView):
    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    def _paper(self, pk: int) -> Paper:
        paper = Paper.objects.only("id").filter(pk=pk).first()
        if paper is None:
            raise NotFound("no such paper")
        return paper

    def _own(self, request, pk: int) -> Bookmark:
        bookmark = Bookmark.objects.filter(user=request.user, paper_id=pk).first()
        if bookmark is None:
            raise NotFound("you have not saved this paper")
        return bookmark

    @extend_schema(
        operation_id="bookmarks_retrieve",
        summary="Your bookmark on a paper",
        responses={200: shapes.SavedBookmark, 404: shapes.Error, **ERRORS},
    )
    def get(self, request, paper_id: int):
        return Response(bookmark_json(self._own(request, paper_id)))

    @extend_schema(
        operation_id="bookmarks_save",
        summary="Save a paper, or change your bookmark on it",
        description="Fields left out keep their value (a new bookmark is `to_read` with no note). "
        "201 when the paper was not saved before, else 200.",
        request=shapes.BookmarkChange,
        responses={200: shapes.SavedBookmark, 201: shapes.SavedBookmark, 400: shapes.Error, 404: shapes.Error, **ERRORS},
    )
    def put(self, request, paper_id: int):
        paper = self._paper(paper_id)
        change = shapes.BookmarkChange(data=request.data)
        change.is_valid(raise_exception=True)
        bookmark, created = save_bookmark(
            request.user, paper, status=change.validated_data.get("status"), note=change.validated_data.get("note")
        )
        return Response(bookmark_json(bookmark), status=201 if created else 200)

    @extend_schema(
        operation_id="bookmarks_remove",
        summary="Remove your bookmark",
        responses={204: OpenApiResponse(description="removed"), 404: shapes.Error, **ERRORS},
    )
    def delete(self, request, paper_id: int):
        if not remove_bookmark(request.user, self._paper(paper_id)):
            raise NotFound("you have not saved this paper")
        return Response(status=204)
