"""Read profile files (JSON, YAML, CSV) into validated profiles, with an error per bad row."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pycountry
import yaml
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from domain import Kind, Level, Profile, Role

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TARGETS = {v.value for v in Level} | {v.value for v in Kind}
# CSV cells hold lists as "a; b" and objects as "IELTS=6.5; TOEFL=90".
_CSV_LISTS = (
    "keywords",
    "fields",
    "target_levels",
    "preferred_countries",
    "excluded_kinds",
    "groups",
)


class ProfileIn(BaseModel):
    """One profile as written in a file; validation errors name the field and what is expected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    name: str
    role: Role
    email: str | None = None
    language: Literal["uz", "ru", "en"] = "en"
    interests: str = ""
    keywords: list[str] = []
    fields: list[str] = []
    level: Level | None = None
    target_levels: list[str] = []
    citizenship: str | None = None
    residence: str | None = None
    employer_country: str | None = None  # where the person's institution is (else residence)
    birth_date: date | None = None
    language_tests: dict[str, float | str] = {}
    gpa: str | None = None
    doctorate_year: int | None = None  # for "no more than N years after the doctorate"
    final_year: bool | None = None  # in the final year of their current degree
    preferred_countries: list[str] = []
    excluded_kinds: list[Kind] = []
    digest: Literal["daily", "weekly", "off"] = "weekly"
    reminder_days: list[int] = [14, 3]
    groups: list[str] = []
    publications: list[dict[str, Any]] = []
    orcid: str | None = None

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, v: str) -> str:
        if not v:
            raise ValueError("must not be empty")
        return v

    @field_validator("name")
    @classmethod
    def _name_is_text(cls, v: str) -> str:
        # A name is display text; a line break or control character is a broken (or hostile) row.
        if not v or _CONTROL.search(v):
            raise ValueError("must be one line of text without control characters")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return valid_address(v) if v else None

    @field_validator("citizenship", "residence", "employer_country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return _iso_country(v) if v else None

    @field_validator("preferred_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return [_iso_country(c) for c in v]

    @field_validator("target_levels")
    @classmethod
    def _targets(cls, v: list[str]) -> list[str]:
        bad = [t for t in v if t.lower() not in _TARGETS]
        if bad:
            raise ValueError(f"unknown {bad}; expected levels or kinds: {sorted(_TARGETS)}")
        return [t.lower() for t in v]

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _reminders(cls, v: Any) -> Any:
        return [v] if isinstance(v, int) else v

    @field_validator("reminder_days")
    @classmethod
    def _reminders_positive(cls, v: list[int]) -> list[int]:
        if any(d < 0 or d > 365 for d in v):
            raise ValueError("days before the deadline must be between 0 and 365")
        return sorted(set(v), reverse=True)

    def to_profile(self) -> Profile:
        """The domain profile; extra facts go to ``details``."""
        details = self.model_dump(
            include={
                "language_tests", "gpa", "preferred_countries", "excluded_kinds", "digest",
                "reminder_days", "groups", "publications", "orcid", "doctorate_year", "final_year",
                "employer_country",
            },
            mode="json",
        )  # fmt: skip
        for optional in ("doctorate_year", "final_year"):
            if details.get(optional) is None:
                details.pop(optional, None)
        return Profile(
            id=self.id,
            name=self.name,
            role=self.role,
            email=self.email,
            language=self.language,
            interests=self.interests,
            keywords=self.keywords,
            fields=self.fields,
            level=self.level,
            target_levels=self.target_levels,
            citizenship=self.citizenship,
            residence=self.residence,
            birth_date=self.birth_date,
            details=details,
        )


class AddressError(ValueError):
    """Not exactly one valid mail address."""


def valid_address(value: str) -> str:
    """One mail address, checked and normalised by email-validator (no DNS lookups)."""
    if not isinstance(value, str) or _CONTROL.search(value):
        raise AddressError("must be one mail address without line breaks")
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AddressError(f"not a valid mail address: {exc}") from None
    return checked.normalized


def _iso_country(value: str) -> str:
    if len(value) == 2 and pycountry.countries.get(alpha_2=value.upper()):
        return value.upper()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        raise ValueError(
            f"unknown country {value!r}; expected an ISO 3166 alpha-2 code such as UZ"
        ) from None


iso_country = _iso_country  # the subscribe page checks countries the way profile files do


@dataclass
class ProfileFile:
    """The outcome of reading a profile file: valid profiles and one message per bad row."""

    profiles: list[Profile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ProfileFileError(ValueError):
    """The file as a whole cannot be read (missing, not JSON/YAML/CSV, not a list)."""


def read_profile_file(path: Path) -> ProfileFile:
    """Parse and validate every row; bad rows are reported, good rows kept."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileFileError(f"{path}: cannot read the file ({exc})") from exc
    suffix = path.suffix.lower()
    if suffix == ".json":
        rows = _json_rows(path, text)
    elif suffix in (".yaml", ".yml"):
        rows = _yaml_rows(path, text)
    elif suffix == ".csv":
        rows = _csv_rows(text)
    else:
        raise ProfileFileError(f"{path}: unknown format {suffix!r}; expected .json, .yaml or .csv")
    result, seen = ProfileFile(), {}
    for line, raw in rows:
        where = f"{path}:{line}"
        if not isinstance(raw, dict):
            result.errors.append(f"{where}: expected an object with id, name and role")
            continue
        try:
            profile = ProfileIn.model_validate(raw).to_profile()
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"]) or "row"
                result.errors.append(f"{where}: field '{loc}': {err['msg']}")
            continue
        if profile.id in seen:
            result.errors.append(
                f"{where}: field 'id': duplicate id {profile.id!r} (first on line {seen[profile.id]})"
            )
            continue
        seen[profile.id] = line
        result.profiles.append(profile)
    return result


def _json_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    """Objects of a JSON list with the line each starts on."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise ProfileFileError(f"{path}: expected a JSON list of profile objects")
    pos, rows = _skip(text, pos + 1), []
    try:
        while not text.startswith("]", pos):
            obj, end = decoder.raw_decode(text, pos)
            rows.append((text.count("\n", 0, pos) + 1, obj))
            pos = _skip(text, end)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
            elif not text.startswith("]", pos):
                raise json.JSONDecodeError("expected ',' or ']'", text, pos)
    except json.JSONDecodeError as exc:
        raise ProfileFileError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    return rows


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _yaml_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileFileError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, list) or node is None:
        raise ProfileFileError(f"{path}: expected a YAML list of profile objects")
    return [(n.start_mark.line + 1, row) for n, row in zip(node.value, data, strict=True)]


def _csv_rows(text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for raw in reader:
        row: dict[str, Any] = {
            k.strip(): v.strip() for k, v in raw.items() if k and v and v.strip()
        }
        for key in _CSV_LISTS:
            if key in row:
                row[key] = [x.strip() for x in row[key].split(";") if x.strip()]
        if "reminder_days" in row:
            row["reminder_days"] = [x.strip() for x in row["reminder_days"].split(";") if x.strip()]
        if "language_tests" in row:
            pairs = [p.split("=", 1) for p in row["language_tests"].split(";") if "=" in p]
            row["language_tests"] = {k.strip(): _num(v.strip()) for k, v in pairs}
        rows.append((reader.line_num, row))
    return rows


def _num(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value
