"""Eligibility: nationality, residence, age, language tests, GPA — decided with evidence."""

from datetime import date

import pytest

from domain import Eligibility, Level, Role
from feeds.reasons import render_all
from matcher import match_profiles

EVIDENCE = "Applicants must be citizens of one of the Central Asian countries."


def _one(matches, opp_id):
    found = [m for m in matches if m.opportunity_id == opp_id]
    return found[0] if found else None


def test_region_list_decides_with_evidence(opp, profile, today):
    call = opp(
        "ca",
        "Solar fellowship",
        eligible_countries=["Central Asia"],
        details={"eligibility_evidence": EVIDENCE},
    )
    uz, de = profile("uz", interests="solar"), profile("de", interests="solar", citizenship="DE")
    matches = match_profiles([uz, de], [call], today)
    [m] = matches
    assert m.profile_id == "uz" and m.eligibility == Eligibility.ELIGIBLE
    assert f'eligible: open to citizens of Uzbekistan ("{EVIDENCE}")' in render_all(m.reasons, "en")


def test_long_evidence_is_quoted_around_the_country(opp, profile, today):
    sentence = "Eligible: " + "nationals of many partner countries, " * 6 + "including Uzbekistan."
    call = opp(
        "long",
        "Solar call",
        eligible_countries=["UZ", "KZ"],
        details={"eligibility_evidence": {"countries": sentence}},
    )
    [m] = match_profiles([profile("uz", interests="solar")], [call], today)
    quoted = next(r for r in render_all(m.reasons, "en") if r.startswith("eligible: open to citizens"))
    assert "Uzbekistan." in quoted and "…" in quoted and len(quoted) < 220


@pytest.mark.parametrize(
    ("countries", "details", "profile_kw", "expected", "reason_start"),
    [
        (
            [],
            {},
            {},
            Eligibility.CHECK,
            "check eligibility: the call does not say which nationalities may apply",
        ),
        (
            [],
            {"any_nationality": True},
            {},
            Eligibility.ELIGIBLE,
            "eligible: open to all nationalities",
        ),
        (
            ["UZ"],
            {},
            {"citizenship": None},
            Eligibility.CHECK,
            "check eligibility: open to citizens of Uzbekistan; your profile does not give",
        ),
        (
            ["DAC-list countries"],
            {},
            {},
            Eligibility.ELIGIBLE,
            "eligible: open to citizens of Uzbekistan",
        ),
        (
            ["Partner Countries"],
            {},
            {},
            Eligibility.ELIGIBLE,
            "eligible: open to citizens of Uzbekistan",
        ),
        (
            ["KZ", "Atlantis"],
            {},
            {},
            Eligibility.CHECK,
            "check eligibility: the call limits who may apply",
        ),
        (
            ["KZ"],
            {"country_rule": "residence"},
            {"citizenship": "KZ", "residence": "UZ"},
            None,
            None,
        ),
        (
            ["UZ"],
            {"country_rule": "residence"},
            {"citizenship": "KZ", "residence": "UZ"},
            Eligibility.ELIGIBLE,
            "eligible: open to residents of Uzbekistan",
        ),
        (
            ["UZ"],
            {"country_rule": "either"},
            {"citizenship": "KZ", "residence": "UZ"},
            Eligibility.ELIGIBLE,
            "eligible: open to citizens or residents of Uzbekistan",
        ),
    ],
)
def test_country_rules(opp, profile, today, countries, details, profile_kw, expected, reason_start):
    call = opp("c", "Solar call", eligible_countries=countries, details=details)
    matches = match_profiles([profile("p", interests="solar", **profile_kw)], [call], today)
    if expected is None:
        assert matches == []
        return
    [m] = matches
    assert m.eligibility == expected
    assert any(r.startswith(reason_start) for r in render_all(m.reasons, "en")), render_all(m.reasons, "en")


