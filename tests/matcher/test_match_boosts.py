"""Boosts and curation: each changes the order only with a reason the person can read."""

from datetime import timedelta

from domain import InstitutionRecord, Kind, Match, RankEntry
from feeds.reasons import render_all
from matcher import MatchIndex, match_profiles, merge_matches


def _order(matches, pid="p"):
    return [m.opportunity_id.split("/")[1] for m in matches if m.profile_id == pid]


def _reasons(matches, opp_id):
    return next(render_all(m.reasons, "en") for m in matches if m.opportunity_id == f"test/{opp_id}")


def test_host_rank_boost_with_band_text(opp, profile, today):
    calls = [
        opp("plain", "Solar energy fellowship", host_institution="Unranked Institute"),
        opp("ranked", "Solar energy fellowship", host_institution="Delft University of Technology"),
        opp("low", "Solar energy fellowship", host_institution="Far Away University"),
    ]
    insts = [
        InstitutionRecord(
            id="i/1",
            name="TU Delft",
            aliases=["Delft University of Technology"],
            ranks=[RankEntry("THE", 2022, "151-200", 151), RankEntry("QS", 2021, "201-250", 201)],
        ),
        InstitutionRecord(
            id="i/2", name="Far Away University", ranks=[RankEntry("THE", 2022, "1201-1500", 1201)]
        ),
    ]
    matches = match_profiles(
        [profile("p", interests="solar energy")], calls, today, institutions=insts
    )
    assert _order(matches)[0] == "ranked"
    assert "host ranked 151–200 in THE 2022" in _reasons(matches, "ranked")
    assert not any("host ranked" in r for r in _reasons(matches, "low"))


def test_closing_soon_funded_and_featured(opp, profile, today):
    base = {"summary": "solar"}
    calls = [
        opp("later", "Solar call", deadline=today + timedelta(days=90), **base),
        opp("soon", "Solar call", deadline=today + timedelta(days=12), **base),
    ]
    matches = match_profiles([profile("p", interests="solar")], calls, today)
    assert _order(matches) == ["soon", "later"]
    assert "deadline in 12 days" in _reasons(matches, "soon")

    calls = [
        opp("a", "Solar call"),
        opp("b", "Solar call", details={"any_nationality": True, "fully_funded": True}),
    ]
    matches = match_profiles([profile("p", interests="solar")], calls, today)
    assert _order(matches) == ["b", "a"] and "fully funded" in _reasons(matches, "b")

    calls = [opp("a", "Solar call"), opp("b", "Solar call")]
    matches = match_profiles(
        [profile("p", interests="solar")], calls, today, curation={"featured": {"test/b"}}
    )
    assert _order(matches) == ["b", "a"]
    assert "featured by the international office" in _reasons(matches, "b")


def test_recommended_goes_first_even_when_not_matching_words(opp, profile, today):
    calls = [opp("solar", "Solar call"), opp("other", "Marine biology summer school")]
    matches = match_profiles(
        [profile("p", interests="solar"), profile("q", interests="solar")],
        calls,
        today,
        curation={"recommended": {"p": {"test/other"}}},
    )
    assert _order(matches, "p") == ["other", "solar"]
    assert _order(matches, "q") == ["solar"]
    assert _reasons(matches, "other")[0] == "recommended to you by the international office"


def test_recommended_never_overrides_eligibility(opp, profile, today):
    calls = [opp("kz", "Solar call", eligible_countries=["KZ"], details={})]
    assert (
        match_profiles(
            [profile("p", interests="solar")],
            calls,
            today,
            curation={"recommended": {"p": {"test/kz"}}},
        )
        == []
    )


