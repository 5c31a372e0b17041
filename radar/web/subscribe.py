"""A person's subscribe page, by token: what to get, how often, in which language; links."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import Engine

from domain import Kind
from radar.jobs.curation import apply_now
from radar.jobs.subscription import FREQUENCIES, Problem, current, parse, regenerate_token, save
from radar.web.private import _person, _private

bp = Blueprint("subscribe", __name__, url_prefix="/p/<token>")
bp.after_request(_private)


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


@bp.route("/subscribe", methods=["GET", "POST"])
def subscribe(token: str):  # type: ignore[no-untyped-def]
    """Show and change the person's settings; a bad value is shown on the page, not stored."""
    profile = _person(token)
    if request.method == "GET":
        return _page(token, current(profile))
    if request.form.get("action") == "regenerate":
        fresh = regenerate_token(_engine(), profile.id)
        flash(_("Your private link changed. Old links, feeds and calendar subscriptions no longer "
                "work; bookmark this page and subscribe again."))  # fmt: skip
        return redirect(url_for("subscribe.subscribe", token=fresh))
    wanted = parse(request.form.to_dict(flat=False))
    if wanted.problems:
        return _page(token, wanted), 422
    if save(_engine(), profile, wanted):
        # the same incremental run as curation: only this person is rescored
        apply_now(_engine(), current_app.config["RADAR_SETTINGS"])
    # Not a flash: that would be worded now, in the old language; after the redirect the
    # page (and this note) reads in the person's new one.
    return redirect(url_for("subscribe.subscribe", token=token, saved=1))


def _page(token: str, shown):  # type: ignore[no-untyped-def]
    base = current_app.config["RADAR_SETTINGS"].base_url.rstrip("/") + f"/p/{token}/"
    links = {"feed": base + "feed.atom", "calendar": base + "calendar.ics", "opml": base + "feeds.opml"}
    return render_template(
        "subscribe.html", token=token, s=shown, kinds=[k.value for k in Kind],
        frequencies=FREQUENCIES, links=links, problems=[_problem_text(p) for p in shown.problems],
        saved="saved" in request.args,
    )  # fmt: skip


def _problem_text(problem: Problem) -> str:
    texts = {
        "unknown_kind": _("Unknown kind %(value)s.", value=problem.value),
        "unknown_country": _("Unknown country %(value)s; write a country name or a two-letter "
                             "code such as DE.", value=problem.value),
        "unknown_frequency": _("Choose daily, weekly or off."),
        "unknown_language": _("Choose a language from the list."),
        "bad_days": _("%(value)s is not a number of days from 0 to 365.", value=problem.value),
        "too_many": _("At most %(value)s entries.", value=problem.value),
    }
    return texts.get(problem.code, problem.code)
