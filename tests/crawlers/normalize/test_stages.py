"""Career-stage requirements read from en/ru/uz text, with the deciding sentence."""

import pytest

from crawlers.normalize.stages import find_stage


@pytest.mark.parametrize(
    ("text", "holds", "soon", "current", "final", "years", "profiles"),
    [
        ("Open to final-year bachelor students.", None, False, ("bachelor",), True, None, ()),
        ("Open to early-career researchers (R1–R2).", None, False, (), False, None, ("R1", "R2")),
        (
            "Researchers at career stages R2 to R4 may apply.",
            None,
            False,
            (),
            False,
            None,
            ("R2", "R3", "R4"),
        ),
        (
            "Applicants who hold or will soon hold a master's degree.",
            "master",
            True,
            (),
            False,
            None,
            (),
        ),
        ("No more than 7 years after the doctorate.", None, False, (), False, 7, ()),
        (
            "Open to researchers within five years of completing their PhD.",
            None,
            False,
            (),
            False,
            5,
            (),
        ),
        (
            "PhD position. Applicants must have a Master's degree.",
            "master",
            False,
            (),
            False,
            None,
            (),
        ),
        (
            "Master scholarship for holders of a bachelor's degree.",
            "bachelor",
            False,
            (),
            False,
            None,
            (),
        ),
        ("PhD holders may apply.", "doctorate", False, (), False, None, ()),
        (
            "Приглашаются студенты выпускного курса бакалавриата.",
            None,
            False,
            ("bachelor",),
            True,
            None,
            (),
        ),
        ("Требуется наличие степени магистра.", "master", False, (), False, None, ()),
        (
            "Имеющие степень магистра или завершающие магистратуру в 2027 году.",
            "master",
            True,
            (),
            False,
            None,
            (),
        ),
        ("Не более 5 лет после защиты кандидатской диссертации.", None, False, (), False, 5, ()),
        ("С момента защиты диссертации прошло не более 10 лет.", None, False, (), False, 10, ()),
        ("Magistr darajasiga ega bo'lgan nomzodlar.", "master", False, (), False, None, ()),
        (
            "PhD darajasini olganiga 7 yildan oshmagan tadqiqotchilar.",
            None,
            False,
            (),
            False,
            7,
            (),
        ),
        (
            "Bakalavriat bitiruvchi kurs talabalari uchun.",
            None,
            False,
            ("bachelor",),
            True,
            None,
            (),
        ),
        (
            "Magistraturani tamomlagan yoki 2027 yilda tamomlaydigan nomzodlar.",
            "master",
            True,
            (),
            False,
            None,
            (),
        ),
        # studies named, not a degree held
        ("Summer school on AI for master students.", None, False, (), False, None, ()),
        (
            "Collaboration with master students and PhD programmes.",
            None,
            False,
            (),
            False,
            None,
            (),
        ),
        ("Room R1 and R2 of building C.", None, False, (), False, None, ()),
        ("", None, False, (), False, None, ()),
    ],
)
def test_find_stage(text, holds, soon, current, final, years, profiles):
    stage = find_stage(text)
    got = (stage.holds, stage.soon, stage.current, stage.final_year,
           stage.max_years_since_doctorate, stage.researcher_profiles)  # fmt: skip
    assert got == (holds, soon, current, final, years, profiles)
    if stage.known:
        assert stage.evidence is not None and stage.evidence.text.strip(".") in text


def test_title_counts_and_evidence_keeps_its_language():
    stage = find_stage(
        "Solar energy.", title="Стипендия для студентов выпускного курса бакалавриата"
    )
    assert stage.current == ("bachelor",) and stage.evidence.language == "ru"


def test_never_raises_on_odd_input():
    assert not find_stage(object()).known
