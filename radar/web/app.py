"""Flask application factory: one engine per app, CSRF on every form, strict headers."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from radar.config import Settings
from radar.web import api, auth, browse, i18n, private, staff, subscribe, views
from storage.engine import make_engine
from storage.migrate import upgrade

csrf = CSRFProtect()
# No scripts at all; inline styles only (the pages carry one <style>); no framing anywhere.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def create_app(settings: Settings, feeds_dir: Path | None = None) -> Flask:
    """The app for ``settings``; ``feeds_dir`` is where `radar publish` wrote the feeds."""
    app = Flask(__name__)
    # Sessions only carry the staff account (id, auth version) and the CSRF secret; a fresh key per process is
    # enough unless several processes serve the app (then set RADAR_SECRET_KEY).
    app.secret_key = settings.secret_key or secrets.token_hex(32)
    app.config.update(
        RADAR_SETTINGS=settings,
        RADAR_FEEDS_DIR=Path(feeds_dir) if feeds_dir else None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.base_url.lower().startswith("https://"),
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a page left open still works
    )
    upgrade(settings.database_url)
    app.config["RADAR_ENGINE"] = make_engine(settings.database_url)
    csrf.init_app(app)
    i18n.init_app(app)
    csrf.exempt(private.unsubscribe)  # checks CSRF itself unless it is RFC 8058 one-click
    app.register_blueprint(views.bp)
    app.register_blueprint(private.bp)
    app.register_blueprint(subscribe.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(api.bp)
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def _headers(response):  # type: ignore[no-untyped-def]
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Token URLs must never leak to the sites people click through to; same-origin still
    # sends the Referer that Flask-WTF requires on HTTPS form posts (WTF_CSRF_SSL_STRICT).
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
    return (
        render_template(
            "message.html",
            title=_("Form refused"),
            text=_("The form expired or came from another site; reload the page and try again."),
        ),
        400,
    )


def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    if error.code is None or error.code < 400:
        return error
    if api.wants_json():  # the API answers in JSON, its unknown paths and methods too
        return api.json_error(error)
    name, generic = _error_texts().get(error.code, (error.name, error.description))
    # Werkzeug's own English description stands in for ours when a view gave none.
    text = generic if error.description == type(error).description else error.description
    return render_template("message.html", title=f"{error.code} {name}", text=text), error.code


def _error_texts() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad Request"), _("The request could not be understood.")),
        403: (_("Forbidden"), _("You may not open this page.")),
        404: (_("Not Found"), _("There is no page at this address.")),
        405: (_("Method Not Allowed"), _("This page does not take that kind of request.")),
    }
