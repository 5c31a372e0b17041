"""Eligibility decisions stated one behaviour per test (each fails if its rule is broken)."""

from __future__ import annotations

from domain import Eligibility, OpportunityRecord
from matcher.eligibility import institution_decision

ELIGIBLE, INELIGIBLE, CHECK = Eligibility.ELIGIBLE, Eligibility.INELIGIBLE, Eligibility.CHECK


def _call(countries: list[str] | None = None, **details) -> OpportunityRecord:
    return OpportunityRecord("s/x", "s", "https://e.org/x", "X", details=details,
                             eligible_countries=countries or [])  # fmt: skip


def test_a_call_for_individuals_only_is_not_for_a_university():
    assert institution_decision(_call(any_nationality=True, applicant_type="individual"), "UZ") == INELIGIBLE


def test_a_university_in_an_excluded_country_may_not_apply():
    assert institution_decision(_call(any_nationality=True, excluded_countries=["UZ"]), "UZ") == INELIGIBLE
    assert institution_decision(_call(any_nationality=True, excluded_countries=["RU"]), "UZ") == ELIGIBLE


def test_a_university_must_be_established_in_every_listed_country_set():
    assert institution_decision(_call(["UZ", "KZ"]), "UZ") == ELIGIBLE
    assert institution_decision(_call(["KZ"]), "UZ") == INELIGIBLE
    assert institution_decision(_call(residence_countries=["UZ"]), "UZ") == ELIGIBLE
    assert institution_decision(_call(employment_countries=["DE"]), "UZ") == INELIGIBLE
    both = _call(residence_countries=["UZ"], employment_countries=["DE"])
    assert institution_decision(both, "UZ") == INELIGIBLE


def test_an_open_to_all_call_ignores_its_nationality_list_for_a_university():
    assert institution_decision(_call(["KZ"], any_nationality=True), "UZ") == ELIGIBLE


def test_a_call_that_says_nothing_about_who_may_apply_needs_a_check():
    assert institution_decision(_call(), "UZ") == CHECK
