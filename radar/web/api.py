"""The read-only JSON API under /api/v1 (GET only, no cookies): opportunities, institutions,
a person's matches by token, and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy import Engine
from werkzeug.exceptions import HTTPException

from radar.jobs import api_views
from radar.jobs.common import today
from radar.web.openapi import DOCUMENT

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PREFIX = "/api/"


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


def _when() -> tuple:  # type: ignore[type-arg]
    settings = current_app.config["RADAR_SETTINGS"]
    return today(settings), settings.timezone


def _args() -> dict[str, str]:
    # A repeated parameter is ambiguous: refuse it rather than pick one silently.
    repeated = [k for k, v in request.args.lists() if len(v) > 1]
    if repeated:
        abort(400, f"parameter {repeated[0][:40]!r} is given more than once")
    return request.args.to_dict()


def _answer(call):  # type: ignore[no-untyped-def]
    try:
        return jsonify(call())
    except api_views.ApiError as exc:
        abort(400, f"Bad parameter: {exc}.")


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """This API's OpenAPI 3 document."""
    return jsonify(DOCUMENT)


@bp.get("/opportunities")
def opportunities():  # type: ignore[no-untyped-def]
    """Open, not hidden calls through the browser's filters, paginated, with the total."""
    args = _args()
    return _answer(lambda: api_views.opportunities(_engine(), args, *_when()))


@bp.get("/opportunities/<path:opportunity_id>")
def opportunity(opportunity_id: str):  # type: ignore[no-untyped-def]
    """One open, not hidden call."""
    found = api_views.opportunity(_engine(), opportunity_id, *_when())
    if found is None:
        abort(404, "No such open opportunity.")
    return jsonify(found)


@bp.get("/institutions")
def institutions():  # type: ignore[no-untyped-def]
    """Institutions and their ranks; filters country and max_rank."""
    args = _args()
    return _answer(lambda: api_views.institutions(_engine(), args))


@bp.get("/p/<token>/matches")
def matches(token: str):  # type: ignore[no-untyped-def]
    """A person's matches by their private token; 404 for anything but a valid token."""
    found = api_views.person_matches(_engine(), token, *_when())
    if found is None:
        abort(404, "This link is not valid (any more).")
    response = jsonify(found)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def wants_json() -> bool:
    """Whether the request is the API's (its errors are JSON, never an HTML page)."""
    return request.path.startswith(PREFIX)


def json_error(error: HTTPException):  # type: ignore[no-untyped-def]
    """An error as ``{"error": {"code", "message"}}`` with its status."""
    code = error.code or 500
    response = jsonify({"error": {"code": code, "message": error.description or error.name}})
    response.status_code = code
    for name, value in error.get_headers():  # Allow on a 405, for one
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
