"""Study and career levels from keywords in English, Russian and Uzbek."""

import pytest

from crawlers.normalize.levels import find_levels, level_of
from domain.vocabulary import Level

B, M, P = Level.BACHELOR, Level.MASTER, Level.PHD
PD, F, S = Level.POSTDOC, Level.FACULTY, Level.STAFF


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Master and PhD students", [M, P]),
        ("Scholarships for Bachelor's and Master's degree studies", [B, M]),
        ("бакалавриат и магистратура", [B, M]),
        ("для аспирантов (PhD)", [P]),
        ("аспирантура", [P]),
        ("doktorantura va magistratura", [M, P]),
        ("Bakalavr talabalari uchun", [B]),
        ("postdoctoral researchers", [PD]),
        ("Academic staff and administrative staff", [F, S]),
        ("for professors and lecturers", [F]),
        ("профессорско-преподавательский состав", [F]),
        ("undergraduate students", [B]),
        ("Open to all levels of study", [Level.ANY]),
        ("Principal Investigators at US institutions", [F]),
        ("master plan for the campus", []),
        # Research staff are researchers (postdoc/faculty), not administrative staff.
        ("Преподаватели, научные сотрудники, аспиранты, магистранты", [M, P, PD, F]),
        ("Научные сотрудники и преподаватели (кандидаты и доктора наук)", [PD, F]),
        ("Professor-o'qituvchilar, ilmiy xodimlar", [PD, F]),
        ("сотрудники международного отдела", [S]),
        ("administrative staff of international offices", [S]),
        ("", []),
    ],
)
def test_find_levels(text, levels):
    assert find_levels(text) == levels


@pytest.mark.parametrize(
    ("value", "level"),
    [("master", M), ("PhD", P), ("магистратура", M), ("postdoc", PD), ("banana", None)],
)
def test_level_of_typed_values(value, level):
    assert level_of(value) == level


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Исследовательский грант для молодых учёных", []),  # the adjective names no one
        ("Research grant for young scientists", []),  # the same call in English
        ("Гранты для приглашённых исследователей", [Level.FACULTY]),  # the noun does
    ],
)
def test_research_as_an_adjective_names_no_level_in_russian_as_in_english(text, levels):
    assert find_levels(text) == levels
