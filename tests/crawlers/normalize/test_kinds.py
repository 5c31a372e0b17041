"""Opportunity kinds from keywords in English, Russian and Uzbek, in priority order."""

import pytest

from crawlers.normalize.kinds import find_kind, kind_of
from domain.vocabulary import Kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Chevening Scholarships 2027/28", Kind.SCHOLARSHIP),
        ("Стипендия Президента", Kind.SCHOLARSHIP),
        ("Stipendiya dasturi", Kind.SCHOLARSHIP),
        ("Грант на научные исследования", Kind.GRANT),
        ("Конкурс на получение грантов", Kind.GRANT),
        ("R21 Exploratory/Developmental Research Grant", Kind.GRANT),
        ("Notice of Funding Opportunity", Kind.GRANT),
        ("Стажировка в Японии", Kind.INTERNSHIP),
        ("Summer internship at CERN", Kind.INTERNSHIP),
        ("Xalqaro konferensiya", Kind.CONFERENCE),
        ("Call for papers: ICT4D 2027", Kind.CONFERENCE),
        ("Международная конференция", Kind.CONFERENCE),
        ("Fan olimpiadasi", Kind.COMPETITION),
        ("International Mathematical Olympiad", Kind.COMPETITION),
        ("Erasmus+ staff mobility grant", Kind.STAFF_MOBILITY),
        ("Erasmus+ student exchange", Kind.EXCHANGE),
        ("Академическая мобильность студентов", Kind.EXCHANGE),
        ("Marie Skłodowska-Curie Postdoctoral Fellowships", Kind.FELLOWSHIP),
        ("Summer school in quantum physics", Kind.TRAINING),
        ("Capacity Building in Higher Education partnership", Kind.PARTNERSHIP),
        ("Malaka oshirish kursi", Kind.TRAINING),
        # Uzbek "tanlov" is a competition, unless it is a call for grants or scholarships.
        ("Yosh muhandislar innovatsion g'oyalar tanlovi — 2027", Kind.COMPETITION),
        ("Tanlov", Kind.COMPETITION),
        ("Ёш ихтирочилар танлови", Kind.COMPETITION),
        ("Amaliy tadqiqotlar uchun innovatsion grantlar tanlovi", Kind.GRANT),
        ("Xorijda o'qish uchun stipendiyalar tanlovi", Kind.SCHOLARSHIP),
        # A short research stay abroad is a mobility (exchange), not "other".
        ("PhD short research stays: rolling call for doctoral candidates", Kind.EXCHANGE),
        ("Short-term research visits for early-career scientists", Kind.EXCHANGE),
        ("Digital twins for resilient mechanical systems (Research and Innovation Action)",
         Kind.GRANT),
        ("Weather report", None),
    ],
)
def test_find_kind(text, kind):
    assert find_kind(text) == kind


def test_first_text_naming_a_kind_wins():
    assert find_kind("", "Research grant", "scholarship holders welcome") == Kind.GRANT
    assert find_kind(None, "Untitled", "an internship") == Kind.INTERNSHIP


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("grant", Kind.GRANT),
        ("Staff mobility", Kind.STAFF_MOBILITY),
        ("staff_mobility", Kind.STAFF_MOBILITY),
        ("стажировка", Kind.INTERNSHIP),
        ("???", None),
    ],
)
def test_kind_of_typed_values(value, kind):
    assert kind_of(value) == kind
