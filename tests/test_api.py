"""GET /api/papers/ and /api/papers/<id>/: the list page's parameters, as JSON."""

import datetime as dt

import pytest

from papers.models import Paper
from papers.services.importing import import_digest
from tests.digests import API_FILES, SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    import_digest(API_FILES[1].read_bytes(), filename=API_FILES[1].name)


def test_list_shape_and_counts(client, papers):
    data = client.get("/api/papers/", {"page_size": 50}).json()
    assert data["count"] == 72 + 49 and data["page"] == 1 and data["pages"] == 3
    assert len(data["results"]) == 50
    first = data["results"][0]
    assert set(first) == {"id", "title", "abstract", "arxiv_id", "code_url", "url", "digests", "topics", "datasets"}
    assert first["digests"] == ["2026-06-01"]
    assert first["url"].startswith("http://testserver/papers/")
    assert set(data["facets"]) == {"digest", "topic", "dataset", "has_code", "code_host"}
    digests = data["facets"]["digest"]
    assert [(d["value"], d["count"], d["selected"]) for d in digests] == [
        ("2026-06-01", 49, False),
        ("2026-03-12", 72, False),
    ]
    assert digests[0]["label"] == "Jun 1, 2026"


def test_filters_search_and_paging(client, papers):
    data = client.get("/api/papers/", {"digest": "2026-03-12", "has_code": "true"}).json()
    expected = Paper.objects.filter(listed_on__contains=[dt.date(2026, 3, 12)]).exclude(code_url="").count()
    assert data["count"] == expected > 0
    assert all(r["code_url"] for r in data["results"])
    assert [d["selected"] for d in data["facets"]["digest"] if d["value"] == "2026-03-12"] == [True]
    search = client.get("/api/papers/", {"q": '"Lipschitz bounds"'}).json()
    assert search["count"] >= 1
    assert all("lipschitz bound" in (r["title"] + r["abstract"]).lower() for r in search["results"])
    second = client.get("/api/papers/", {"page": 2, "page_size": 100}).json()
    assert second["page"] == 2 and len(second["results"]) == 21


@pytest.mark.parametrize(
    "params, field",
    [
        ({"digest": "March 12"}, "digest"),
        ({"has_code": "maybe"}, "has_code"),
        ({"page_size": "7"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"topic": "Not A Slug!"}, "topic"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_malformed_parameters_are_a_clear_400(client, papers, params, field):
    response = client.get("/api/papers/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["errors"][field][0]


def test_unknown_parameters_are_ignored(client, papers):
    assert client.get("/api/papers/", {"colour": "blue"}).json()["count"] == 121
    assert client.get("/api/papers/", {"format": "blue"}).json()["count"] == 121


def test_html_list_ignores_malformed_parameters_with_a_notice(client, papers):
    response = client.get("/", {"digest": "March 12", "page_size": "7", "q": "attention"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored parameters that were not understood: digest, page_size" in html
    assert "“attention”" in html  # the valid part still applies


def test_detail(client, papers):
    paper = Paper.objects.get(arxiv_id="2605.29307")
    data = client.get(f"/api/papers/{paper.pk}/").json()
    assert data["title"] == paper.title and data["arxiv_id"] == "2605.29307"
    assert data["digests"] == ["2026-06-01"]
    assert data["code_url"] == "https://github.com/alirezasalemi7/grepseek"
    assert data["authors"][0] == "Alireza Salemi"
    assert 0 < len(data["related"]) <= 5
    assert paper.pk not in [r["id"] for r in data["related"]]


def test_detail_404_and_methods(client, papers):
    assert client.get("/api/papers/999999/").status_code == 404
    assert client.post("/api/papers/").status_code == 405
