"""Relevance across English, Russian and Uzbek; generic words; the floor; "check" ordering."""

import pytest

from feeds.reasons import render_all
from matcher import MatchIndex, match_profiles
from matcher.glossary import concepts


def _ids(matches):
    return [m.opportunity_id for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "organic chemistry",
        "Органическая химия",
        "органической химии",
        "organik kimyo",
        "органик кимё",
    ],
)
def test_one_topic_in_three_languages_is_one_concept(text):
    assert "~organic-chemistry" in concepts(text)
    assert "~f:chemistry" in concepts(text)


@pytest.mark.parametrize(
    "text",
    ["artificial intelligence", "искусственный интеллект", "sun'iy intellekt", "сунъий интеллект"],
)
def test_artificial_intelligence_in_every_script(text):
    assert "~artificial-intelligence" in concepts(text)


def test_words_that_only_look_alike_are_not_concepts():
    # "ai" only as a word, "transport" of samples is not transport engineering
    assert concepts("We aim to support the transport of samples; electronic submission only.") == []


CALLS = [
    ("chem", "Summer school in organic chemistry and catalysis", ""),
    ("ai", "MSc scholarships in artificial intelligence and computer vision", ""),
    ("ru-ai", "Грант на исследования в области искусственного интеллекта", "Машинное обучение."),
    ("generic", "International research and innovation management programme", "Technology."),
]


def _calls(opp):
    return [opp(i, title, summary=summary) for i, title, summary in CALLS]


@pytest.mark.parametrize(
    ("interests", "language"),
    [
        ("органическая химия, катализ", "ru"),
        ("organik kimyo, kataliz", "uz"),
    ],
)
def test_a_russian_or_uzbek_profile_meets_the_english_call(
    opp, profile, today, interests, language
):
    me = profile("p", interests=interests, language=language)
    got = match_profiles([me], _calls(opp), today)
    assert _ids(got) == ["test/chem"]
    assert render_all(got[0].reasons, "en")[0].startswith("matches your interests: ")
    assert interests.split(", ")[0] in render_all(got[0].reasons, "en")[0]


def test_an_english_profile_meets_the_russian_call_and_the_uzbek_one_both(opp, profile, today):
    english = profile("en", interests="artificial intelligence")
    uzbek = profile("uz", interests="sun'iy intellekt, kompyuter ko'rish", language="uz")
    got = match_profiles([english, uzbek], _calls(opp), today)
    by = {p: [m.opportunity_id for m in got if m.profile_id == p] for p in ("en", "uz")}
    assert set(by["en"]) == {"test/ai", "test/ru-ai"}
    assert by["uz"][0] == "test/ai"  # two of its topics: AI and computer vision
    assert "test/ru-ai" in by["uz"]


def test_generic_words_make_neither_a_match_nor_a_reason(opp, profile, today):
    me = profile("p", interests="international research management, organic chemistry technology")
    got = match_profiles([me], _calls(opp), today)
    assert _ids(got) == ["test/chem"]  # the call sharing only generic words is under the floor
    reason = render_all(got[0].reasons, "en")[0]
    assert "organic chemistry" in reason
    assert "international" not in reason and "management" not in reason


def test_a_call_open_to_any_field_is_shown_below_topical_ones(opp, profile, today):
    calls = [
        opp("topic", "Fellowship in organic chemistry"),
        opp("any", "Visiting scholar programme", summary="Stays of three to nine months."),
        opp("other", "Fellowship in marine biology"),
    ]
    me = profile("p", interests="organic chemistry")
    assert _ids(match_profiles([me], calls, today)) == ["test/topic", "test/any"]


def test_check_eligibility_ranks_below_eligible_of_similar_relevance(opp, profile, today):
    calls = [
        # says nothing about nationality: "check eligibility"; a little more relevant
        opp("check", "Fellowship in organic chemistry", summary="Organic chemistry.", details={}),
        opp("sure", "Fellowship in organic chemistry", details={"any_nationality": True}),
    ]
    me = profile("p", interests="organic chemistry, catalysis")
    got = match_profiles([me], calls, today)
    rel = MatchIndex(calls).relevance([me])[0]
    assert rel[0] > rel[1]  # the "check" call is the (slightly) more relevant one
    assert [(m.opportunity_id, m.eligibility.value) for m in got] == [
        ("test/sure", "eligible"),
        ("test/check", "check"),
    ]
