"""Partner finder: filters by country, rank and field; best rank first; hosted calls attached."""

from __future__ import annotations

from datetime import date

from domain import InstitutionRecord, OpportunityRecord, RankEntry
from matcher.partners import find_partners

TUB = InstitutionRecord(
    "inst/tu-berlin", "Technische Universität Berlin", "DE", aliases=["TU Berlin"],
    ranks=[RankEntry("the", 2022, "151–175", 151), RankEntry("qs", 2022, "159", 159), RankEntry("the", 2018, "92", 92)],
    subjects=["Engineering", "Computer Science"],
)  # fmt: skip
KAIST = InstitutionRecord(
    "inst/kaist", "KAIST", "KR", ranks=[RankEntry("qs", 2022, "41", 41)], subjects=["Engineering"]
)
SMALL = InstitutionRecord(
    "inst/small", "Small Institute", "DE", ranks=[RankEntry("arwu", 2024, "901–1000", 901)]
)
UNRANKED = InstitutionRecord("inst/none", "Unranked College", "DE")
CALL = OpportunityRecord(
    "p/tub-fellowship", "p", "https://e.org/f", "Visiting fellowship", host_institution="TU  berlin",
    fields=["renewable energy"], deadline=date(2027, 5, 1),
)  # fmt: skip


def test_best_first_with_latest_ranks_and_hosted_calls():
    partners = find_partners([SMALL, TUB, KAIST, UNRANKED], [CALL])
    assert [p.institution.id for p in partners] == ["inst/kaist", "inst/tu-berlin", "inst/small"]
    tub = partners[1]
    assert (
        tub.best.system == "the" and tub.best.rank == "151–175"
    )  # the 2018 rank is not the latest
    assert tub.latest["qs"].rank == "159"
    assert [c.id for c in tub.hosted] == ["p/tub-fellowship"]


def test_country_rank_and_field_filters():
    everyone = [SMALL, TUB, KAIST, UNRANKED]
    assert [p.institution.id for p in find_partners(everyone, [CALL], country="de")] == [
        "inst/tu-berlin",
        "inst/small",
    ]
    assert [p.institution.id for p in find_partners(everyone, [CALL], max_rank=100)] == [
        "inst/kaist"
    ]
    assert [
        p.institution.id for p in find_partners(everyone, [CALL], field_of_study="renewable")
    ] == ["inst/tu-berlin"]
    assert find_partners(everyone, [CALL], field_of_study="medicine") == []
    assert len(find_partners(everyone, [], max_rank=None)) == 4


def test_rank_reason_names_the_ranking_as_people_know_it():
    from feeds.reasons import render
    from matcher.explain import rank_reason
    from matcher.facts import best_rank

    assert render(rank_reason(best_rank(TUB)), "en") == "host ranked 151–175 in THE 2022"
    assert render(rank_reason(best_rank(SMALL)), "en") == "host ranked 901–1000 in ARWU 2024"
