"""Public pages: open opportunities and the public feeds (staff pages are in staff.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    send_file,
)
from flask_babel import gettext as _
from sqlalchemy import Engine

from domain import Kind
from radar.jobs.common import today
from radar.jobs.visible import visible_opportunities

bp = Blueprint("radar", __name__)
FEED_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
              ".ics": "text/calendar", ".opml": "text/x-opml"}  # fmt: skip


# Older versions wrote personal feeds here; they are never served publicly.
PRIVATE_FOLDERS = {"profile", "people", "private"}


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


def _settings():  # type: ignore[no-untyped-def]
    return current_app.config["RADAR_SETTINGS"]


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """Open opportunities, filterable by kind and words."""
    kind = request.args.get("kind", "")
    words = request.args.get("q", "").strip()
    items = [
        o
        for o in visible_opportunities(_engine(), today(_settings()), _settings().timezone)
        if (not kind or o.kind.value == kind)
        and (not words or words.casefold() in f"{o.title} {o.summary}".casefold())
    ]
    items.sort(key=lambda o: (o.deadline is None, o.deadline or datetime.max.date(), o.title))
    return render_template(
        "index.html", items=items, kinds=[k.value for k in Kind], kind=kind, q=words
    )


@bp.get("/feeds/<path:name>")
def feed(name: str):  # type: ignore[no-untyped-def]
    """A published feed file, with ETag and Last-Modified so readers poll cheaply (304)."""
    folder: Path | None = current_app.config["RADAR_FEEDS_DIR"]
    if folder is None:
        abort(404, _("No feeds folder configured: run `radar publish` and `radar serve --feeds DIR`."))
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or path.suffix not in FEED_TYPES or not path.is_file():
        abort(404)
    if path.relative_to(folder.resolve()).parts[0] in PRIVATE_FOLDERS:
        abort(404)  # personal files an older version published: only token URLs show them
    body = path.read_bytes()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    if request.headers.get("If-None-Match") == etag or _not_modified_since(modified):
        response = current_app.response_class(status=304)
    else:
        response = send_file(path, mimetype=FEED_TYPES[path.suffix], conditional=False)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def _not_modified_since(modified: datetime) -> bool:
    header = request.headers.get("If-Modified-Since")
    if not header or request.headers.get("If-None-Match"):
        return False
    try:
        return modified <= parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
