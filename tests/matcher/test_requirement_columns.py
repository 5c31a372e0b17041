"""Stage and age requirements as columns (matcher/limits.py): each test states one rule."""

from __future__ import annotations

from datetime import date

import numpy as np

from domain import Level, OpportunityRecord
from domain.requirements import read_requirements
from matcher.facts import OpportunityFacts
from matcher.limits import RequirementColumns, StageCode, stage_codes

TODAY = date(2026, 11, 27)
DEADLINE = date(2027, 3, 1)


def _columns(*details: dict, deadline: date | None = DEADLINE) -> RequirementColumns:
    cols = RequirementColumns.empty(len(details))
    for i, d in enumerate(details):
        cols.add(i, read_requirements(d), deadline)
    return cols


def _stage(cols: RequirementColumns, level: Level | None, doctorate: int = -1, final: int = -1):
    return stage_codes(cols, level, doctorate, final, TODAY).tolist()


def test_a_deadline_naming_its_zone_keeps_the_call_in_for_one_more_day():
    """"23:59 AoE" may still be open the next afternoon here; "local" and no zone are not."""
    calls = [OpportunityRecord(f"s/{i}", "s", f"https://e.org/{i}", "X", deadline=DEADLINE,
                               details={"deadline_timezone": zone} if zone else {})
             for i, zone in enumerate(["AoE", "local", None])]  # fmt: skip
    facts = OpportunityFacts.build(calls)
    assert facts.open_on(date(2027, 3, 2)).tolist() == [True, False, False]
    assert facts.open_on(date(2027, 3, 3)).tolist() == [False, False, False]


def test_years_since_the_doctorate_are_counted_to_the_deadlines_year():
    capped = {"stage": {"max_years_since_doctorate": 7}}
    with_deadline, without = _columns(capped), _columns(capped, deadline=None)
    # Doctorate 2020: 7 years in 2027 (the deadline's year) -> in; 2019: 8 years -> out.
    assert _stage(with_deadline, Level.POSTDOC, doctorate=2020) == [StageCode.OK]
    assert _stage(with_deadline, Level.POSTDOC, doctorate=2019) == [StageCode.FAIL]
    # No deadline: counted to this year (2026), so 2019 is exactly 7 years.
    assert _stage(without, Level.POSTDOC, doctorate=2019) == [StageCode.OK]


def test_will_soon_hold_lets_someone_finishing_that_degree_through():
    soon = _columns({"stage": {"holds": "bachelor", "soon": True}})
    held = _columns({"stage": {"holds": "bachelor"}})
    assert _stage(soon, Level.BACHELOR) == [StageCode.OK]
    assert _stage(held, Level.BACHELOR) == [StageCode.CHECK]


def test_a_call_for_several_current_levels_takes_each_of_them():
    cols = _columns({"stage": {"current": ["bachelor", "master"]}})
    assert _stage(cols, Level.BACHELOR) == _stage(cols, Level.MASTER) == [StageCode.OK]
    assert _stage(cols, Level.PHD) == [StageCode.FAIL]


def test_an_unknown_level_name_in_a_stage_list_is_skipped_not_the_end_of_the_list():
    cols = _columns({"stage": {"current": ["undergraduate-ish", "master"]}})
    assert _stage(cols, Level.MASTER) == [StageCode.OK]


def test_researcher_profiles_add_up_and_unknown_ones_are_ignored():
    """R1+R2: doctoral candidates and postdocs are in; a master's graduate (R1's maybe) and a
    lecturer (R2's maybe) need a check; an unknown "R9" adds nothing and breaks nothing."""
    cols = _columns({"stage": {"researcher_profiles": ["R1", "R2", "R9"]}})
    assert _stage(cols, Level.PHD) == _stage(cols, Level.POSTDOC) == [StageCode.OK]
    assert _stage(cols, Level.MASTER) == _stage(cols, Level.FACULTY) == [StageCode.CHECK]
    assert _stage(cols, Level.BACHELOR) == [StageCode.FAIL]
    only_unknown = _columns({"stage": {"researcher_profiles": ["R9"]}})
    assert _stage(only_unknown, Level.BACHELOR) == [StageCode.NONE]


