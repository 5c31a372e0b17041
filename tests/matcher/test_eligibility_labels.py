"""Who may apply, measured on real eligibility text labelled by hand (eligibility_labels.tsv).

Each passage (EU calls' ``topicConditions`` in evaldata/cordis_open_calls, NIH Guide
Section III paragraphs, Grants.gov eligibility categories; read from ../shared at test time)
goes through the real normaliser and matcher for an Uzbek master student and faculty
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
FLOORS = {"not-eligible": (0.60, 0.70), "eligible": (0.40, 1.0)}


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


def nih_paragraphs(page: str) -> list[str]:
    """Section III of a saved NIH Guide page, one paragraph per list item or paragraph."""
    markup = shared_path("fixtures", "nih-guide", f"{page}.html").read_text(
        encoding="utf-8", errors="replace"
    )
    start = markup.find("<h2>Section III. Eligibility Information</h2>")
    end = markup.find("Section IV. Application and Submission Information</h2>", start)
    section = re.sub(r"(?is)<(script|style).*?</\1>", "", markup[start:end])
    section = re.sub(r"(?i)<(br|/p|/li|/h\d|/div|/tr|p|li)\b[^>]*>", "\n", section)
    section = html.unescape(re.sub(r"<[^>]+>", " ", section))
    lines = (" ".join(line.split()) for line in section.split("\n"))
    return [line for line in lines if len(line) > 30]


def _grants_gov() -> dict[str, str]:
    data = json.loads(shared_path("fixtures", "grants-gov", "oportunity.json").read_text())
    return {e["value"]: e["label"] for e in data["eligibilities"]}


def passages() -> dict[tuple[str, str], tuple[str, str]]:
    """(source, id) -> (title, passage) for every labelled row."""
    out = {}
    records, grants, pages = _records(), _grants_gov(), {}
    for row in _labels():
        key = (row["source"], row["id"])
        if row["source"] == "cordis":
            obj = records[row["id"]]
            out[key] = (obj["title"], passage(obj.get("topicConditions")))
        elif row["source"] == "grants-gov":
            out[key] = ("Federal funding opportunity", grants[row["id"]])
        else:
            page, part = row["id"].split("#")
            paragraphs = pages.setdefault(page, nih_paragraphs(page))
            text = "\n".join(paragraphs) if part == "III" else paragraphs[int(part)]
            out[key] = ("NIH funding opportunity", text)
    return out


PEOPLE = [
    Profile(id="student", name="S", role=Role.STUDENT, level=Level.MASTER, citizenship="UZ",
            residence="UZ", interests="research"),
    Profile(id="faculty", name="F", role=Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
            residence="UZ", interests="research"),
]


def decisions() -> list[tuple[str, str, str]]:
    """(who, label, decision) for every labelled passage and viewer."""
    texts = passages()
    out = []
    for row in _labels():
        title, text = texts[(row["source"], row["id"])]
        opp = normalize_opportunity(
            {"source": "labelled", "url": "https://example.org/labelled",
             "external_id": row["source"] + "-" + row["id"].replace("#", "-"),
             "title": title + " research", "eligibility_text": text},
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
