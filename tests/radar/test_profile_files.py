"""Profile files: JSON, YAML and CSV import; a clear error per bad row; good rows kept."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain import Level, Role
from radar.jobs.profiles import import_profiles
from radar.profile_files import ProfileFileError, read_profile_file
from storage import repository as repo

GOOD = {
    "id": "dilnoza",
    "name": "Dilnoza Karimova",
    "role": "student",
    "language": "uz",
    "level": "bachelor",
    "target_levels": ["master", "exchange"],
    "citizenship": "UZ",
    "birth_date": "2004-05-17",
    "language_tests": {"IELTS": 6.5},
    "gpa": "3.6/4",
}


def test_json_rows_become_profiles(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([GOOD, {"id": "x", "name": "Prof X", "role": "faculty"}]))
    result = read_profile_file(path)
    assert result.errors == []
    first = result.profiles[0]
    assert first.role is Role.STUDENT
    assert first.level is Level.BACHELOR
    assert first.target_levels == ["master", "exchange"]
    assert first.birth_date == date(2004, 5, 17)
    assert first.details["language_tests"] == {"IELTS": 6.5}
    assert first.details["gpa"] == "3.6/4"


def test_bad_rows_name_file_line_field_and_expectation(tmp_path):
    path = tmp_path / "p.json"
    rows = [
        GOOD,
        {"id": "a", "role": "student"},
        {"id": "b", "name": "B", "role": "student", "citizenship": "Atlantis"},
        {"id": "c", "name": "C", "role": "student", "birth_date": "2001-02-30"},
        {**GOOD},
    ]
    path.write_text(json.dumps(rows, indent=1))
    result = read_profile_file(path)
    assert [p.id for p in result.profiles] == ["dilnoza"]
    text = "\n".join(result.errors)
    assert f"{path}:" in text
    assert "field 'name': Field required" in text
    assert "field 'citizenship'" in text and "unknown country 'Atlantis'" in text
    assert "field 'birth_date'" in text
    assert "duplicate id 'dilnoza'" in text
    # Each message points at the line where its object starts.
    lines = text.splitlines()
    assert lines[0].startswith(f"{path}:") and ":" in lines[0]
    line_no = int(result.errors[0].split(":")[1])
    assert path.read_text().splitlines()[line_no - 1].strip().startswith("{")


def test_yaml_and_csv(tmp_path):
    yml = tmp_path / "p.yaml"
    yml.write_text(
        "- id: rustam\n  name: Рустам Алиев\n  role: faculty\n  language: ru\n"
        "  keywords: [солнечная энергетика, photovoltaics]\n"
        "- id: bad\n  role: wizard\n  name: X\n"
    )
    got = read_profile_file(yml)
    assert [p.id for p in got.profiles] == ["rustam"]
    assert got.profiles[0].keywords == ["солнечная энергетика", "photovoltaics"]
    assert got.errors == [f"{yml}:6: field 'role': Input should be 'faculty', 'student' or 'staff'"]
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "id,name,role,level,target_levels,citizenship,language_tests\n"
        "aziz,Aziz,student,master,phd;internship,UZ,IELTS=7;TOEFL=95\n"
        "z,Z,student,wizard,,UZ,\n"
    )
    got = read_profile_file(csv_path)
    assert got.profiles[0].target_levels == ["phd", "internship"]
    assert got.profiles[0].details["language_tests"] == {"IELTS": 7.0, "TOEFL": 95.0}
    assert len(got.errors) == 1 and got.errors[0].startswith(f"{csv_path}:3: field 'level'")


def test_unreadable_files_raise_a_clear_error(tmp_path):
    broken = tmp_path / "p.json"
    broken.write_text('[{"id": "a",')
    with pytest.raises(ProfileFileError, match="not valid JSON"):
        read_profile_file(broken)
    xlsx = tmp_path / "p.xlsx"
    xlsx.write_bytes(b"PK")
    with pytest.raises(ProfileFileError, match="unknown format"):
        read_profile_file(xlsx)
    with pytest.raises(ProfileFileError, match="cannot read"):
        read_profile_file(tmp_path / "missing.json")


def test_import_keeps_good_rows_and_reimport_updates(engine, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([GOOD, {"id": "bad", "role": "student"}]))
    first = import_profiles(engine, path)
    assert (first.new, len(first.errors)) == (1, 1)
    path.write_text(json.dumps([{**GOOD, "level": "master"}]))
    second = import_profiles(engine, path)
    assert (second.new, second.updated) == (0, 1)
    assert repo.load_profiles(engine)[0].level is Level.MASTER
