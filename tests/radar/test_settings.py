"""Settings: radar.toml and RADAR_* variables (environment wins), every setting documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from radar.config import Settings, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_environment_wins_over_radar_toml(tmp_path, monkeypatch):
    (tmp_path / "radar.toml").write_text(
        'database_url = "sqlite:///from-file.db"\nsmtp_port = 2525\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RADAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("RADAR_CONFIG", raising=False)
    assert load_settings().database_url == "sqlite:///from-file.db"
    monkeypatch.setenv("RADAR_DATABASE_URL", "sqlite:///from-env.db")
    settings = load_settings()
    assert settings.database_url == "sqlite:///from-env.db"
    assert settings.smtp_port == 2525
    assert load_settings(database_url="sqlite:///arg.db").database_url == "sqlite:///arg.db"


def test_a_typo_in_radar_toml_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "radar.toml").write_text('databse_url = "sqlite:///x.db"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RADAR_CONFIG", raising=False)
    with pytest.raises(ValidationError, match="databse_url"):
        load_settings()


def test_every_setting_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    missing = [
        name
        for name in Settings.model_fields
        if f"`{name}`" not in text or f"`RADAR_{name.upper()}`" not in text
    ]
    assert missing == []