def test_age_bounds_and_born_on_or_after_reach_the_columns():
    cols = _columns({"min_age": 20}, {"max_age": 35}, {"born_on_or_after": "1995-01-01"})
    assert cols.min_age.tolist()[0] == 20 and np.isnan(cols.min_age[1:]).all()
    assert cols.max_age.tolist()[1] == 35 and np.isnan(cols.max_age[[0, 2]]).all()
    assert cols.born_after.tolist() == [-1, -1, date(1995, 1, 1).toordinal()]


def test_age_on_31_december_is_judged_at_the_end_of_the_deadlines_year():
    cols = _columns({"max_age": 35, "age_reference": "year_end"}, {"max_age": 35})
    for_max, for_min = cols.reference_days(np.array([0, 1]), TODAY)
    assert for_max.tolist() == [date(2027, 12, 31).toordinal(), DEADLINE.toordinal()]
    assert for_min.tolist() == for_max.tolist()


def test_at_the_time_of_application_the_maximum_is_judged_today_and_the_minimum_at_the_deadline():
    cols = _columns({"min_age": 18, "max_age": 35, "age_reference": "application"})
    for_max, for_min = cols.reference_days(np.array([0]), TODAY)
    assert (for_max.tolist(), for_min.tolist()) == ([TODAY.toordinal()], [DEADLINE.toordinal()])


def test_someone_with_no_level_gets_a_check_for_degree_and_current_level_requirements():
    cols = _columns({"stage": {"holds": "bachelor"}}, {"stage": {"current": ["master"]}}, {})
    assert _stage(cols, None) == [StageCode.CHECK, StageCode.CHECK, StageCode.NONE]
    # "any level" says nothing about the degree held either.
    assert _stage(cols, Level.ANY)[0] == StageCode.CHECK


def test_a_lecturers_doctorate_counts_only_when_the_profile_gives_its_year():
    """A lecturer may or may not hold a doctorate: a check without the year, in with it."""
    cols = _columns({"stage": {"holds": "doctorate"}})
    assert _stage(cols, Level.FACULTY) == [StageCode.CHECK]
    assert _stage(cols, Level.FACULTY, doctorate=2015) == [StageCode.OK]
    assert _stage(cols, Level.MASTER) == [StageCode.FAIL]  # a master's student surely has none


def test_final_year_calls_take_final_year_students_and_others_take_any_year():
    cols = _columns({"stage": {"current": ["bachelor"], "final_year": True}},
                    {"stage": {"current": ["bachelor"]}}, {})  # fmt: skip
    assert _stage(cols, Level.BACHELOR, final=1) == [StageCode.OK, StageCode.OK, StageCode.NONE]
    assert _stage(cols, Level.BACHELOR, final=0) == [StageCode.FAIL, StageCode.OK, StageCode.NONE]
    assert _stage(cols, Level.BACHELOR) == [StageCode.CHECK, StageCode.OK, StageCode.NONE]


def test_a_cap_of_zero_years_since_the_doctorate_still_caps():
    cols = _columns({"stage": {"max_years_since_doctorate": 0}})
    assert _stage(cols, Level.POSTDOC, doctorate=2027) == [StageCode.OK]
    assert _stage(cols, Level.POSTDOC, doctorate=2026) == [StageCode.FAIL]


def test_a_years_since_doctorate_cap_without_the_year_checks_doctoral_people_and_fails_others():
    cols = _columns({"stage": {"max_years_since_doctorate": 5}})
    assert _stage(cols, Level.PHD) == _stage(cols, Level.POSTDOC) == [StageCode.CHECK]
    assert _stage(cols, Level.FACULTY) == _stage(cols, None) == [StageCode.CHECK]
    assert _stage(cols, Level.MASTER) == _stage(cols, Level.BACHELOR) == [StageCode.FAIL]


def test_calls_without_a_stage_requirement_stay_unconstrained_for_someone_with_a_doctorate():
    cols = _columns({"stage": {"max_years_since_doctorate": 7}}, {})
    assert _stage(cols, Level.POSTDOC, doctorate=2022) == [StageCode.OK, StageCode.NONE]


def test_or_will_soon_hold_with_no_degree_named_asks_nothing():
    cols = _columns({"stage": {"soon": True}})
    assert _stage(cols, Level.BACHELOR) == [StageCode.NONE]
