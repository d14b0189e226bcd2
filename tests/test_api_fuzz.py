"""Property-based API test: schemathesis draws requests from the OpenAPI schema the test
server publishes and sends them to it (a staff importer's token; real papers, a bookmark
and a followed search stored). No answer may be a 500, and every answer must match the
schema: its status, content type and body.

Bounded: each operation gets a fixed number of valid and of invalid requests (ten times
more with HYPOTHESIS_PROFILE=thorough), under a time limit. (schemathesis' own pytest
plugin does not run under pytest 9, so the test drives its strategies with Hypothesis.)
"""

from __future__ import annotations

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from papers.api import tokens
from tests.admin_import_helpers import importer, migrated_data_back  # noqa: F401 (fixtures)
from tests.conftest import EXAMPLES_SCALE
from tests.readers import import_seed
from tests.timeouts import at_most

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 15 * EXAMPLES_SCALE


def _cases() -> list[tuple[str, str, GenerationMode]]:
    """Every operation with valid requests; with invalid ones too when it takes input
    (an operation without parameters or body has no invalid request to draw)."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    cases = []
    for path, item in sorted(paths.items()):
        for method, operation in item.items():
            cases.append((method.upper(), path, GenerationMode.POSITIVE))
            if operation.get("parameters") or operation.get("requestBody"):
                cases.append((method.upper(), path, GenerationMode.NEGATIVE))
    return cases


CASES = _cases()


@pytest.fixture
def caller(transactional_db, live_server, importer, migrated_data_back, settings):
    """Real papers (one bookmarked, one search followed) and a staff importer's token."""
    from papers.following.services import follow
    from papers.services.bookmarks import save_bookmark

    settings.LECTERN_API_RATE = settings.LECTERN_API_WRITE_RATE = "100000/minute"
    papers = import_seed()
    save_bookmark(importer, papers[0], status="reading", note="<b>mine</b>")
    follow(importer, "q=diffusion", "Diffusion")
    _, key = tokens.create_token(importer, "schemathesis")
    return {"Authorization": f"Token {key}"}


@pytest.mark.parametrize(
    "method, path, mode", CASES, ids=[f"{m} {p} {'valid' if g == GenerationMode.POSITIVE else 'invalid'}" for m, p, g in CASES]
)
def test_no_500_and_every_answer_matches_the_schema(live_server, caller, method, path, mode):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    operation = schema[path][method]
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def call(case):
        response = case.call_and_validate(base_url=live_server.url, headers=caller, checks=CHECKS, timeout=30)
        sent.append(response.status_code)

    with at_most(180, f"{method} {path}"):
        call()
    assert sent, "no request was sent"
