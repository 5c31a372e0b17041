"""Public pages: open opportunities, staff curation (behind the staff token), public feeds."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from sqlalchemy import Engine

from domain import Kind
from radar.jobs.common import open_calls, today
from storage import repository as repo

bp = Blueprint("radar", __name__)
FEED_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
              ".ics": "text/calendar", ".opml": "text/x-opml"}  # fmt: skip


# Older versions wrote personal feeds here; they are never served publicly.
PRIVATE_FOLDERS = {"profile", "people", "private"}


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


def _settings():  # type: ignore[no-untyped-def]
    return current_app.config["RADAR_SETTINGS"]


@bp.app_context_processor
def _inject() -> dict:
    return {"staff": bool(session.get("staff"))}


def _same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of any text (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(
        given.encode("utf-8", "replace"), expected.encode("utf-8", "replace")
    )


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """Open opportunities, filterable by kind and words."""
    kind = request.args.get("kind", "")
    words = request.args.get("q", "").strip()
    hidden = repo.load_curation(_engine(), [])["hidden"]
    items = [
        o
        for o in open_calls(_engine(), today(_settings()), _settings().timezone)
        if o.id not in hidden
        and (not kind or o.kind.value == kind)
        and (not words or words.casefold() in f"{o.title} {o.summary}".casefold())
    ]
    items.sort(key=lambda o: (o.deadline is None, o.deadline or datetime.max.date(), o.title))
    return render_template(
        "index.html", items=items, kinds=[k.value for k in Kind], kind=kind, q=words
    )


@bp.route("/staff", methods=["GET", "POST"])
def staff():  # type: ignore[no-untyped-def]
    """Staff curation: feature, hide, annotate, recommend; source health."""
    token = _settings().staff_token
    if not token:
        abort(403, "staff pages are off: set RADAR_STAFF_TOKEN to turn them on")
    if request.method == "POST" and "login" in request.form:
        if _same_secret(request.form.get("token", ""), token):
            session["staff"] = True
            return redirect(url_for("radar.staff"))
        flash("Wrong staff token.")
    if not session.get("staff"):
        return render_template("login.html")
    if request.method == "POST":
        error = _curate(request.form)
        flash(error or "Saved. It takes effect at the next match run.")
        return redirect(url_for("radar.staff"))
    engine = _engine()
    opportunities = open_calls(engine, today(_settings()), _settings().timezone)
    profiles = repo.load_profiles(engine)
    groups = sorted({g for p in profiles for g in p.details.get("groups") or []})
    curation = {c["opportunity_id"]: c for c in repo.list_curation(engine)}
    return render_template(
        "staff.html", opportunities=opportunities, profiles=profiles, groups=groups,
        curation=curation, sources=repo.list_sources(engine),
        runs={r["source"]: r for r in repo.latest_runs(engine)},
    )  # fmt: skip


def _curate(form) -> str | None:  # type: ignore[no-untyped-def]
    """Apply one curation form; returns an error message (nothing written) or None."""
    engine = _engine()
    opportunity_id = form.get("opportunity_id", "")
    if not repo.load_opportunities(engine, ids=[opportunity_id]):
        return f"No opportunity {opportunity_id!r}: pick one from the list."
    action = form.get("action")
    if action in ("feature", "unfeature"):
        repo.set_flags(engine, opportunity_id, featured=action == "feature")
    elif action in ("hide", "unhide"):
        repo.set_flags(engine, opportunity_id, hidden=action == "hide")
    elif action == "note":
        note = form.get("note", "").strip()
        if len(note) > 2000:
            return "The note is longer than 2,000 characters; shorten it."
        repo.set_flags(engine, opportunity_id, note=note)
    elif action == "recommend":
        target = form.get("target", "")
        kind, _, name = target.partition(":")
        profiles = repo.load_profiles(engine)
        if kind == "profile" and name in {p.id for p in profiles}:
            repo.recommend(engine, opportunity_id, profile_id=name, note=form.get("note") or None)
        elif kind == "group" and name in {
            g for p in profiles for g in p.details.get("groups") or []
        }:
            repo.recommend(engine, opportunity_id, group=name, note=form.get("note") or None)
        else:
            return f"Recommend to whom? {target!r} is neither a known person nor a group."
    else:
        return f"Unknown action {action!r}."
    return None


@bp.get("/feeds/<path:name>")
def feed(name: str):  # type: ignore[no-untyped-def]
    """A published feed file, with ETag and Last-Modified so readers poll cheaply (304)."""
    folder: Path | None = current_app.config["RADAR_FEEDS_DIR"]
    if folder is None:
        abort(404, "no feeds folder configured: run `radar publish` and `radar serve --feeds DIR`")
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
