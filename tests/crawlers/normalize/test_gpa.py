"""Minimum GPA and its scale."""

import pytest

from crawlers.normalize.gpa import GpaRequirement, find_min_gpa


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("minimum GPA of 3.0/4.0", GpaRequirement(3.0, 4.0)),
        ("GPA 3.5 out of 4", GpaRequirement(3.5, 4.0)),
        ("средний балл не ниже 4,5", GpaRequirement(4.5, None)),
        ("CGPA 75/100", GpaRequirement(75, 100)),
        ("GPA 80", None),  # scale not written: not read as a 0-5 GPA
        ("No GPA requirement", None),
        ("", None),
    ],
)
def test_min_gpa(text, requirement):
    assert find_min_gpa(text) == requirement
