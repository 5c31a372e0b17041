"""Who may apply beyond nationality (crawlers/normalize/who.py): residence, employer, applicant, title."""

import pytest

from crawlers.normalize.who import read_who
from domain import country_groups as cg
from domain.eligibility import Applicant


@pytest.mark.parametrize(
    "text",
    [
        "Open to permanent residents of Uzbekistan, regardless of nationality.",
        "Для лиц, постоянно проживающих в Узбекистане, независимо от гражданства.",
        "O'zbekistonda doimiy yashovchi shaxslar, fuqaroligidan qat'i nazar.",
    ],
)
def test_residence_regardless_of_nationality(text):
    facts = read_who(text)
    assert facts.residence == ("UZ",) and facts.any_nationality and not facts.nationalities
    assert facts.evidence["residence"].text


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Open to researchers working at an institution located in Kazakhstan.", {"KZ"}),
        ("Only researchers based at an institution in the European Union can apply.",
         cg.members("eu-member-states")),
        ("Для преподавателей, работающих в вузах Казахстана.", {"KZ"}),
    ],
)
def test_employer_location_is_not_citizenship(text, codes):
    facts = read_who(text)
    assert set(facts.employment) == set(codes) and not facts.nationalities


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Applications must be submitted by an organisation.", Applicant.INSTITUTION),
        ("The applicant is the university.", Applicant.INSTITUTION),
        ("Only organisations registered in the United Kingdom can apply.", Applicant.INSTITUTION),
        ("Заявителем является вуз.", Applicant.INSTITUTION),
        ("Ariza tashkilot tomonidan topshiriladi.", Applicant.INSTITUTION),
        ("Individuals may apply.", Applicant.INDIVIDUAL),
        ("Individuals", Applicant.INDIVIDUAL),
        ("Open to early-career researchers.", None),
    ],
)
def test_applicant_type(text, kind):
    assert read_who(text).applicant == kind


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("Summer School — Kazakh Citizens Only", {"KZ"}),
        ("Scholarships for citizens of Kazakhstan", {"KZ"}),
        ("Гранты для граждан Казахстана", {"KZ"}),
        ("Qozog'iston fuqarolari uchun grantlar", {"KZ"}),
    ],
)
def test_restriction_only_in_the_title(title, codes):
    facts = read_who("", title)
    assert set(facts.nationalities) == codes and facts.evidence["countries"].text == title


def test_title_naming_a_host_is_no_restriction():
    assert not read_who("", "Scholarships at Manchester, UK").says_nationality


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("Open to applicants from countries such as Kenya, Ghana and Nigeria.", "GH", "UZ"),
        ("For scientists from developing countries such as Kenya and Nepal.", "UZ", "DE"),
        ("Open to nationals of Mercosur countries.", "BO", "UZ"),
        ("Open to citizens of Pacific Islands Forum countries.", "FJ", "UZ"),
        ("Applicants from Sub-Saharan Africa only.", "KE", "EG"),
        ("Граждане стран АСЕАН могут подать заявку.", "TL", "UZ"),
    ],
)
def test_named_groups_and_open_enumerations(text, inside, outside):
    allowed = set(read_who(text).nationalities)
    assert inside in allowed and outside not in allowed


@pytest.mark.parametrize(
    "text",
    [
        "This year's round excludes applicants from Uzbekistan.",
        "Nationals of the following countries cannot apply: Uzbekistan, Iran.",
        "Граждане Узбекистана не могут подать заявку.",
        "O'zbekiston fuqarolari ariza topshira olmaydi.",
    ],
)
def test_exclusions(text):
    facts = read_who(text)
    assert "UZ" in facts.excluded and facts.any_nationality


@pytest.mark.parametrize(
    "text",
    [
        "Any legal entity established in the United States of America is eligible to receive Union funding.",
        "Entities from at least four cities, each from a different Member State or Associated Country, must participate.",
    ],
)
def test_asides_restrict_nobody(text):
    assert not read_who(text).nationalities
