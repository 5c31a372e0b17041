"""Good defaults: `radar serve` after `radar demo` shows the demo; no output in the source tree."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain import Kind, OpportunityRecord, Status
from radar.cli import app as cli
from radar.config import load_settings
from radar.jobs.locations import DEMO_RECORD, PROJECT, record_demo, serve_target
from storage import repository as repo
from storage.engine import make_engine
from storage.migrate import upgrade

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working folder with no radar.toml and no RADAR_DATABASE_URL / FEEDS_DIR."""
    for name in ("RADAR_DATABASE_URL", "RADAR_FEEDS_DIR", "RADAR_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _database(folder: Path, title: str) -> str:
    url = f"sqlite:///{folder / 'radar.db'}"
    upgrade(url)
    engine = make_engine(url)
    call = OpportunityRecord(f"demo/{title}", "demo", f"https://e.org/{title}", title,
                             kind=Kind.GRANT, deadline=date(2027, 3, 1), status=Status.OPEN)  # fmt: skip
    repo.upsert_opportunities(engine, [call], datetime(2026, 11, 27))
    engine.dispose()
    (folder / "feeds").mkdir(exist_ok=True)
    return url


def test_serve_picks_the_demo_folder_when_nothing_is_configured(workdir):
    assert serve_target(load_settings(), None).why == "a new empty database"
    demo = _database(workdir / "radar-demo", "Demo call")
    target = serve_target(load_settings(), None)
    assert (target.database_url, target.feeds) == (demo, workdir.resolve() / "radar-demo" / "feeds")
    assert "demo" in target.why
    elsewhere = _database(workdir / "elsewhere", "Recorded call")
    record_demo(workdir / "elsewhere")  # `radar demo --out elsewhere` records its folder
    assert serve_target(load_settings(), None).database_url == elsewhere
    _database(workdir, "Own call")  # ./radar.db now exists: the default wins
    assert serve_target(load_settings(), None).database_url == "sqlite:///radar.db"
    explicit = load_settings(database_url="sqlite:///other.db")
    assert serve_target(explicit, None).database_url == "sqlite:///other.db"


def test_a_damaged_demo_record_falls_back_to_the_demo_folder(workdir):
    (workdir / DEMO_RECORD).write_text("{not json")
    demo = _database(workdir / "radar-demo", "Demo call")
    assert serve_target(load_settings(), None).database_url == demo
    (workdir / DEMO_RECORD).write_text(json.dumps({"database_url": 5}))
    assert serve_target(load_settings(), None).database_url == demo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_radar_serve_after_the_demo_shows_the_demo_and_says_so(workdir):
    _database(workdir / "radar-demo", "Green hydrogen demo call")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADAR_DATABASE")}
    env["PYTHONPATH"] = str(PROJECT)
    server = subprocess.Popen(
        [sys.executable, "-m", "radar.cli", "serve", "--port", str(port)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = _get(f"http://127.0.0.1:{port}/", server)
        assert "Green hydrogen demo call" in body and "1 open" in body
    finally:
        server.terminate()
        out, _err = server.communicate(timeout=30)
    assert "radar-demo/radar.db (the demo's" in out
    assert "radar-demo/feeds" in out
    assert not (workdir / "radar.db").exists()  # no empty database was made here


def _get(url: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.communicate()[1])
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError("radar serve did not answer within 60 s")


def test_publish_writes_outside_the_source_tree_by_default(workdir):
    db = _database(workdir / "data", "Some call")
    done = runner.invoke(cli, ["publish", "--database-url", db])
    assert done.exit_code == 0, done.output
    assert (workdir / "radar-feeds" / "all.atom").is_file()


@pytest.mark.parametrize("inside", ["feeds", "feeds/sub", "radar/web"])
def test_publish_refuses_the_projects_code_folders(workdir, inside):
    db = _database(workdir / "data", "Some call")
    target = PROJECT / inside
    before = sorted(p.name for p in target.parent.iterdir())
    refused = runner.invoke(cli, ["publish", "--out", str(target), "--database-url", db])
    assert refused.exit_code == 2
    assert "inside the project's source tree" in refused.output
    assert sorted(p.name for p in target.parent.iterdir()) == before
