"""The API's own addresses: GET /api/ (where everything is) and a JSON 404 for every
address under /api/ that is no route."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView


class NotFoundView(APIView):
    """Any address under /api/ that is no route (a bad id included): a JSON 404 whatever
    the method, like the rest of the API. It reads nothing and changes nothing, so it
    authenticates nobody and needs no CSRF check."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    renderer_classes = [JSONRenderer]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound("no such address in the API")


class ApiRoot(APIView):
    """GET /api/: where everything is (the browsable API's first page)."""

    authentication_classes: list = []
    permission_classes: list = []
    schema = None

    def get_view_name(self):
        return "Lectern API"

    def get(self, request):
        names = {
            "papers": "papers:api-list", "bookmarks": "papers:api-bookmarks", "searches": "papers:api-searches",
            "imports": "papers:api-imports", "schema": "papers:api-schema", "docs": "papers:api-docs",
        }
        return Response({key: request.build_absolute_uri(reverse(name)) for key, name in names.items()})
