"""The web app (Flask): opportunities, a person's matches and feeds, staff curation, health."""

from radar.web.app import create_app

__all__ = ["create_app"]
