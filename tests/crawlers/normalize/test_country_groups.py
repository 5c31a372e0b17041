"""The one country-group table: data-backed members, dates and origins, en/ru/uz names."""

import pytest

from domain import country_groups as cg
from domain.eligibility import Applicant, EligibilityFacts, Evidence, read, write


def test_every_group_has_members_source_and_date():
    for group in cg.groups().values():
        assert group.members, group.key
        assert group.source and group.as_of, group.key
        assert group.members <= cg.all_countries() | {"XK"}, group.key


@pytest.mark.parametrize(
    ("key", "inside", "outside"),
    [
        ("micronesia-region", "NR", "WS"),  # M49 puts Nauru in Micronesia (data corrected)
        ("latin-america-caribbean", "PA", "US"),
        ("western-balkans", "XK", "HR"),
        ("dac-list", "PA", "NR"),  # Nauru left the DAC list on 2026-01-01; Panama is on it
        ("cis", "KG", "TM"),
        ("eu-member-states", "DE", "NO"),
        ("eea", "NO", "CH"),
        ("asean", "TL", "CN"),
        ("mercosur", "BO", "VE"),
        ("lower-middle-income", "UZ", "KZ"),
        ("sub-saharan-africa", "KE", "EG"),
        ("erasmus-partner-countries", "XK", "TR"),
    ],
)
def test_membership(key, inside, outside):
    assert inside in cg.members(key) and outside not in cg.members(key)


@pytest.mark.parametrize(
    ("name", "key"),
    [("Страны СНГ", "cis"), ("ASEAN", "asean"), ("rivojlanayotgan davlatlar", "dac-list"),
     ("partner countries", "erasmus-partner-countries"), ("Pacific Islands Forum",
                                                          "pacific-islands-forum")],
)
def test_names_in_three_languages_resolve(name, key):
    assert cg.lookup(name).key == key
    assert cg.resolve(name) == cg.members(key)


def test_facts_round_trip_through_details():
    facts = EligibilityFacts(
        nationalities=("KZ", "UZ"), nationality_groups=("central-asia",), excluded=("AF",),
        residence=("UZ",), employment=("UZ",), applicant=Applicant.INSTITUTION,
        evidence={"countries": Evidence("Open to Central Asia.", "en"),
                  "applicant": Evidence("The applicant is the university.", "en")},
        language="en",
    )
    details: dict = {}
    countries = write(details, facts)
    assert read(details, countries) == facts
