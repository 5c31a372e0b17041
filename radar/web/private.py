"""A person's private pages, reached only by their token: matches, feeds, unsubscribe, mute."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import Engine
from wtforms import ValidationError

from domain import Profile
from feeds import render_opml
from feeds.reasons import render_all
from radar.jobs.common import open_calls, today
from radar.jobs.publish import personal_feed
from storage import repository as repo

bp = Blueprint("private", __name__, url_prefix="/p/<token>")
FEEDS = {"feed.atom": ("atom", "application/atom+xml"), "feed.rss": ("rss", "application/rss+xml"),
         "calendar.ics": ("ics", "text/calendar")}  # fmt: skip


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


def _person(token: str) -> Profile:
    """The token's person, or 404 for anything else (malformed, unknown, revoked)."""
    profile_id = repo.profile_for_token(_engine(), token)
    found = repo.load_profiles(_engine(), ids=[profile_id]) if profile_id else []
    if not found:
        abort(404, "This link is not valid (any more). Use the link in your latest digest.")
    return found[0]


def _private(response):  # type: ignore[no-untyped-def]
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.after_request
def _no_caching(response):  # type: ignore[no-untyped-def]
    return _private(response)


@bp.get("/")
def page(token: str):  # type: ignore[no-untyped-def]
    """A person's matches with reasons, and links to subscribe to their feeds."""
    profile = _person(token)
    settings = current_app.config["RADAR_SETTINGS"]
    opportunities = {o.id: o for o in open_calls(_engine(), today(settings), settings.timezone)}
    # reasons are codes: shown in the person's language
    matches = [
        (m, opportunities[m.opportunity_id], render_all(m.reasons, profile.language))
        for m in repo.load_matches(_engine(), profile.id)
        if m.opportunity_id in opportunities
    ]
    return render_template("person.html", profile=profile, matches=matches, token=token)


@bp.get("/<any('feed.atom', 'feed.rss', 'calendar.ics'):name>")
def feed(token: str, name: str):  # type: ignore[no-untyped-def]
    """A person's matches as a feed or calendar, in their language."""
    profile = _person(token)
    ext, mimetype = FEEDS[name]
    page_url = _page_url(token)
    settings = current_app.config["RADAR_SETTINGS"]
    body = personal_feed(
        _engine(), profile, today(settings), page_url, ext, timezone=settings.timezone
    )
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/feeds.opml")
def opml(token: str):  # type: ignore[no-untyped-def]
    """The person's own subscription list: their feed (the public ones would repeat its
    entries, which readers that keep one copy per entry id handle badly)."""
    profile = _person(token)
    outlines = [(f"Opportunity Radar — {profile.name}", _page_url(token) + "feed.atom")]
    body = render_opml(outlines, title=f"Opportunity Radar — {profile.name}")
    return current_app.response_class(body, mimetype="text/x-opml")


@bp.route("/not-relevant", methods=["GET", "POST"])
def not_relevant(token: str):  # type: ignore[no-untyped-def]
    """Mute one opportunity: the mail link opens a confirmation; the form's POST mutes."""
    profile = _person(token)
    opportunity_id = (request.form if request.method == "POST" else request.args).get("o", "")
    found = repo.load_opportunities(_engine(), ids=[opportunity_id]) if opportunity_id else []
    if not found:
        abort(404, "Unknown opportunity.")
    if request.method == "GET":
        return render_template(
            "not_relevant.html", profile=profile, opportunity=found[0], token=token
        )
    repo.add_feedback(_engine(), profile.id, opportunity_id)
    flash("Thanks — we will not show you this one again, and fewer like it.")
    return redirect(url_for("private.page", token=token))


@bp.route("/unsubscribe", methods=["GET", "POST"])
def unsubscribe(token: str):  # type: ignore[no-untyped-def]
    """Turn the digest off. The List-Unsubscribe one-click POST (RFC 8058) comes without
    cookies, so the token authorises it; the page's own form also carries a CSRF token."""
    profile = _person(token)
    if request.method == "GET":
        return render_template("unsubscribe.html", profile=profile, token=token)
    if request.form.get("List-Unsubscribe") != "One-Click":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from exc
    profile.details = {**profile.details, "digest": "off"}
    repo.upsert_profiles(_engine(), [profile])
    return render_template(
        "message.html",
        title="Unsubscribed",
        text="You will get no more digests. Your feeds keep working.",
    )


@bp.post("/rotate")
def rotate(token: str):  # type: ignore[no-untyped-def]
    """A new private link; every older one (pages, feeds, mail links) stops working."""
    profile = _person(token)
    fresh = repo.issue_token(_engine(), profile.id, revoke_others=True)
    flash("Your private link changed. Old links, feeds and calendar subscriptions no longer work; "
          "bookmark this page and subscribe again.")  # fmt: skip
    return redirect(url_for("private.page", token=fresh))


def _page_url(token: str) -> str:
    base = current_app.config["RADAR_SETTINGS"].base_url.rstrip("/")
    return f"{base}/p/{token}/"
