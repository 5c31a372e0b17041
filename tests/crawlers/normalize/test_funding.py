"""Fully funded or partially funded, in three languages; None when the text says neither."""

import pytest

from crawlers.normalize.funding import fully_funded


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Fully funded Master's scholarship", True),
        ("full tuition waiver and monthly stipend", True),
        ("The scholarship covers all costs", True),
        ("полное финансирование обучения", True),
        ("Grant to'liq moliyalashtiriladi", True),
        ("Partial scholarship (50% tuition)", False),
        ("частичная оплата обучения", False),
        ("Monthly stipend of €1,200", None),
        ("", None),
    ],
)
def test_fully_funded(text, flag):
    assert fully_funded(text) is flag
