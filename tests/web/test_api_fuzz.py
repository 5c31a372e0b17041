"""Schemathesis fuzzes the JSON API from its own OpenAPI document on a seeded SQLite site:
no 500 on any input, every response conforms to the document."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from api_seed import make_site
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

from radar.web.openapi import DOCUMENT


@pytest.fixture
def site(sqlite_url: str) -> Iterator:  # type: ignore[type-arg]
    yield from make_site(sqlite_url)


@pytest.fixture
def api_schema(site):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
# Derandomised (the same cases on every run, so CI is reproducible) and bounded (~60 s for all).
@settings(max_examples=40, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
def test_no_500_and_every_response_as_documented(case):  # type: ignore[no-untyped-def]
    # Every built-in check: no 5xx, status codes, content types and bodies as documented,
    # schema-valid requests accepted, schema-violating ones (negative cases) refused with a 4xx.
    case.call_and_validate()


def test_a_valid_token_and_a_known_call_answer_as_documented(site):
    # Random tokens and ids only ever reach the 404s; these reach the 200s.
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site.app)
    for token in site.tokens.values():
        case = loaded["/p/{token}/matches"]["GET"].Case(path_parameters={"token": token})
        assert case.call_and_validate().status_code == 200
    case = loaded["/opportunities/{opportunity_id}"]["GET"].Case(
        path_parameters={"opportunity_id": "src/solar"}
    )
    assert case.call_and_validate().status_code == 200


def test_the_conformance_check_catches_an_undocumented_field(site, monkeypatch):
    # The fuzz run above could not fail if the checks ignored bodies: drop a field from the
    # document and the same response is refused.
    opportunity = DOCUMENT["components"]["schemas"]["Opportunity"]
    monkeypatch.setitem(opportunity, "properties",
                        {k: v for k, v in opportunity["properties"].items() if k != "featured"})  # fmt: skip
    monkeypatch.setitem(opportunity, "required", [k for k in opportunity["required"] if k != "featured"])
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site.app)
    case = loaded["/opportunities/{opportunity_id}"]["GET"].Case(
        path_parameters={"opportunity_id": "src/solar"}
    )
    with pytest.raises(FailureGroup) as found:
        case.call_and_validate()
    assert [type(e).__name__ for e in found.value.exceptions] == ["JsonSchemaError"]
    assert "'featured' was unexpected" in str(found.value.exceptions[0])
