"""match_profiles: hard filters, relevance ranking, result shape."""

from datetime import timedelta
from itertools import pairwise

from domain import Eligibility, Kind, Level, Role, Status
from feeds.reasons import render_all
from matcher import match_profiles


def _ids(matches, pid):
    return [m.opportunity_id for m in matches if m.profile_id == pid]


def test_ranks_by_relevance_with_reasons(opp, profile, today):
    opps = [
        opp("pv", "Solar photovoltaics research grant", summary="power electronics for inverters"),
        opp("bio", "Marine biology fellowship", summary="coral reefs"),
        opp("grid", "Smart grid workshop", summary="solar integration into the grid"),
    ]
    me = profile("f1", interests="solar photovoltaics, power electronics")
    matches = match_profiles([me], opps, today)
    assert _ids(matches, "f1") == ["test/pv", "test/grid"]
    assert [m.rank for m in matches] == [1, 2]
    assert matches[0].score > matches[1].score > 0
    shown = render_all(matches[0].reasons, "en")[0].removeprefix("matches your interests: ")
    assert set(shown.split(", ")) == {"solar photovoltaics", "power electronics"}


def test_deadline_passed_and_closed_calls_dropped(opp, profile, today):
    opps = [
        opp("past", "Solar grant", deadline=today - timedelta(days=1)),
        opp("today", "Solar grant", deadline=today),
        opp("closed", "Solar grant", status=Status.CLOSED),
        opp("none", "Solar grant"),
    ]
    got = _ids(match_profiles([profile("f", interests="solar")], opps, today), "f")
    assert sorted(got) == ["test/none", "test/today"]


def test_level_must_fit(opp, profile, today):
    opps = [
        opp("ma", "Solar master scholarship", levels=[Level.MASTER]),
        opp("pd", "Solar postdoc", levels=[Level.POSTDOC]),
        opp("any", "Solar anyone", levels=[Level.ANY]),
        opp("unsaid", "Solar call"),
    ]
    bachelor = profile("b", Role.STUDENT, level=Level.BACHELOR, interests="solar")
    assert sorted(_ids(match_profiles([bachelor], opps, today), "b")) == [
        "test/any",
        "test/ma",
        "test/unsaid",
    ]
    # target levels replace the defaults of the current level
    picky = profile(
        "c", Role.STUDENT, level=Level.BACHELOR, interests="solar", target_levels=["postdoc"]
    )
    assert "test/pd" in _ids(match_profiles([picky], opps, today), "c")
    assert "test/ma" not in _ids(match_profiles([picky], opps, today), "c")


def test_role_rules(opp, profile, today):
    opps = [
        opp("stud", "Solar scholarship", kind=Kind.SCHOLARSHIP, levels=[Level.MASTER, Level.PHD]),
        opp("mob", "Solar staff mobility", kind=Kind.STAFF_MOBILITY),
    ]
    prof = profile("prof", Role.FACULTY, level=Level.FACULTY, interests="solar")
    bach = profile("bach", Role.STUDENT, level=Level.BACHELOR, interests="solar")
    matches = match_profiles([prof, bach], opps, today)
    assert "test/stud" not in _ids(matches, "prof")
    assert "test/mob" in _ids(matches, "prof")
    assert "test/mob" not in _ids(matches, "bach")


def test_faculty_asking_for_phd_places_gets_check(opp, profile, today):
    opps = [opp("phd", "Solar PhD scholarship", levels=[Level.PHD])]
    lecturer = profile(
        "l", Role.FACULTY, level=Level.FACULTY, target_levels=["phd"], interests="solar"
    )
    [m] = match_profiles([lecturer], opps, today)
    assert m.eligibility == Eligibility.CHECK
    assert any(r.startswith("check eligibility: the call is for students") for r in render_all(m.reasons, "en"))


def test_excluded_kinds(opp, profile, today):
    opps = [opp("c", "Solar conference", kind=Kind.CONFERENCE), opp("g", "Solar grant")]
    me = profile("f", interests="solar", details={"excluded_kinds": ["conference"]})
    assert _ids(match_profiles([me], opps, today), "f") == ["test/g"]


def test_limit_and_ranks_per_profile(opp, profile, today):
    opps = [opp(str(i), f"Solar call number {i}", summary="solar " * (i % 5)) for i in range(30)]
    people = [profile("a", interests="solar"), profile("b", interests="solar call")]
    matches = match_profiles(people, opps, today, limit=7)
    for pid in ("a", "b"):
        mine = [m for m in matches if m.profile_id == pid]
        assert [m.rank for m in mine] == list(range(1, 8))
        assert all(x.score >= y.score for x, y in pairwise(mine))


def test_irrelevant_calls_not_shown_and_empty_inputs(opp, profile, today):
    opps = [opp("x", "Marine biology")]
    assert match_profiles([profile("f", interests="solar")], opps, today) == []
    assert match_profiles([], opps, today) == []
    assert match_profiles([profile("f", interests="solar")], [], today) == []


def test_profile_without_interests_sees_what_it_can_apply_for(opp, profile, today):
    opps = [opp("a", "Anything", levels=[Level.MASTER]), opp("b", "Other", levels=[Level.FACULTY])]
    student = profile("s", Role.STUDENT, level=Level.BACHELOR)
    [m] = match_profiles([student], opps, today)
    assert m.opportunity_id == "test/a"
    assert any("no interests yet" in r for r in render_all(m.reasons, "en"))
