"""The staff opportunity browser (/opportunities) and one opportunity's page with actions."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import Engine

from radar.jobs.browse import BrowseError, browse, opportunity_detail, parse_query
from radar.jobs.common import today
from radar.jobs.curation import CurationError, apply_now, curate
from radar.jobs.profiles import list_people
from radar.web.auth import login_required
from radar.web.i18n import error_text

bp = Blueprint("browse", __name__)


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


@bp.get("/opportunities")
@login_required("staff")
def opportunities():  # type: ignore[no-untyped-def]
    """Search and filter every stored call; sorted by deadline or relevance; 25 a page."""
    try:
        query = parse_query(request.args.to_dict())
    except BrowseError as exc:
        abort(400, _("Bad filter: %(problem)s.", problem=exc))
    found = browse(_engine(), query, today(current_app.config["RADAR_SETTINGS"]))
    return render_template("browse.html", found=found, q=query)


@bp.route("/opportunities/<path:opportunity_id>", methods=["GET", "POST"])
@login_required("staff")
def opportunity(opportunity_id: str):  # type: ignore[no-untyped-def]
    """One call: where it was seen, how it changed, its curation; feature/hide/note/recommend."""
    detail = opportunity_detail(_engine(), opportunity_id)
    if detail is None:
        abort(404, _("No such opportunity; search for it under Opportunities."))
    if request.method == "POST":
        form = request.form
        try:
            curate(_engine(), opportunity_id, form.get("action", ""), by=g.account.email,
                   note=form.get("note", ""), target=form.get("target", ""))  # fmt: skip
        except CurationError as exc:
            flash(error_text(exc))
        else:
            apply_now(_engine(), current_app.config["RADAR_SETTINGS"])
            flash(_("Saved; people's matches are updated."))
        return redirect(url_for("browse.opportunity", opportunity_id=opportunity_id))
    people = list_people(_engine())
    groups = sorted({grp for p in people for grp in p.details.get("groups") or []})
    return render_template(
        "opportunity.html", d=detail, o=detail["o"], people=people, groups=groups
    )
