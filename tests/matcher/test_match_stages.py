"""Stage requirements decided by the matcher: researcher profiles, years since the doctorate,
degree held; and the requirements contract's round trip through ``details``."""

from datetime import date

from domain import Eligibility, Level, Role
from domain.language_levels import level_of_score, score_band
from domain.requirements import (
    AgeRequirement,
    Evidence,
    LanguageRequirement,
    Requirements,
    StageRequirement,
    read_requirements,
    write_requirements,
)
from feeds.reasons import render_all
from matcher import match_profiles


def _decide(opp, profile, today, stage: dict, people):
    call = opp("s", "Solar research call", levels=[], deadline=date(2025, 9, 1),
               details={"any_nationality": True, "stage": stage})  # fmt: skip
    by = {m.profile_id: m.eligibility for m in match_profiles(people, [call], today)}
    return {p.id: by.get(p.id, "hidden") for p in people}


def test_researcher_profiles_r1_r2(opp, profile, today):
    people = [
        profile("phd", role=Role.STUDENT, level=Level.PHD, interests="solar"),
        profile("postdoc", role=Role.FACULTY, level=Level.POSTDOC, interests="solar"),
        profile("lecturer", role=Role.FACULTY, level=Level.FACULTY, interests="solar"),
        profile("bachelor", role=Role.STUDENT, level=Level.BACHELOR, interests="solar"),
        profile("staff", role=Role.STAFF, level=Level.STAFF, interests="solar"),
    ]
    got = _decide(opp, profile, today, {"researcher_profiles": ["R1", "R2"]}, people)
    assert got == {"phd": Eligibility.ELIGIBLE, "postdoc": Eligibility.ELIGIBLE,
                   "lecturer": Eligibility.CHECK, "bachelor": "hidden", "staff": "hidden"}  # fmt: skip


def test_years_since_the_doctorate_on_the_deadline_year(opp, profile, today):
    people = [
        profile("recent", level=Level.POSTDOC, interests="solar", details={"doctorate_year": 2019}),
        profile("old", level=Level.POSTDOC, interests="solar", details={"doctorate_year": 2016}),
        profile("unknown", level=Level.POSTDOC, interests="solar"),
        profile("master", role=Role.STUDENT, level=Level.MASTER, interests="solar",
                target_levels=["postdoc"]),
    ]  # fmt: skip
    got = _decide(opp, profile, today, {"max_years_since_doctorate": 7}, people)
    assert got == {"recent": Eligibility.ELIGIBLE, "old": "hidden",
                   "unknown": Eligibility.CHECK, "master": "hidden"}  # fmt: skip


def test_check_reason_says_what_the_call_asks(opp, profile, today):
    call = opp("m", "Solar PhD position", levels=[Level.PHD], details={
        "any_nationality": True, "stage": {"holds": "master"},
        "requirement_evidence": {"level": {"text": "A master's degree is required.", "language": "en"}},
    })  # fmt: skip
    master = profile("m", role=Role.STUDENT, level=Level.MASTER, interests="solar")
    [m] = match_profiles([master], [call], today)
    assert m.eligibility == Eligibility.CHECK
    assert any("applicants must hold a master's degree" in r and "A master's degree is required." in r
               for r in render_all(m.reasons, "en")), render_all(m.reasons, "en")  # fmt: skip


def test_requirements_round_trip_through_details():
    req = Requirements(
        stage=StageRequirement(holds="master", soon=True, researcher_profiles=("R1", "R2"),
                               evidence=Evidence("Hold or will soon hold a master's.", "en")),
        age=AgeRequirement(max_age=30, reference=date(2027, 9, 1), evidence=Evidence("Under 31.", "en")),
        languages=(LanguageRequirement(6.5, "IELTS", "en"), LanguageRequirement("B2", None, "de")),
    )  # fmt: skip
    details: dict = {}
    write_requirements(details, req)
    assert details["language_requirements"] == {"IELTS": 6.5, "German": "B2"}
    back = read_requirements(details)
    assert back.stage.holds == "master" and back.stage.researcher_profiles == ("R1", "R2")
    assert back.age.reference == date(2027, 9, 1) and back.age.max_age == 30
    assert back.languages == req.languages and back.stage.evidence == req.stage.evidence


def test_old_cefr_keys_read_as_the_language():
    back = read_requirements({"language_requirements": {"CEFR-en": "B2", "TOEFL PBT": 550}})
    assert {(r.key, r.minimum) for r in back.languages} == {("English", "B2"), ("TOEFL ITP", 550.0)}


def test_table_bands():
    assert level_of_score("IELTS", 6.5) == 4.0  # B2
    assert level_of_score("TOEFL iBT", 95) == 5.0  # C1
    assert score_band("TOEFL iBT", 4.0)[0] == 72 and score_band("TOEFL iBT", 4.0)[1] < 95
    assert score_band("IELTS", 6.0) == (8.5, 9.0)
