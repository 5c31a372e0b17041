"""Who may apply, measured on real EU call conditions labelled by hand (eligibility_labels.tsv).

Each passage (evaldata/cordis_open_calls ``topicConditions``, read from ../shared at test
time) goes through the real normaliser and matcher for an Uzbek master student and faculty
member, and through ``institution_decision`` for their university. Labels were written by
reading the passages before any rule was tuned; "check eligibility" counts as "unclear".
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from crawlers.normalize.opportunity import normalize_opportunity
from domain import Eligibility, Level, Profile, Role
from matcher import match_profiles
from matcher.eligibility import institution_decision
from tests.conftest import shared_path

LABELS = Path(__file__).with_name("eligibility_labels.tsv")
TODAY = date(2026, 11, 27)
WORD = {Eligibility.ELIGIBLE: "eligible", Eligibility.CHECK: "unclear",
        Eligibility.INELIGIBLE: "not-eligible"}
# Floors the rules reach (docs/matching.md, "Who may apply on real text"); a drop fails.
FLOORS = {"not-eligible": (0.45, 0.60), "eligible": (0.35, 1.0)}


def _labels() -> list[dict[str, str]]:
    lines = [ln for ln in LABELS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _records() -> dict[str, dict]:
    path = shared_path("evaldata", "cordis_open_calls", "open.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
        text = handle.read()
    decoder, at, out = json.JSONDecoder(), 0, {}
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        obj, at = decoder.raw_decode(text, at)
        out[obj["reference"]] = obj
    return out


_COUNTRIES = re.compile(
    r"(Eligible [Cc]ountries.*?)(?:\d\. (?:Other|Financial|Evaluation|Application|Legal)|$)", re.S
)
_OTHER = re.compile(r"(Other [Ee]ligibility [Cc]onditions?.*?)(?:\d\. [A-Z]|$)", re.S)


def passage(conditions: str | None) -> str:
    """The labelled passage: the "Eligible countries" and "Other eligibility conditions"
    sections of a call's ``topicConditions``, as plain text."""
    text = conditions or ""
    parts = [m.group(1) for m in (_COUNTRIES.search(text), _OTHER.search(text)) if m]
    return html.unescape(re.sub(r"<[^>]+>", "\n", "\n".join(parts)))


PEOPLE = [
    Profile(id="student", name="S", role=Role.STUDENT, level=Level.MASTER, citizenship="UZ",
            residence="UZ", interests="research"),
    Profile(id="faculty", name="F", role=Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
            residence="UZ", interests="research"),
]


def decisions() -> list[tuple[str, str, str]]:
    """(who, label, decision) for every labelled passage and viewer."""
    records = _records()
    out = []
    for row in _labels():
        obj = records[row["id"]]
        opp = normalize_opportunity(
            {"source": "eu-cordis", "url": obj.get("portalUrl") or "https://ec.europa.eu",
             "external_id": row["id"], "title": obj["title"] + " research",
             "eligibility_text": passage(obj.get("topicConditions"))},
            today=TODAY,
        )
        shown = {m.profile_id: m.eligibility for m in match_profiles(PEOPLE, [opp], TODAY)}
        for person in PEOPLE:
            decided = shown.get(person.id, Eligibility.INELIGIBLE)
            out.append((person.id, row[person.id], WORD[decided]))
        out.append(("institution", row["institution"], WORD[institution_decision(opp, "UZ")]))
    return out


def precision_recall(pairs: list[tuple[str, str, str]], label: str) -> tuple[float, float, int]:
    said = [p for p in pairs if p[2] == label]
    truth = [p for p in pairs if p[1] == label]
    hit = sum(1 for p in said if p[1] == label)
    return (hit / len(said) if said else 1.0), (hit / len(truth) if truth else 1.0), len(truth)


@pytest.mark.shared
@pytest.mark.slow
def test_who_may_apply_on_labelled_real_passages():
    pairs = decisions()
    assert len(pairs) >= 3 * 150
    report = []
    for label, (p_floor, r_floor) in FLOORS.items():
        precision, recall, n = precision_recall(pairs, label)
        report.append(f"{label}: precision {precision:.2f} recall {recall:.2f} (n={n})")
        assert precision >= p_floor and recall >= r_floor, "; ".join(report)
    print("; ".join(report))
