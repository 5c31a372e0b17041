"""Age limits as inclusive bounds, from English, Russian and Uzbek phrasings."""

import pytest

from crawlers.normalize.age import AgeLimits, find_age_limits


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("Applicants must be under 35", AgeLimits(None, 34)),
        ("under 35 years of age at the deadline", AgeLimits(None, 34)),
        ("не старше 30 лет", AgeLimits(None, 30)),
        ("в возрасте до 35 лет", AgeLimits(None, 34)),
        ("35 yoshgacha bo'lgan yoshlar", AgeLimits(None, 34)),
        ("35 yoshdan oshmagan", AgeLimits(None, 35)),
        ("aged 18-35", AgeLimits(18, 35)),
        ("between the ages of 18 and 30", AgeLimits(18, 30)),
        ("at least 18 years old", AgeLimits(18, None)),
        ("Applicants must be 40 years or younger", AgeLimits(None, 40)),
        ("not older than 45 years", AgeLimits(None, 45)),
        ("не моложе 18 лет", AgeLimits(18, None)),
        ("18 yoshdan katta", AgeLimits(18, None)),
        ("IELTS 6.5 required", AgeLimits()),
        ("", AgeLimits()),
    ],
)
def test_age_limits(text, limits):
    assert find_age_limits(text) == limits
