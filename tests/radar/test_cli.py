"""The CLI: every command's help ends with an example; bad input gives a clear error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from radar.cli import app

runner = CliRunner()


def _all_commands() -> list[list[str]]:
    """Every command path of the app, e.g. ['crawl'], ['profiles', 'import']."""
    paths = []

    def walk(cmd, prefix):  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs:
            if prefix:
                paths.append(prefix)
            for name, sub in subs.items():
                walk(sub, [*prefix, name])
        else:
            paths.append(prefix)

    walk(get_command(app), [])
    return paths


COMMANDS = _all_commands()


def test_the_expected_commands_exist():
    names = {" ".join(p) for p in COMMANDS}
    expected = {"init", "demo", "crawl", "profiles import", "match", "publish", "digest", "export", "sources", "sources resume", "schedule"}  # fmt: skip
    assert expected <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p))
def test_help_ends_with_an_example(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [line.strip(" │") for line in result.output.strip().splitlines() if line.strip(" │")]
    assert "Example:" in lines[-1], result.output
    assert "radar" in lines[-1]


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "radar.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout


def test_bad_sources_file_names_entry_and_problem_and_writes_nothing(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "good-feed"\nspider = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n\n'
        '[[sources]]\nname = "typo-feed"\nspider = "fede"\nurl = "http://127.0.0.1:9/x.xml"\n'
    )
    db = tmp_path / "radar.db"
    result = runner.invoke(
        app, ["crawl", "--sources", str(sources), "--database-url", f"sqlite:///{db}"]
    )
    assert result.exit_code != 0
    assert "typo-feed" in result.output
    assert "fede" in result.output
    assert not db.exists()


def test_bad_profile_rows_are_reported_good_ones_imported(tmp_path):
    people = tmp_path / "people.json"
    people.write_text(
        json.dumps([{"id": "a", "name": "A", "role": "student"}, {"id": "b", "role": "nobody"}])
    )
    db = f"sqlite:///{tmp_path / 'radar.db'}"
    result = runner.invoke(app, ["profiles", "import", str(people), "--database-url", db])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    assert "field 'role'" in result.output
    assert "field 'name'" in result.output


def test_export_rejects_unknown_kind_and_format(tmp_path):
    db = f"sqlite:///{tmp_path / 'radar.db'}"
    bad = runner.invoke(app, ["export", "calls", "--database-url", db])
    assert bad.exit_code == 2 and "opportunities, institutions, matches" in bad.output
    bad_format = runner.invoke(app, ["export", "matches", "--format", "xml", "--database-url", db])
    assert bad_format.exit_code == 2 and "jsonl or csv" in bad_format.output


def test_radar_toml_typo_is_a_clear_error(tmp_path):
    (tmp_path / "radar.toml").write_text("smtp_prot = 25\n")
    result = subprocess.run(
        [sys.executable, "-m", "radar.cli", "init"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "smtp_prot" in result.stderr and "docs/settings.md" in result.stderr


def test_cli_reference_documents_every_command_and_option():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    root = get_command(app)
    missing = []
    for path in COMMANDS:
        cmd = root
        for name in path:
            cmd = cmd.commands[name]
        if f"## radar {' '.join(path)}\n" not in doc:
            missing.append(f"section for radar {' '.join(path)}")
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in doc and "completion" not in opt:
                    missing.append(f"{' '.join(path)} {opt}")
    assert missing == []


def test_publications_enrich_a_profile_once(tmp_path):
    db = f"sqlite:///{tmp_path / 'radar.db'}"
    people = tmp_path / "people.json"
    people.write_text(json.dumps([{"id": "li", "name": "Sergey Li", "role": "faculty"}]))
    assert (
        runner.invoke(app, ["profiles", "import", str(people), "--database-url", db]).exit_code == 0
    )
    bib = tmp_path / "works.bib"
    bib.write_text(
        "@article{li2025,\n  title = {Fatigue of welded joints in wind turbine towers},\n"
        "  abstract = {We measure crack growth.},\n  keywords = {fatigue, welding}\n}\n"
    )
    first = runner.invoke(app, ["profiles", "publications", "li", str(bib), "--database-url", db])
    again = runner.invoke(app, ["profiles", "publications", "li", str(bib), "--database-url", db])
    assert "1 publications added, 1 in all" in first.output
    assert "0 publications added, 1 in all" in again.output
    broken = tmp_path / "bad.bib"
    broken.write_text("@article{x,\n  title = {Unclosed\n")
    bad = runner.invoke(app, ["profiles", "publications", "li", str(broken), "--database-url", db])
    assert bad.exit_code == 2 and "bad.bib" in bad.output


def test_curation_commands_write_and_refuse_unknown_ids(tmp_path):
    from datetime import datetime

    from domain import OpportunityRecord
    from storage import repository as repo
    from storage.engine import make_engine
    from storage.migrate import upgrade

    db = f"sqlite:///{tmp_path / 'radar.db'}"
    upgrade(db)
    engine = make_engine(db)
    repo.upsert_opportunities(
        engine, [OpportunityRecord("s/x", "s", "https://e.org/x", "X")], datetime(2026, 11, 27)
    )
    people = tmp_path / "people.json"
    people.write_text(
        json.dumps([{"id": "a", "name": "A", "role": "student", "groups": ["masters"]}])
    )
    runner.invoke(app, ["profiles", "import", str(people), "--database-url", db])
    ok = [
        ["curate", "feature", "s/x"],
        ["curate", "note", "s/x", "Ask Dr. Li"],
        ["curate", "recommend", "s/x", "--group", "masters"],
    ]
    for args in ok:
        result = runner.invoke(app, [*args, "--database-url", db])
        assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["curate", "list", "--database-url", db]).output
    assert "s/x: featured; note: Ask Dr. Li; recommended to group:masters" in listed
    runner.invoke(app, ["curate", "note", "s/x", "", "--database-url", db])
    assert repo.load_curation(engine, [])["notes"] == {}
    bad_opp = runner.invoke(app, ["curate", "hide", "s/nope", "--database-url", db])
    assert bad_opp.exit_code == 2 and "no opportunity with id 's/nope'" in bad_opp.output
    bad_group = runner.invoke(
        app, ["curate", "recommend", "s/x", "--group", "phds", "--database-url", db]
    )
    assert bad_group.exit_code == 2 and "group phds" in bad_group.output
    muted = runner.invoke(app, ["feedback", "a", "s/x", "--not-relevant", "--database-url", db])
    assert muted.exit_code == 0
    assert repo.load_curation(engine, repo.load_profiles(engine))["muted"] == {"a": {"s/x"}}
    engine.dispose()
