"""End to end: `radar demo` crawls the sample sites, stores, matches, publishes and writes digests."""

from __future__ import annotations

import email
import email.policy
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from domain import Status
from feeds import guid_for
from feeds.reasons import render_all
from storage import repository as repo
from storage.engine import make_engine

EXPECTED_ITEMS = {
    "demo-blog": 10,
    "demo-news": 6,
    "demo-portal": 12,
    "demo-grants-api": 10,
    "demo-rankings": 25,
}
pytestmark = pytest.mark.slow


def _radar(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("radar")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "radar.cli", *args]
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=600, env={"COLUMNS": "200", **_env()}
    )


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("RADAR_")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Run the demo twice into the same folder; yields (folder, first output, second output)."""
    work = tmp_path_factory.mktemp("demo")
    first = _radar("demo", "--out", "out", cwd=work)
    assert first.returncode == 0, first.stdout + first.stderr
    out = work / "out"
    engine = make_engine(f"sqlite:///{out / 'radar.db'}")
    before = len(repo.load_opportunities(engine))
    second = _radar("demo", "--out", "out", cwd=work)
    assert second.returncode == 0, second.stdout + second.stderr
    yield out, first.stdout, second.stdout, before, engine
    engine.dispose()


def test_every_source_is_crawled_with_its_items(demo):
    _out, _first, _second, _before, engine = demo
    runs = {r["source"]: r for r in repo.latest_runs(engine)}
    assert set(runs) == set(EXPECTED_ITEMS)
    for source, count in EXPECTED_ITEMS.items():
        assert runs[source]["status"] == "ok", runs[source]["errors"]
        assert runs[source]["scraped"] == count, source


def test_second_run_adds_no_duplicates(demo):
    _out, _first, _second, before, engine = demo
    opportunities = repo.load_opportunities(engine)
    assert before == len(opportunities) == 38
    assert len({o.url for o in opportunities}) == len(opportunities)
    runs = repo.latest_runs(engine)
    assert sum(r["new"] for r in runs) == 0
    assert sum(r["updated"] for r in runs) == 0
    assert len(repo.load_institutions(engine)) == 25


def test_summary_shows_sources_counts_and_top_matches(demo):
    out, first, _second, _before, engine = demo
    for source in EXPECTED_ITEMS:
        assert source in first
    assert "Stored: 38 opportunities" in first
    for profile in repo.load_profiles(engine):
        assert profile.name in first
        top = repo.load_matches(engine, profile.id)[:1]
        titles = {o.id: o.title for o in repo.load_opportunities(engine)}
        for m in top:
            assert titles[m.opportunity_id][:30] in first.replace("\n", " ")
    assert str(out / "feeds") in first


def test_every_feed_parses_and_holds_the_open_opportunities(demo):
    out, _first, _second, _before, engine = demo
    feeds = sorted((out / "feeds").rglob("*.rss")) + sorted((out / "feeds").rglob("*.atom"))
    assert len(list((out / "feeds" / "kind").glob("*.atom"))) == 11
    folders = {p.relative_to(out / "feeds").parts[0] for p in feeds if len(p.parts) > 1}
    # Public facets only: personal feeds are behind tokens, never files.
    assert {"kind", "level", "country"} <= folders and "profile" not in folders
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    open_ids = {o.id for o in repo.load_opportunities(engine) if o.status is Status.OPEN}
    all_atom = feedparser.parse((out / "feeds" / "all.atom").read_bytes())
    assert {e.id for e in all_atom.entries} == {guid_for(i) for i in open_ids}
    grants = feedparser.parse((out / "feeds" / "kind" / "grant.rss").read_bytes())
    grant_ids = {
        o.id
        for o in repo.load_opportunities(engine)
        if o.kind.value == "grant" and o.id in open_ids
    }
    assert {e.id for e in grants.entries} == {guid_for(i) for i in grant_ids}
    from radar.config import load_settings
    from radar.web import create_app

    app = create_app(load_settings(database_url=f"sqlite:///{out / 'radar.db'}"), out / "feeds")
    client = app.test_client()
    for profile in repo.load_profiles(engine):
        token = repo.issue_token(engine, profile.id)
        parsed = feedparser.parse(client.get(f"/p/{token}/feed.atom").data)
        assert parsed.bozo == 0
        assert len(parsed.entries) == len(repo.load_matches(engine, profile.id))
    app.config["RADAR_ENGINE"].dispose()


def test_each_profile_has_a_multipart_digest_listing_its_top_matches(demo):
    out, _first, _second, _before, engine = demo
    titles = {o.id: o.title for o in repo.load_opportunities(engine)}
    profiles = repo.load_profiles(engine)
    assert len(list((out / "outbox").glob("*.eml"))) == len(profiles) == 8
    for profile in profiles:
        msg = email.message_from_bytes(
            (out / "outbox" / f"{profile.id}.eml").read_bytes(), policy=email.policy.default
        )
        assert msg.get_content_type() == "multipart/alternative"
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        matches = repo.load_matches(engine, profile.id)
        assert matches, f"{profile.id} has no matches"
        for m in matches[:3]:
            assert titles[m.opportunity_id] in text
            # reasons are rendered in the person's language
            assert render_all(m.reasons, profile.language)[0].split(":")[0] in text
        assert "<html" in html.lower()


def test_partner_finder_lists_ranked_hosts_with_their_calls(demo):
    out, _first, _second, _before, _engine = demo
    result = _radar(
        "partners", "--country", "DE", "--max-rank", "300", "--database-url", f"sqlite:///{out / 'radar.db'}",
        cwd=out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Technical University of Munich" in result.stdout
    assert "Green Hydrogen for Arid Regions" in result.stdout
    assert "University of Oxford" not in result.stdout  # GB, filtered out


def test_exports_follow_the_documented_contract(demo):
    out, _first, _second, _before, _engine = demo
    import json

    db = f"sqlite:///{out / 'radar.db'}"
    opps = _radar("export", "opportunities", "--database-url", db, cwd=out)
    rows = [json.loads(line) for line in opps.stdout.splitlines()]
    assert len(rows) >= 30
    required = {
        "id", "source", "url", "title", "kind", "funder", "host_institution", "host_country",
        "eligible_countries", "levels", "fields", "amount", "currency", "deadline", "status",
        "language", "first_seen", "last_seen", "summary", "eligibility_evidence", "host_rank", "also_seen_at",
    }  # fmt: skip
    assert all(required <= set(r) for r in rows)
    tum = [r for r in rows if r["host_rank"] and "Green Hydrogen" in r["title"]]
    assert tum and tum[0]["host_rank"] == {"system": "the", "year": 2026, "rank": "26"}
    matches = [
        json.loads(x)
        for x in _radar("export", "matches", "--database-url", db, cwd=out).stdout.splitlines()
    ]
    assert {"profile_id", "opportunity_id", "score", "rank", "reasons"} <= set(matches[0])
    insts = _radar(
        "export", "institutions", "--format", "csv", "--database-url", db, cwd=out
    ).stdout
    assert insts.splitlines()[0] == "id,name,country,url,aliases,ranks,subjects"


def test_eval_scores_judgments_and_warns_about_unknown_ids(demo):
    out, _first, _second, _before, engine = demo
    profile = repo.load_profiles(engine)[0]
    matches = repo.load_matches(engine, profile.id)
    qrels = out / "qrels.txt"
    qrels.write_text(
        f"{profile.id} 0 {matches[0].opportunity_id} 2\n"
        f"{profile.id} 0 ghost/call 1\n"
        "nobody 0 demo-blog/x 1\n"
        "broken line\n",
        encoding="utf-8",
    )
    result = _radar(
        "eval",
        "--judgments",
        str(qrels),
        "--database-url",
        f"sqlite:///{out / 'radar.db'}",
        cwd=out,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "nDCG@10" in result.stdout and "1.0000" in result.stdout
    )  # the judged call is ranked first
    assert "ghost/call" in result.stderr
    assert "nobody" in result.stderr
    assert "line 4" in result.stderr
