"""Fields of study: the controlled OECD-based list, matched in three languages."""

import pytest

from crawlers.normalize.fields import FIELDS, find_fields


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Preclinical Proof of Concept Studies for Rare Diseases", ["medical-health-sciences"]),
        ("Computer Science and Artificial Intelligence", ["computer-science"]),
        ("информатика и экономика", ["computer-science", "economics-business"]),
        ("Sun'iy intellekt va dasturlash", ["computer-science"]),
        ("Renewable energy, civil engineering", ["civil-engineering", "environmental-engineering"]),
        ("Qishloq xo'jaligi", ["agricultural-sciences"]),
        ("Физика и математика", ["mathematics", "physics"]),
        ("In-Depth Phenotyping of Knockout Mouse Strains: genetics", ["biology"]),
        ("Tarix va falsafa", ["humanities-arts"]),
        ("Международные отношения", ["social-sciences"]),
        ("Cybersecurity Innovation for Cyberinfrastructure", ["computer-science"]),
        ("", []),
        ("xyzzy", []),
    ],
)
def test_find_fields(text, fields):
    assert find_fields(text) == fields


def test_every_field_has_an_oecd_code():
    assert all(code[0] in "123456" for code in FIELDS.values())
    assert len(FIELDS) == len(set(FIELDS))