def test_muting_removes_and_lowers_similar(opp, profile, today):
    calls = [
        opp("m", "Solar hydrogen electrolysis summer school", summary="hydrogen electrolysis"),
        opp("sim", "Hydrogen electrolysis solar workshop", summary="hydrogen electrolysis"),
        opp("far", "Solar cell fabrication grant", summary="perovskite cells"),
        *(
            opp(f"x{i}", f"Unrelated topic {i}", summary=w)
            for i, w in enumerate(
                ["history", "linguistics", "law", "medicine", "music", "economics"]
            )
        ),
    ]
    me = profile("p", interests="solar hydrogen electrolysis cell")
    before = match_profiles([me], calls, today)
    after = match_profiles([me], calls, today, curation={"muted": {"p": {"test/m"}}})
    assert "m" in _order(before) and "m" not in _order(after)
    score = {m.opportunity_id: m.score for m in before}
    lowered = {m.opportunity_id: m.score for m in after}
    assert lowered["test/sim"] < score["test/sim"]
    assert lowered["test/far"] == score["test/far"]
    assert "lowered: similar to a call you marked not relevant" in _reasons(after, "sim")
    # someone else's mute changes nothing for me
    other = match_profiles([me], calls, today, curation={"muted": {"q": {"test/m"}}})
    assert [(m.opportunity_id, m.score) for m in other] == [
        (m.opportunity_id, m.score) for m in before
    ]


def test_wanted_kind_and_preferred_country(opp, profile, today):
    calls = [
        opp("g", "Solar grant", kind=Kind.GRANT, host_country="FR"),
        opp("c", "Solar conference", kind=Kind.CONFERENCE, host_country="DE"),
    ]
    me = profile(
        "p",
        interests="solar",
        target_levels=["faculty", "conference"],
        details={"preferred_countries": ["DE"]},
    )
    matches = match_profiles([me], calls, today)
    assert _order(matches) == ["c", "g"]
    assert "a conference, as you asked" in _reasons(matches, "c")
    assert "in a country you prefer: Germany" in _reasons(matches, "c")


def test_incremental_scores_equal_a_full_run(opp, profile, today):
    old = [opp(f"o{i}", f"Solar energy call {i}", summary="storage " * i) for i in range(12)]
    new = [opp(f"n{i}", f"Solar storage call {i}", summary="grid " * i) for i in range(5)]
    people = [profile("p", interests="solar storage grid"), profile("q", interests="energy")]
    index = MatchIndex(old)
    index.add(new)
    fresh = index.match(people, today, limit=50, only=[o.id for o in new])
    full = MatchIndex(old + new).match(people, today, limit=50)
    full_new = {(m.profile_id, m.opportunity_id): m.score for m in full if "/n" in m.opportunity_id}
    assert full_new
    assert {(m.profile_id, m.opportunity_id): m.score for m in fresh} == full_new
    # with a floor per profile, only matches that could enter the stored top list are built
    floor = sorted(m.score for m in fresh if m.profile_id == "p")[-2]
    high = index.match(people, today, only=[o.id for o in new], above={"p": floor})
    assert [m.score for m in high if m.profile_id == "p"] == sorted(
        (m.score for m in fresh if m.profile_id == "p" and m.score >= floor), reverse=True
    )
    assert len([m for m in high if m.profile_id == "q"]) == len(
        [m for m in fresh if m.profile_id == "q"]
    )
    # single-profile rescoring gives exactly that profile's rows of the full run
    alone = index.match([people[0]], today, limit=8)
    assert [(m.opportunity_id, m.score, m.rank) for m in alone] == [
        (m.opportunity_id, m.score, m.rank) for m in full if m.profile_id == "p"
    ][:8]


def test_merge_matches_replaces_rescored_and_reranks():
    stored = [
        Match("p", "s/a", 0.9, 1),
        Match("p", "s/b", 0.5, 2),
        Match("p", "s/c", 0.4, 3),
        Match("q", "s/a", 0.3, 1),
    ]
    fresh = [Match("p", "s/n", 0.6), Match("p", "s/b", 0.1)]
    merged = merge_matches(stored, fresh, rescored=["s/n", "s/b", "s/a"], limit=2)
    assert [(m.profile_id, m.opportunity_id, m.rank) for m in merged] == [
        ("p", "s/n", 1),
        ("p", "s/c", 2),
    ]
    assert stored[0].rank == 1  # inputs untouched


def test_changed_opportunity_replaces_old_version(opp, profile, today):
    index = MatchIndex([opp("a", "Solar call"), opp("b", "Solar grant")])
    index.add([opp("a", "Marine biology call")])
    got = index.match([profile("p", interests="solar")], today)
    assert [m.opportunity_id for m in got] == ["test/b"]