def test_age_limit_on_the_deadline(opp, profile, today):
    call = opp(
        "age",
        "Solar young researchers",
        deadline=date(2025, 6, 1),
        details={
            "any_nationality": True,
            "max_age": 35,
            "eligibility_evidence": {"age": "Not older than 35 on 1 June 2025."},
        },
    )
    just = profile("just", interests="solar", birth_date=date(1989, 6, 2))  # 35 on June 1
    older = profile("older", interests="solar", birth_date=date(1989, 6, 1))  # 36 that day
    unknown = profile("unknown", interests="solar")
    matches = match_profiles([just, older, unknown], [call], today)
    assert _one([m for m in matches if m.profile_id == "older"], "test/age") is None
    ok = next(m for m in matches if m.profile_id == "just")
    assert ok.eligibility == Eligibility.ELIGIBLE
    assert 'eligible: age limit up to 35 met ("Not older than 35 on 1 June 2025.")' in render_all(ok.reasons, "en")
    check = next(m for m in matches if m.profile_id == "unknown")
    assert check.eligibility == Eligibility.CHECK
    assert any("your profile has no birth date" in r for r in render_all(check.reasons, "en"))


def test_language_requirements_are_alternatives(opp, profile, today):
    call = opp(
        "lang",
        "Solar master",
        details={"any_nationality": True, "language_requirements": {"IELTS": 6.5, "TOEFL iBT": 90}},
    )
    people = [
        profile("ielts", interests="solar", details={"language_tests": {"IELTS": 7.0}}),
        profile("toefl", interests="solar", details={"language_tests": {"toefl": "95"}}),
        profile("low", interests="solar", details={"language_tests": {"IELTS": 6.0}}),
        profile("none", interests="solar", details={"language_tests": {"Russian": "C2"}}),
    ]
    by = {m.profile_id: m for m in match_profiles(people, [call], today)}
    assert set(by) == {"ielts", "toefl", "none"}
    assert by["ielts"].eligibility == by["toefl"].eligibility == Eligibility.ELIGIBLE
    assert "eligible: language requirement IELTS 6.5 or TOEFL 90 met by your IELTS 7" in (
        render_all(by["ielts"].reasons, "en")
    )
    assert by["none"].eligibility == Eligibility.CHECK
    assert any(
        r.startswith("check eligibility: asks for IELTS 6.5 or TOEFL 90")
        for r in render_all(by["none"].reasons, "en")
    )


def test_cefr_requirement_met_by_ielts(opp, profile, today):
    call = opp(
        "b2",
        "Solar exchange",
        details={"any_nationality": True, "language_requirements": {"English": "B2"}},
    )
    ok = profile("ok", interests="solar", details={"language_tests": {"IELTS": 6.0}})
    low = profile("low", interests="solar", details={"language_tests": {"IELTS": 5.0}})
    assert [m.profile_id for m in match_profiles([ok, low], [call], today)] == ["ok"]


def test_gpa_minimum(opp, profile, today):
    call = opp(
        "gpa",
        "Solar scholarship",
        levels=[Level.MASTER],
        details={"any_nationality": True, "min_gpa": 0.75},
    )
    kw = {"role": Role.STUDENT, "level": Level.BACHELOR, "interests": "solar"}
    people = [
        profile("good", details={"gpa": "3.6/4"}, **kw),
        profile("low", details={"gpa": "2.5/4"}, **kw),
        profile("hundred", details={"gpa": "80/100"}, **kw),
        profile("none", **kw),
        profile("junk", details={"gpa": "excellent"}, **kw),
    ]
    by = {m.profile_id: m for m in match_profiles(people, [call], today)}
    assert set(by) == {"good", "hundred", "none", "junk"}
    assert by["good"].eligibility == Eligibility.ELIGIBLE
    assert by["none"].eligibility == by["junk"].eligibility == Eligibility.CHECK
    assert any("your profile has no GPA" in r for r in render_all(by["none"].reasons, "en"))
    assert any("cannot read ('excellent')" in r for r in render_all(by["junk"].reasons, "en"))


def test_check_ranks_below_eligible_at_equal_relevance(opp, profile, today):
    calls = [
        opp("unsaid", "Solar grant", details={}),
        opp("said", "Solar grant", details={"any_nationality": True}),
    ]
    matches = match_profiles([profile("p", interests="solar")], calls, today)
    assert [m.opportunity_id for m in matches] == ["test/said", "test/unsaid"]
    assert [m.eligibility for m in matches] == [Eligibility.ELIGIBLE, Eligibility.CHECK]
