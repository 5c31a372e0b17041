"""Tokenizer and stemmer: multilingual words meet across inflections and spellings."""

from matcher.stem import stem
from matcher.tokenize import tokenize, words

# Each equality is anchored to the tokens both sides must give: an equality alone would also
# pass if tokenize returned nothing for a script.


def test_russian_inflections_share_a_stem():
    assert tokenize("солнечной энергетики") == tokenize("солнечная энергетика")
    assert tokenize("солнечная энергетика") == ["солнечн", "энергети"]
    assert tokenize("исследования") == tokenize("исследование") == ["исследов"]


def test_uzbek_suffixes_and_apostrophe_variants():
    assert tokenize("talabalarga") == tokenize("talaba") == ["talaba"]
    assert tokenize("oʻqish") == tokenize("o'qish") == tokenize("o’qish") == ["oqish"]


def test_english_plurals_and_derivations():
    assert tokenize("engineers engineering") == [stem("engineer")] * 2
    assert stem("engineer") == "engineer"
    assert tokenize("photovoltaics") == tokenize("photovoltaic") == ["photovol"]
    assert tokenize("technologies") == tokenize("technology") == ["technolo"]


def test_stopwords_numbers_and_case_dropped():
    assert words("The Research of 2025 и для va uchun AI") == ["research", "ai"]


def test_yo_folds_to_ye():
    assert tokenize("учёный") == tokenize("ученый") == ["учен"]
