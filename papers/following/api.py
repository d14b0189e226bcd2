"""JSON API of followed searches, for the signed-in reader (a session, with CSRF for writes).

GET /api/searches/            the reader's searches
POST /api/searches/           {"name", "query", "email"}: 201 with the search; 400 names the bad field
DELETE /api/searches/<id>/    204; another reader's id is a 404
GET /api/searches/<id>/       one search
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.views.decorators.http import require_http_methods

from papers.following import queries, services
from papers.following.feeds import feed_urls
from papers.following.models import SavedSearch

MAX_BODY = 16_384


def _signed_in(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            response = JsonResponse(
                {"error": "authentication required", "login_url": resolve_url(settings.LOGIN_URL)}, status=401
            )
            response["WWW-Authenticate"] = 'Session realm="Lectern"'
            return response
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def _json(request, search: SavedSearch, feeds: dict) -> dict:
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
    """Feed addresses for the reader ({} without a key). Following through the API makes
    a key when the reader has none, so its answer carries the feed's address."""
    if issue and services.feed_token(request.user) is None:
        services.issue_feed_key(request.user)
    return feed_urls(request.user, searches, request.build_absolute_uri("/")[:-1])


@_signed_in
@require_http_methods(["GET", "POST"])
def searches(request):
    if request.method == "GET":
        found = list(SavedSearch.objects.filter(user=request.user).order_by("name", "id"))
        feeds = _feeds(request, found)
        return JsonResponse({"results": [_json(request, s, feeds) for s in found]})
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "the request is too large"}, status=413)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "the body is not JSON", "errors": {"body": ["not JSON"]}}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"error": "the body is not a JSON object", "errors": {"body": ["not an object"]}}, status=400)
    errors = {
        name: [f"{name} must be a string"]
        for name in ("name", "query", "email")
        if name in data and not isinstance(data[name], str)
    }
    if errors:
        return JsonResponse({"error": "invalid fields", "errors": errors}, status=400)
    try:
        search = services.follow(
            request.user, data.get("query", ""), data.get("name", ""), data.get("email", SavedSearch.Email.DAILY)
        )
    except services.FollowError as error:
        return JsonResponse({"error": str(error), "errors": {error.field: [str(error)]}}, status=400)
    return JsonResponse(_json(request, search, _feeds(request, [search], issue=True)), status=201)


@_signed_in
@require_http_methods(["GET", "DELETE"])
def search(request, pk: int):
    found = SavedSearch.objects.filter(pk=pk, user=request.user).first()
    if found is None:  # another reader's search is no search at all
        return JsonResponse({"error": "no such search"}, status=404)
    if request.method == "DELETE":
        services.stop(found)
        return HttpResponse(status=204)
    return JsonResponse(_json(request, found, _feeds(request, [found])))
