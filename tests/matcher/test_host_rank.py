"""The host institution's rank behind the boost and its reason (matcher.facts.best_rank)."""

from __future__ import annotations

from datetime import date

from domain import InstitutionRecord, OpportunityRecord, RankEntry
from matcher.facts import HostRank, OpportunityFacts, best_rank


def _inst(*ranks: RankEntry) -> InstitutionRecord:
    return InstitutionRecord("inst/x", "X", ranks=list(ranks))


def test_each_system_counts_with_its_latest_year_only():
    """An old, better rank must not be shown as if it were current."""
    got = best_rank(_inst(RankEntry("qs", 2020, "50", 50), RankEntry("qs", 2024, "120", 120)))
    assert got == HostRank(120, "120", "qs", 2024)


def test_the_best_system_wins_and_a_tie_goes_to_the_newer_year():
    got = best_rank(_inst(RankEntry("qs", 2024, "300", 300), RankEntry("the", 2023, "150", 150)))
    assert got == HostRank(150, "150", "the", 2023)
    tie = best_rank(_inst(RankEntry("the", 2023, "150", 150), RankEntry("arwu", 2024, "150", 150)))
    assert tie == HostRank(150, "150", "arwu", 2024)
    tie = best_rank(_inst(RankEntry("arwu", 2024, "150", 150), RankEntry("the", 2023, "150", 150)))
    assert tie == HostRank(150, "150", "arwu", 2024)


def test_the_stored_lower_bound_wins_over_digits_in_the_text():
    assert best_rank(_inst(RankEntry("the", 2024, "Top 200", 151))) == HostRank(151, "Top 200", "the", 2024)


def test_a_band_without_its_lower_bound_is_read_from_its_text_with_an_en_dash():
    got = best_rank(_inst(RankEntry("the", 2024, "201-250")))
    assert got == HostRank(201, "201–250", "the", 2024)


def test_unreadable_and_non_positive_ranks_are_skipped_not_the_end_of_the_list():
    got = best_rank(_inst(RankEntry("a", 2024, "unranked"), RankEntry("b", 2024, "0", 0),
                          RankEntry("c", 2024, "1", 1)))  # fmt: skip
    assert got == HostRank(1, "1", "c", 2024)
    assert best_rank(_inst(RankEntry("a", 2024, "unranked"))) is None


def test_a_host_is_found_whatever_its_case_and_punctuation():
    inst = InstitutionRecord("inst/tu", "Technische Universität Berlin",
                             ranks=[RankEntry("qs", 2024, "154", 154)])  # fmt: skip
    call = OpportunityRecord("s/1", "s", "u", "T", deadline=date(2027, 3, 1),
                             host_institution="TECHNISCHE UNIVERSITÄT—BERLIN")  # fmt: skip
    facts = OpportunityFacts.build([call], [inst])
    assert facts.host_rank[0] == HostRank(154, "154", "qs", 2024)


def test_an_institution_without_a_rank_does_not_stop_the_lookup_of_the_next():
    unranked = InstitutionRecord("inst/a", "Alpha University")
    ranked = InstitutionRecord("inst/b", "Beta University", ranks=[RankEntry("qs", 2024, "300", 300)])
    call = OpportunityRecord("s/1", "s", "u", "T", host_institution="Beta University")
    assert OpportunityFacts.build([call], [unranked, ranked]).host_rank[0].lower == 300
