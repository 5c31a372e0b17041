"""Staff login and logout, the signed-in account, and the role checks for staff routes."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from radar.jobs.accounts import LoginRefused, account_by_id, authenticate
from radar.web.i18n import error_text

bp = Blueprint("auth", __name__)
_PATH = re.compile(r"/[A-Za-z0-9/_.~%-]*")


@bp.before_app_request
def _load_account() -> None:
    """The session's account, or None; a session signed for an older password (its auth
    version) or a removed account is cleared."""
    g.account = None
    user_id = session.get("uid")
    if user_id is None:
        return
    account = account_by_id(current_app.config["RADAR_ENGINE"], user_id)
    if account is None or account.auth_version != session.get("av"):
        session.pop("uid", None)
        session.pop("av", None)
        return
    g.account = account


@bp.app_context_processor
def _inject() -> dict:
    return {"account": g.get("account")}


def login_required(role: str = "staff") -> Callable:
    """Send anonymous visitors to the login page; refuse (403) accounts without ``role``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            account = g.get("account")
            if account is None:
                return redirect(url_for("auth.login", next=request.path))
            if role == "admin" and account.role != "admin":
                abort(403, _("This page is for admins; ask one to do it for you."))
            return view(*args, **kwargs)

        return wrapper

    return decorate


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """The login form; throttled per account and per client address."""
    if request.method == "GET":
        return render_template("login.html", email="")
    email = request.form.get("email", "")[:320]
    try:
        account = authenticate(
            current_app.config["RADAR_ENGINE"], current_app.config["RADAR_SETTINGS"],
            email, request.form.get("password", ""), request.remote_addr or "unknown",
        )  # fmt: skip
    except LoginRefused as exc:
        flash(error_text(exc))
        return render_template("login.html", email=email), 401
    session.clear()  # a fresh session: nothing from before the login carries over
    session.update(uid=account.id, av=account.auth_version)
    return redirect(_safe_next(request.args.get("next", "")))


def _safe_next(target: str) -> str:
    """Only paths on this site (never //host or a scheme) after login."""
    # A plain path only: browsers drop tabs and newlines and read "\\" as "/", which would
    # turn "/\t/evil.example" into another site.
    if _PATH.fullmatch(target) and not target.startswith("//"):
        return target
    return url_for("staff.curate_page")


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    """End the session."""
    session.clear()
    flash(_("Logged out."))
    return redirect(url_for("auth.login"))
