"""Flask application factory: one engine per app, pages in views.py, feeds served with ETags."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from radar.config import Settings
from radar.web import views
from storage.engine import make_engine
from storage.migrate import upgrade


def create_app(settings: Settings, feeds_dir: Path | None = None) -> Flask:
    """The app for ``settings``; ``feeds_dir`` is where `radar publish` wrote the feeds."""
    app = Flask(__name__)
    # Sessions only carry the staff login and the form token; a fresh key per process is
    # enough unless several processes serve the app (then set RADAR_SECRET_KEY).
    app.secret_key = settings.secret_key or secrets.token_hex(32)
    app.config["RADAR_SETTINGS"] = settings
    app.config["RADAR_FEEDS_DIR"] = Path(feeds_dir) if feeds_dir else None
    upgrade(settings.database_url)
    app.config["RADAR_ENGINE"] = make_engine(settings.database_url)
    app.register_blueprint(views.bp)
    return app
