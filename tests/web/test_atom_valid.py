"""The Atom feeds people subscribe to, public files and personal ones the web app serves, are
valid against RFC 4287's schema: after the demo, and with hostile names and reasons."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from lxml import etree

from domain import Eligibility, Match, Profile, Role
from radar.config import load_settings
from radar.jobs.demo import run_demo
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine
from tests.feeds.atom_schema import atom_errors
from tests.feeds.test_atom_schema import HOSTILE, seed_everything

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _personal_feeds(app, engine, profiles) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    client = app.test_client()
    bodies = {}
    for profile in profiles:
        token = repo.issue_token(engine, profile.id)
        response = client.get(f"/p/{token}/feed.atom")
        assert response.status_code == 200, (profile.id, response.data[:200])
        bodies[profile.id] = response.data
    return bodies


@pytest.mark.slow
def test_after_the_demo_every_public_and_personal_atom_feed_is_valid(tmp_path):
    summary = run_demo(tmp_path / "out")
    files = sorted((tmp_path / "out" / "feeds").rglob("*.atom"))
    assert len(files) >= 20
    for path in files:
        assert atom_errors(path.read_bytes()) == [], path
    url = f"sqlite:///{tmp_path / 'out' / 'radar.db'}"
    engine = make_engine(url)
    try:
        profiles = repo.load_profiles(engine)
        app = create_app(load_settings(database_url=url, base_url=summary.settings.base_url))
        bodies = _personal_feeds(app, engine, profiles)
        assert len(bodies) == len(profiles) >= 8
        entries = 0
        for profile in profiles:
            assert atom_errors(bodies[profile.id]) == [], profile.id
            root = etree.fromstring(bodies[profile.id])
            assert root.get(XML_LANG) == (profile.language or "en")[:2]
            entries += len(root.findall("{http://www.w3.org/2005/Atom}entry"))
        assert entries > 0  # the demo's people have matches: their entries were checked too
    finally:
        engine.dispose()


def test_personal_feeds_with_hostile_names_and_reasons_are_valid(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        seed_everything(engine)
        people = [Profile(f"p-{lang}", f"{HOSTILE} {lang}", Role.FACULTY, language=lang)
                  for lang in ("en", "ru", "uz", "xx-bad tag")]  # fmt: skip
        repo.upsert_profiles(engine, people)
        calls = repo.load_opportunities(engine, open_on=date(2026, 11, 27))
        matches = [Match(p.id, c.id, 0.5, i + 1, Eligibility.CHECK, [HOSTILE, ""])
                   for p in people for i, c in enumerate(calls)]  # fmt: skip
        repo.replace_matches(engine, matches, [p.id for p in people], datetime(2026, 11, 27))
        app = create_app(load_settings(database_url=sqlite_url, base_url="https://r.example.uz"))
        for profile_id, body in _personal_feeds(app, engine, people).items():
            assert atom_errors(body) == [], profile_id
            assert len(etree.fromstring(body).findall("{http://www.w3.org/2005/Atom}entry")) > 3
    finally:
        engine.dispose()
