"""The OpenAPI 3 schema at /api/schema/ is valid and covers every API route; the docs page
at /api/docs/ loads its scripts from the portal's own static files (no CDN: it runs offline)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from openapi_spec_validator import validate

from papers.api import urls as api_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/")
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_api_route(schema):
    routes = {
        # drf-spectacular names a primary key "id" in paths
        "/" + re.sub(r"<id:(\w+)>", r"{\1}", str(p.pattern)).replace("{pk}", "{id}")
        for p in api_urls.urlpatterns
        if p.name not in ("api-root", "api-schema", "api-docs", "api-not-found")
    }
    assert len(routes) == 8 and routes == set(schema["paths"]), routes ^ set(schema["paths"])
    imports = schema["paths"]["/api/imports/"]["post"]
    assert "multipart/form-data" in imports["requestBody"]["content"]
    assert {"200", "201", "400", "403"} <= set(imports["responses"])
    assert {"token", "session"} <= set(schema["components"]["securitySchemes"])


def test_the_docs_page_uses_only_local_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    sources = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])]
    sources = [s for s in sources if s]
    assert any("swagger-ui" in s for s in sources)
    for source in sources:
        assert not re.match(r"^(https?:)?//", source), source
        assert client.get(source).status_code == 200, source
    assert not re.search(r"https?://(cdn|unpkg|cdnjs|fonts)\.", response.content.decode())


def test_the_root_lists_the_api_and_unknown_addresses_are_json_404s(client):
    root = client.get("/api/").json()
    assert root["docs"] == "http://testserver/api/docs/" and root["papers"] == "http://testserver/api/papers/"
    for address in ("/api/nothing/", "/api/papers/-1/", "/api/papers/1234567890123456789/", "/api/papers/x/"):
        for method in ("get", "put", "delete"):
            response = getattr(client, method)(address)
            assert response.status_code == 404 and response["Content-Type"] == "application/json", (method, address)
