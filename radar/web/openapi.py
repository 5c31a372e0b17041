"""The API's OpenAPI 3 document, written as data; enums come from the vocabularies they list."""

from __future__ import annotations

from typing import Any

from domain import Eligibility, Kind, Level, Status
from domain.reasons import CODES
from radar.jobs.api_views import DEFAULT_LIMIT, MAX_LIMIT
from radar.jobs.browse import SORTS, WINDOWS

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _object(**props: Any) -> dict[str, Any]:
    # Every property always present, nothing else: a fuzzer catches a renamed or extra field.
    return {"type": "object", "required": list(props), "properties": props,
            "additionalProperties": False}  # fmt: skip


def _query(name: str, schema: dict[str, Any], text: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": text}


def _path(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "string", "minLength": 1}, "description": text}  # fmt: skip


def _responses(ok: str, schema: str, *errors: int) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": ok, "content": {JSON: {"schema": _ref(schema)}}}}
    texts = {400: "A bad parameter, named in the message", 404: "Not found"}
    for code in errors:
        out[str(code)] = {"description": texts[code], "content": {JSON: {"schema": _ref("Error")}}}
    return out


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                     "default": DEFAULT_LIMIT}, "Items per page"),
    _query("offset", {"type": "integer", "minimum": 0, "maximum": 999999, "default": 0},
           "Items to skip before the pages"),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 999999},
           "Page of limit items after offset: items from offset + (page - 1) * limit"),
]  # fmt: skip

SCHEMAS: dict[str, Any] = {
    "Error": _object(error=_object(code={"type": "integer"}, message=STRING)),
    "Opportunity": _object(
        id=STRING, url=STRING, source=STRING, title=STRING, summary=STRING,
        kind={"type": "string", "enum": [k.value for k in Kind]},
        funder=_nullable(STRING), host_institution=_nullable(STRING),
        host_country=_nullable(STRING), eligible_countries=STRINGS,
        levels={"type": "array", "items": {"type": "string", "enum": [v.value for v in Level]}},
        fields=STRINGS, amount=_nullable({"type": "number"}), currency=_nullable(STRING),
        deadline=_nullable({"type": "string", "format": "date"}),
        status={"type": "string", "enum": [s.value for s in Status]},
        language=_nullable(STRING),
        first_seen=_nullable({"type": "string", "format": "date-time"}),
        featured={"type": "boolean"},
    ),
    "Rank": _object(system=STRING, year={"type": "integer"}, rank=STRING,
                    rank_lower=_nullable({"type": "integer"})),
    "Institution": _object(
        id=STRING, name=STRING, country=_nullable(STRING), url=_nullable(STRING),
        aliases=STRINGS, ranks={"type": "array", "items": _ref("Rank")},
    ),
    "Reason": _object(code={"type": "string", "enum": sorted(CODES)},
                      params={"type": "object"}, text=STRING),
    "Match": _object(
        rank={"type": "integer"}, score={"type": "number"},
        eligibility={"type": "string", "enum": [e.value for e in Eligibility]},
        reasons={"type": "array", "items": _ref("Reason")}, opportunity=_ref("Opportunity"),
    ),
    "PersonMatches": _object(language=STRING, matches={"type": "array", "items": _ref("Match")}),
}
for _name, _item in (("OpportunityPage", "Opportunity"), ("InstitutionPage", "Institution")):
    SCHEMAS[_name] = _object(
        total={"type": "integer", "minimum": 0}, limit={"type": "integer", "minimum": 1},
        offset={"type": "integer", "minimum": 0},
        items={"type": "array", "items": _ref(_item), "maxItems": MAX_LIMIT},
    )  # fmt: skip

OPPORTUNITY_FILTERS = [
    _query("q", STRING, "Words, each prefix-matched, all required (title, summary, funder, host)"),
    _query("kind", {"type": "string", "enum": [k.value for k in Kind]}, "Kind of call"),
    _query("level", {"type": "string", "enum": [v.value for v in Level]}, "Level it is open to"),
    _query("country", COUNTRY, "Host country, two letters"),
    _query("source", {"type": "string", "pattern": "^[^\\u0000]*$"}, "Source name (no NUL)"),
    _query("within", {"type": "integer", "enum": list(WINDOWS)}, "Due within N days (0: any)"),
    _query("sort", {"type": "string", "enum": list(SORTS)}, "deadline (default) or relevance"),
]  # fmt: skip

PATHS: dict[str, Any] = {
    "/opportunities": {"get": {
        "summary": "Open, not hidden calls, with the staff browser's filters",
        "operationId": "listOpportunities", "parameters": OPPORTUNITY_FILTERS + PAGING,
        "responses": _responses("One page and the total", "OpportunityPage", 400),
    }},
    "/opportunities/{opportunity_id}": {"get": {
        "summary": "One open, not hidden call", "operationId": "getOpportunity",
        "parameters": [_path("opportunity_id", "The call's id (it may contain slashes)")],
        "responses": _responses("The call", "Opportunity", 404),
    }},
    "/institutions": {"get": {
        "summary": "Institutions with their ranks per system and year",
        "operationId": "listInstitutions",
        "parameters": [
            _query("country", COUNTRY, "Country, two letters"),
            _query("max_rank", {"type": "integer", "minimum": 1, "maximum": 999999},
                   "Ranked N or better in some system and year"),
            *PAGING,
        ],
        "responses": _responses("One page and the total", "InstitutionPage", 400),
    }},
    "/p/{token}/matches": {"get": {
        "summary": "A person's matches by their private token, reasons as codes and as text",
        "operationId": "personMatches",
        "parameters": [_path("token", "The person's private token")],
        "responses": _responses("Their matches, best first", "PersonMatches", 404),
    }},
    "/openapi.json": {"get": {
        "summary": "This document", "operationId": "openapi",
        "responses": {"200": {"description": "OpenAPI 3 document",
                              "content": {JSON: {"schema": {"type": "object"}}}}},
    }},
}  # fmt: skip

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Opportunity Radar API", "version": "1",
             "description": "Read-only. Errors are JSON: {error: {code, message}}."},
    "servers": [{"url": "/api/v1"}],
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}  # fmt: skip
