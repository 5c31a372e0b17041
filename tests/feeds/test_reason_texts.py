"""Every reason code has en/ru/uz text, and a Russian digest carries no English reason."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from domain import InstitutionRecord, Kind, OpportunityRecord, Profile, RankEntry, Role
from domain.reasons import CODES, RULES, Reason, reason
from feeds import render_digest
from feeds.reasons import catalog, render, render_all
from matcher import match_profiles

LANGUAGES = ("en", "ru", "uz")
FIELD = re.compile(r"\{(\w+)\}")
Q = "Open to nationals of Uzbekistan."
# One example per code; the test below fails when a code is added without one.
SAMPLES: dict[str, dict] = {
    "recommended": {}, "interests": {"phrases": ["solar energy"]}, "meaning": {},
    "publication": {"title": "Soiling sensors"}, "publication_meaning": {"title": "Soiling"},
    "no_interests": {},
    "country.listed": {"rule": "citizens", "country": "UZ", "quote": Q},
    "country.any": {"quote": None}, "country.unstated": {},
    "country.no_profile": {"rule": "citizens", "countries": ["DE", "FR"]},
    "country.unreadable": {"quote": "Eligible: Narnia"},
    "country.open_list": {"countries": ["KG", "KZ"], "quote": None},
    "residence.unknown": {"countries": ["UZ"], "quote": None},
    "residence.ok": {"country": "UZ", "quote": None},
    "employer.unknown": {"countries": ["KZ", "UZ"], "quote": None},
    "employer.ok": {"country": "UZ", "quote": None},
    "institution_call": {"quote": None},
    "level.check_role": {"levels": ["master"], "role": "faculty", "quote": None},
    "level.match": {"levels": ["bachelor", "master"]},
    "stage.check": {"holds": "master", "soon": True, "current": ["bachelor"], "final_year": True,
                    "years": 7, "profiles": "R1–R2", "quote": None},
    "age.ok": {"lo": None, "hi": 35.0, "born": None, "reference": "application", "quote": None},
    "age.unknown": {"lo": 18.0, "hi": 30.0, "born": None, "reference": "2027-06-01",
                    "quote": None},
    "language.ok": {"asked": [["IELTS", "6.5"]], "shown": ["English", "C1"], "quote": None},
    "language.none": {"asked": [["German", "B2"], ["TestDaF", "4"]], "quote": None},
    "language.near": {"asked": [["TOEFL iBT", "80"]], "mine": ["English", "B2"],
                      "test": "TOEFL iBT", "low": "72", "top": "95", "quote": None},
    "gpa.ok": {"gpa": "3.6/4", "need": 0.75, "quote": None},
    "gpa.missing": {"need": 0.75, "quote": None},
    "gpa.unreadable": {"need": 0.75, "gpa": "'excellent'", "quote": None},
    "deadline": {"days": 12}, "host_rank": {"rank": "151–200", "system": "THE", "year": 2022},
    "fully_funded": {}, "featured": {}, "wanted_kind": {"kind": "conference"},
    "preferred_country": {"country": "DE"}, "lowered": {}, "text": {"text": "as written"},
}  # fmt: skip


def _msgids(code: str) -> list[str]:
    return [f"{code}.{rule}" for rule in RULES] if "rule" in CODES[code] else [code]


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_text_in_each_language_with_the_same_fields(code):
    for msgid in _msgids(code):
        fields = {lang: set(FIELD.findall(catalog(lang).get(msgid, ""))) for lang in LANGUAGES}
        for lang in LANGUAGES:
            assert catalog(lang).get(msgid), f"{msgid} has no {lang} text"
        assert fields["ru"] == fields["en"] == fields["uz"], (msgid, fields)


def test_every_code_has_an_example_and_catalogues_have_no_strays():
    assert set(SAMPLES) == set(CODES)
    known = {m for code in CODES for m in _msgids(code)}
    for lang in LANGUAGES:
        strays = {
            m for m in catalog(lang)
            if m not in known and not m.startswith("_") and "." not in m
        }  # fmt: skip
        assert not strays, (lang, strays)
        assert set(catalog(lang)) == set(catalog("en")), lang


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_renders_in_russian_and_uzbek_not_in_english(code):
    sample = reason(code, **SAMPLES[code])
    english = render(sample, "en")
    for lang in ("ru", "uz"):
        text = render(sample, lang)
        assert "{" not in text and code + " {" not in text, text  # no fallback, no field left
        if code not in ("text",):
            assert text != english, (lang, text)


def test_each_rule_variant_and_plural_renders():
    assert render(reason("deadline", days=5), "ru") == "срок подачи — через 5 дней"
    assert render(reason("deadline", days=2), "ru") == "срок подачи — через 2 дня"
    assert render(reason("deadline", days=5), "uz") == "muddat tugashiga 5 kun qoldi"
    residents = reason("country.listed", rule="residents", country="UZ", quote=None)
    assert render(residents, "uz") == "mos: Oʻzbekiston rezidentlari uchun ochiq"
    assert render(residents, "en") == "eligible: open to residents of Uzbekistan"


def test_a_damaged_stored_reason_is_shown_not_raised():
    assert render(Reason("deadline", {}), "ru").startswith("deadline")
    assert render(Reason("no.such.code", {"x": 1}), "uz").startswith("no.such.code")
    assert render("plain text of an older row", "uz") == "plain text of an older row"


TODAY = date(2026, 11, 27)
EN_REASON_WORDS = (
    "eligible", "open to", "deadline in", "host ranked", "fully funded", "as you asked",
    "country you prefer", "recommended to you", "featured by", "matches your interests",
    "check eligibility", "for faculty", "your profile",
)  # fmt: skip


def _calls() -> list[OpportunityRecord]:
    base = {"source": "t", "summary": "Солнечная энергетика", "levels": ["faculty"]}
    return [
        OpportunityRecord(
            id="t/a", url="https://e.org/a", title="Солнечная энергетика: грант",
            kind=Kind.CONFERENCE, host_country="DE", host_institution="TU Delft",
            deadline=TODAY + timedelta(days=12), eligible_countries=["UZ"],
            details={"fully_funded": True}, **base,
        ),
        OpportunityRecord(
            id="t/b", url="https://e.org/b", title="Солнечная энергетика: стипендия",
            kind=Kind.GRANT, deadline=TODAY + timedelta(days=60), details={}, **base,
        ),
    ]  # fmt: skip


def _person(language: str) -> Profile:
    return Profile(
        id="p", name="Лена", role=Role.FACULTY, level="faculty", citizenship="UZ",
        language=language, interests="солнечная энергетика", target_levels=["conference"],
        details={"preferred_countries": ["DE"]},
    )  # fmt: skip


def matched(language: str):
    ranks = [RankEntry("THE", 2022, "151-200", 151)]
    delft = InstitutionRecord(id="i/1", name="TU Delft", ranks=ranks)
    calls = _calls()
    matches = match_profiles(
        [_person(language)], calls, TODAY, institutions=[delft],
        curation={"featured": {"t/a"}, "recommended": {"p": {"t/b"}}},
    )  # fmt: skip
    by_id = {c.id: c for c in calls}
    return [(m, by_id[m.opportunity_id]) for m in matches]


def test_a_russian_digest_shows_no_english_reason_text():
    entries = matched("ru")
    codes = {r.code for m, _ in entries for r in m.reasons}
    assert {"country.listed", "country.unstated", "deadline", "host_rank", "fully_funded",
            "featured", "recommended", "wanted_kind", "preferred_country", "interests",
            "level.match"} <= codes, codes  # fmt: skip
    digest = render_digest(_person("ru"), entries, today=TODAY, base_url="https://r.example/")
    for part in (digest.text, digest.html):
        for said in (
            "подходит: могут подавать граждане страны Узбекистан",
            "срок подачи — через 12 дней",
            "принимающий вуз: место 151–200 в рейтинге THE 2022",
            "полное финансирование", "отмечено международным отделом",
            "рекомендовано вам международным отделом", "конференция — как вы просили",
            "в стране, которую вы предпочитаете: Германия", "для уровней: преподаватели",
            "проверьте условия: в конкурсе не сказано, граждане каких стран могут участвовать",
        ):  # fmt: skip
            assert said in part, said
        for english in EN_REASON_WORDS:
            assert english not in part.lower(), english


def test_english_rendering_of_the_same_matches_is_english():
    shown = [t for m, _ in matched("en") for t in render_all(m.reasons, "en")]
    assert "eligible: open to citizens of Uzbekistan" in shown
    assert "a conference, as you asked" in shown
