"""The API's routes, included by papers/urls.py (names: papers:api-…).

Ids in paths are 1 to 18 digits (a PostgreSQL bigint); anything else under /api/,
like every unknown address there, is a JSON 404 rather than the site's HTML page.
"""

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from papers.api import bookmarks, imports, papers, root, searches


class IdConverter:
    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("api/", root.ApiRoot.as_view(), name="api-root"),
    path("api/papers/", papers.PaperList.as_view(), name="api-list"),
    path("api/papers/<id:pk>/", papers.PaperDetail.as_view(), name="api-detail"),
    path("api/bookmarks/", bookmarks.BookmarkList.as_view(), name="api-bookmarks"),
    path("api/bookmarks/<id:paper_id>/", bookmarks.BookmarkDetail.as_view(), name="api-bookmark"),
    path("api/searches/", searches.SearchList.as_view(), name="api-searches"),
    path("api/searches/<id:pk>/", searches.SearchDetail.as_view(), name="api-search"),
    path("api/imports/", imports.ImportList.as_view(), name="api-imports"),
    path("api/imports/<id:pk>/", imports.ImportDetail.as_view(), name="api-import"),
    # The OpenAPI 3 schema, and a page that reads it (Swagger UI, served from static files;
    # the split view serves its start-up script as a file: no inline script for the CSP).
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="papers:api-schema"), name="api-docs"),
    re_path(r"^api/", root.NotFoundView.as_view(), name="api-not-found"),
]
