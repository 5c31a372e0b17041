"""Staff pages: curation (staff and admins), users and sources (admins only)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Engine

from radar.jobs.accounts import AccountError, add_account, list_accounts, remove_account
from radar.jobs.common import today
from radar.jobs.curation import CurationError, apply_now, curate, curation_overview
from radar.jobs.profiles import list_people
from radar.jobs.sources_admin import resume_source, source_health
from radar.jobs.visible import visible_opportunities
from radar.web.auth import login_required
from radar.web.i18n import error_text

bp = Blueprint("staff", __name__)


def _engine() -> Engine:
    return current_app.config["RADAR_ENGINE"]


@bp.route("/staff", methods=["GET", "POST"])
@login_required("staff")
def curate_page():  # type: ignore[no-untyped-def]
    """Feature, hide, annotate, recommend; applied to people's matches at once."""
    if request.method == "POST":
        form = request.form
        try:
            curate(_engine(), form.get("opportunity_id", ""), form.get("action", ""),
                   by=g.account.email, note=form.get("note", ""), target=form.get("target", ""))  # fmt: skip
        except CurationError as exc:
            flash(error_text(exc))
        else:
            summary = apply_now(_engine(), current_app.config["RADAR_SETTINGS"])
            flash(_("Saved; matches updated (%(n)s people rescored in full, everyone else "
                    "for the changed call).", n=len(summary.rescored_profiles)))  # fmt: skip
        return redirect(url_for("staff.curate_page"))
    profiles = list_people(_engine())
    settings = current_app.config["RADAR_SETTINGS"]
    return render_template(
        "staff.html",
        opportunities=visible_opportunities(_engine(), today(settings), settings.timezone),
        profiles=profiles,
        groups=sorted({grp for p in profiles for grp in p.details.get("groups") or []}),
        curation=curation_overview(_engine()),
    )


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required("admin")
def users():  # type: ignore[no-untyped-def]
    """Add and remove staff accounts."""
    if request.method == "POST":
        form = request.form
        try:
            if form.get("action") == "remove":
                if form.get("email", "").lower() == g.account.email:
                    raise AccountError(_("You cannot remove your own account here."))
                remove_account(_engine(), form.get("email", ""))
                flash(_("Removed %(email)s.", email=form.get("email")))
            else:
                made = add_account(_engine(), form.get("email", "").strip(),
                                   form.get("password", ""), form.get("role", ""))  # fmt: skip
                flash(_("Added %(email)s (%(role)s).", email=made.email, role=made.role))
        except AccountError as exc:
            flash(error_text(exc))
        return redirect(url_for("staff.users"))
    return render_template("admin_users.html", users=list_accounts(_engine()))


@bp.route("/admin/sources", methods=["GET", "POST"])
@login_required("admin")
def sources():  # type: ignore[no-untyped-def]
    """Source health; resume a paused source."""
    if request.method == "POST":
        name = request.form.get("source", "")
        if resume_source(_engine(), name):
            flash(_("Resumed %(name)s.", name=name))
        else:
            flash(_("No source %(name)s.", name=repr(name)))
        return redirect(url_for("staff.sources"))
    found, runs = source_health(_engine())
    return render_template("admin_sources.html", sources=found, runs=runs)
