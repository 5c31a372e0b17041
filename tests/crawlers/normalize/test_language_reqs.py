"""Language test minimums: IELTS, TOEFL, Duolingo, PTE and CEFR levels."""

import pytest

from crawlers.normalize.language_reqs import find_language_requirements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IELTS 6.5 (no band below 6.0) or TOEFL iBT 90", {"IELTS": 6.5, "TOEFL iBT": 90}),
        ("minimum IELTS score of 7.0", {"IELTS": 7.0}),
        ("IELTS kamida 6,0 ball", {"IELTS": 6.0}),
        ("IELTS не ниже 5.5", {"IELTS": 5.5}),
        ("Duolingo English Test: 115", {"Duolingo": 115}),
        ("TOEFL PBT 550", {"TOEFL ITP": 550}),
        ("PTE Academic 58", {"PTE": 58}),
        ("English B2 level (CEFR)", {"English": "B2"}),
        ("Немецкий язык на уровне B1", {"German": "B1"}),
        ("Ingliz tili C1 darajasida", {"English": "C1"}),
        ("Language proficiency at level B2", {"CEFR": "B2"}),
        ("a CEFR C1 certificate in English", {"English": "C1"}),
        ("владение русским языком на уровне B2", {"Russian": "B2"}),
        ("ingliz tili bo'yicha B2 sertifikati", {"English": "B2"}),
        ("German B1 and English C1 (CEFR)", {"German": "B1", "English": "C1"}),
        ("Goethe-Zertifikat B2", {"German": "B2"}),
        ("TOEIC 785 or Cambridge English Scale 170", {"TOEIC": 785, "Cambridge": 170}),
        ("Room A1, building C2", {}),
        ("IELTS 65", {}),  # not a valid band: unknown rather than wrong
        ("", {}),
    ],
)
def test_language_requirements(text, expected):
    assert find_language_requirements(text) == expected
