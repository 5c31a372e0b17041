"""Pages: opportunities, a person's matches with subscribe links, staff curation, feeds."""

from __future__ import annotations

import hashlib
import hmac
import secrets
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
from radar.jobs.common import today
from storage import repository as repo

bp = Blueprint("radar", __name__)
FEED_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
              ".ics": "text/calendar", ".opml": "text/x-opml"}  # fmt: skip


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


def _settings():  # type: ignore[no-untyped-def]
    return current_app.config["RADAR_SETTINGS"]


@bp.app_context_processor
def _inject() -> dict:
    if "form_token" not in session:
        session["form_token"] = secrets.token_urlsafe(24)
    return {"form_token": session["form_token"], "staff": bool(session.get("staff"))}


def _check_form() -> None:
    """Every POST carries the session's form token (no cross-site form submissions)."""
    sent = request.form.get("form_token", "")
    if not hmac.compare_digest(sent, session.get("form_token", "")):
        abort(400, "the form expired or came from another site; reload the page and try again")


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """Open opportunities, filterable by kind and words."""
    kind = request.args.get("kind", "")
    words = request.args.get("q", "").strip()
    hidden = repo.load_curation(_engine(), [])["hidden"]
    items = [
        o
        for o in repo.load_opportunities(_engine(), open_on=today(_settings()), canonical_only=True)
        if o.id not in hidden
        and (not kind or o.kind.value == kind)
        and (not words or words.casefold() in f"{o.title} {o.summary}".casefold())
    ]
    items.sort(key=lambda o: (o.deadline is None, o.deadline or datetime.max.date(), o.title))
    return render_template(
        "index.html", items=items, kinds=[k.value for k in Kind], kind=kind, q=words
    )


@bp.get("/people/<profile_id>")
def person(profile_id: str):  # type: ignore[no-untyped-def]
    """A person's matches with reasons, and links to subscribe to their feeds."""
    found = repo.load_profiles(_engine(), ids=[profile_id])
    if not found:
        abort(404, f"no profile {profile_id!r}")
    opportunities = {o.id: o for o in repo.load_opportunities(_engine(), canonical_only=True)}
    matches = [
        (m, opportunities[m.opportunity_id])
        for m in repo.load_matches(_engine(), profile_id)
        if m.opportunity_id in opportunities
    ]
    return render_template("person.html", profile=found[0], matches=matches)


@bp.post("/people/<profile_id>/not-relevant")
def not_relevant(profile_id: str):  # type: ignore[no-untyped-def]
    """A person mutes an opportunity shown to them."""
    _check_form()
    opportunity_id = request.form.get("opportunity_id", "")
    if not repo.load_profiles(_engine(), ids=[profile_id]) or not repo.load_opportunities(
        _engine(), ids=[opportunity_id]
    ):
        abort(404, "unknown person or opportunity")
    repo.add_feedback(_engine(), profile_id, opportunity_id)
    flash("Thanks — we will not show you this one again, and fewer like it.")
    return redirect(url_for("radar.person", profile_id=profile_id))


@bp.route("/unsubscribe/<profile_id>", methods=["GET", "POST"])
def unsubscribe(profile_id: str):  # type: ignore[no-untyped-def]
    """Turn a person's digest off (the link in every digest's List-Unsubscribe header)."""
    found = repo.load_profiles(_engine(), ids=[profile_id])
    if not found:
        abort(404, f"no profile {profile_id!r}")
    if request.method == "POST":
        _check_form()
        profile = found[0]
        profile.details = {**profile.details, "digest": "off"}
        repo.upsert_profiles(_engine(), [profile])
        return render_template(
            "message.html",
            title="Unsubscribed",
            text="You will get no more digests. Your feeds keep working.",
        )
    return render_template("unsubscribe.html", profile=found[0])


@bp.route("/staff", methods=["GET", "POST"])
def staff():  # type: ignore[no-untyped-def]
    """Staff curation: feature, hide, annotate, recommend; source health."""
    token = _settings().staff_token
    if not token:
        abort(403, "staff pages are off: set RADAR_STAFF_TOKEN to turn them on")
    if request.method == "POST":
        _check_form()
    if request.method == "POST" and "login" in request.form:
        if hmac.compare_digest(request.form.get("token", ""), token):
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
    opportunities = repo.load_opportunities(engine, open_on=today(_settings()), canonical_only=True)
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
