"""The caller's followed searches: GET/POST /api/searches/, GET/PATCH/DELETE /api/searches/<id>/.

Every write is a papers.following.services call on the caller's own searches; another
reader's search is a 404, as if it did not exist. Following through the API makes
the reader a feed key when they have none, so the answer carries the feed address.
"""

from __future__ import annotations

from django.http import QueryDict
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.api import shapes
from papers.api.permissions import SignedIn
from papers.filters import parse_query
from papers.following import queries, services
from papers.following.feeds import feed_urls
from papers.following.models import SavedSearch

ERRORS = {401: shapes.Error, 403: shapes.Error, 429: shapes.Error}
EMAILS = SavedSearch.Email.choices


class Search(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    query = serializers.CharField(allow_blank=True, help_text="the list page's parameters, e.g. q=diffusion&topic=robotics")
    email = serializers.ChoiceField(choices=EMAILS)
    feed_url = serializers.URLField(allow_null=True, help_text="its Atom feed (null until you have feed addresses)")
    count = serializers.IntegerField(help_text="papers it matches now")
    new = serializers.IntegerField(help_text="papers imported since it was followed or last mailed, not yet sent")


class SearchList_(serializers.Serializer):
    results = Search(many=True)


class NewSearch(shapes.StrictFields):
    query = shapes.Text(required=False, allow_blank=True, max_length=2000, help_text="the list page's parameters")
    name = shapes.Text(
        required=False, allow_blank=True, max_length=100, trim_whitespace=False, help_text="default: its words or filters"
    )
    email = serializers.ChoiceField(choices=EMAILS, required=False, help_text="off, daily (default) or weekly")


class SearchChange(shapes.StrictFields):
    name = shapes.Text(required=False, max_length=100)
    email = serializers.ChoiceField(choices=EMAILS, required=False)


def _json(search: SavedSearch, feeds: dict) -> dict:
    return {
        "id": search.pk,
        "name": search.name,
        "query": search.query,
        "email": search.email,
        "feed_url": feeds.get("searches", {}).get(search.pk),
        "count": queries.total_count(search),
        "new": queries.new_count(search),
    }


def _feeds(request, searches: list[SavedSearch], *, issue: bool = False) -> dict:
    if issue and services.feed_token(request.user) is None:
        services.issue_feed_key(request.user)
    return feed_urls(request.user, searches, request.build_absolute_uri("/")[:-1])


def _follow_error(error: services.FollowError) -> ValidationError:
    return ValidationError({error.field: [str(error)]})


class SearchList(APIView):
    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="searches_list", summary="Your followed searches", responses={200: SearchList_, **ERRORS})
    def get(self, request):
        found = list(SavedSearch.objects.filter(user=request.user).order_by("name", "id"))
        feeds = _feeds(request, found)
        return Response({"results": [_json(s, feeds) for s in found]})

    @extend_schema(
        operation_id="searches_follow",
        summary="Follow a search",
        request=NewSearch,
        responses={201: Search, 400: shapes.Error, **ERRORS},
    )
    def post(self, request):
        new = NewSearch(data=request.data)
        new.is_valid(raise_exception=True)
        data = new.validated_data
        # The list page drops what it cannot read; a script is told, as /api/papers/ tells it.
        _, errors = parse_query(QueryDict(data.get("query", "")), lenient=False, viewer=request.user.pk)
        if errors:
            raise ValidationError({"query": [f"{name}: {'; '.join(messages)}" for name, messages in errors.items()]})
        try:
            search = services.follow(request.user, data.get("query", ""), data.get("name", ""), data.get("email", SavedSearch.Email.DAILY))
        except services.FollowError as error:
            raise _follow_error(error) from None
        return Response(_json(search, _feeds(request, [search], issue=True)), status=201)


class SearchDetail(APIView):
    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    def _own(self, request, pk: int) -> SavedSearch:
        found = SavedSearch.objects.filter(pk=pk, user=request.user).first()
        if found is None:  # another reader's search is no search at all
            raise NotFound("no such search")
        return found

    @extend_schema(operation_id="searches_retrieve", summary="One followed search", responses={200: Search, 404: shapes.Error, **ERRORS})
    def get(self, request, pk: int):
        found = self._own(request, pk)
        return Response(_json(found, _feeds(request, [found])))

    @extend_schema(
        operation_id="searches_change",
        summary="Rename a search or change its emails",
        request=SearchChange,
        responses={200: Search, 400: shapes.Error, 404: shapes.Error, **ERRORS},
    )
    def patch(self, request, pk: int):
        found = self._own(request, pk)
        change = SearchChange(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            services.change(found, **change.validated_data)
        except services.FollowError as error:
            raise _follow_error(error) from None
        return Response(_json(found, _feeds(request, [found])))

    @extend_schema(
        operation_id="searches_stop",
        summary="Stop following a search",
        responses={204: OpenApiResponse(description="stopped"), 404: shapes.Error, **ERRORS},
    )
    def delete(self, request, pk: int):
        services.stop(self._own(request, pk))
        return Response(status=204)
