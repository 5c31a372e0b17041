"""Countries: names in three languages, demonyms, regions, and eligibility with its evidence."""

import pytest

from crawlers.normalize.countries import (
    country_code,
    eligible_countries,
    find_mentions,
    host_country_in,
)
from domain.country_groups import members


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Germany", "DE"), ("DEU", "DE"), ("de", "DE"), ("Berlin, Germany", "DE"),
        ("Германия", "DE"), ("Germaniya", "DE"), ("Ўзбекистон", "UZ"), ("O‘zbekiston", "UZ"),
        ("Korea, Republic of", "KR"), ("South Korea", "KR"), ("China (Mainland)", "CN"),
        ("Türkiye", "TR"), ("Russian Federation", "RU"), ("Россия", "RU"),
        ("Hong Kong SAR", "HK"), ("Iran, Islamic Republic of", "IR"), ("USA", "US"),
        ("United Kingdom", "GB"), ("Kyrgyzstan", "KG"), ("Қозоғистон", "KZ"),
        ("xyz", None), ("", None), ("Central Asia", None),
        ("University of Georgia, USA", None),  # two different countries: not guessed
    ],
)
def test_country_code(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Uzbek citizens", {"UZ"}),
        ("граждане Узбекистана", {"UZ"}),
        ("O'zbekiston fuqarolari", {"UZ"}),
        ("Ўзбекистон фуқаролари", {"UZ"}),
        ("Open to nationals of Kazakhstan and Kyrgyzstan", {"KZ", "KG"}),
        (
            "Граждане Казахстана, Кыргызстана и Таджикистана могут подать заявку.",
            {"KZ", "KG", "TJ"},
        ),
        # A possessive names the host, not a nationality.
        ("Applicants must be citizens of Germany's partner country Uzbekistan", {"UZ"}),
        ("Students from Uzbekistan who wish to study in Germany", {"UZ"}),
        ("The Loughborough University, UK offers places to Kazakh nationals", {"KZ"}),
        ("Talabalar O'zbekistondan bo'lishi kerak.", {"UZ"}),
    ],
)
def test_eligible_countries_by_name_and_demonym(text, codes):
    info = eligible_countries(text)
    assert set(info.countries) == codes
    assert info.evidence


@pytest.mark.parametrize(
    ("text", "codes", "region"),
    [
        ("Open to applicants from Central Asia", members("central-asia"), "central-asia"),
        ("Для граждан стран Центральной Азии", members("central-asia"), "central-asia"),
        ("Markaziy Osiyo davlatlari fuqarolari", members("central-asia"), "central-asia"),
        ("Researchers from CIS countries", members("cis"), "cis"),
        ("Граждане стран СНГ", members("cis"), "cis"),
        ("Applicants from countries on the DAC list", members("dac-list"), "dac-list"),
        ("Open to applicants from developing countries", members("dac-list"), "dac-list"),
        ("Applicants from EU member states", members("eu-member-states"), "eu-member-states"),
    ],
)
def test_regions_expand_to_iso_codes(text, codes, region):
    info = eligible_countries(text)
    assert set(info.countries) == set(codes)
    assert region in info.regions


def test_erasmus_partner_countries_include_uzbekistan_but_not_programme_countries():
    info = eligible_countries("Open to students from Erasmus+ Partner Countries.")
    assert "UZ" in info.countries
    assert "DE" not in info.countries
    assert "TR" not in info.countries  # Türkiye is associated to the programme


@pytest.mark.parametrize(
    "text",
    [
        "Open to all nationalities.",
        "Applicants of any nationality are welcome.",
        "Студенты из всех стран, независимо от гражданства.",
        "Barcha davlatlar fuqarolari ishtirok etishi mumkin.",
    ],
)
def test_open_to_all_nationalities(text):
    info = eligible_countries(text)
    assert info.any_nationality is True
    assert info.countries == ()
    assert info.evidence == text


def test_exclusions_are_kept_apart():
    info = eligible_countries("Open to all nationalities except US citizens.")
    assert info.any_nationality is True
    assert info.excluded == ("US",)
    info = eligible_countries("Citizens of Russia are not eligible to apply.")
    assert info.any_nationality is True
    assert info.excluded == ("RU",)


def test_non_us_entities_not_eligible_means_us_only():
    # NIH Guide wording.
    text = (
        "Eligible organizations include universities. "
        "Non-domestic (non-U.S.) Entities (Foreign Organizations) are not eligible to apply."
    )
    info = eligible_countries(text)
    assert info.countries == ("US",)
    assert "Non-domestic" in info.evidence


def test_non_us_entities_eligible_means_any():
    info = eligible_countries(
        "Non-domestic (non-U.S.) Entities (Foreign Organizations) are eligible to apply."
    )
    assert info.any_nationality is True


def test_evidence_is_the_deciding_sentence_only():
    text = "The programme funds visits. Applicants must be citizens of Uzbekistan. Good luck!"
    assert eligible_countries(text).evidence == "Applicants must be citizens of Uzbekistan."


@pytest.mark.parametrize(
    "text",
    [
        "German language skills required.",  # a demonym about a language, not a nationality
        "Study in Germany at a leading university.",  # a place without a word about who applies
        "cis-regulatory elements in gene expression",  # the lower-case prefix is not the CIS
        "Contact us for details.",
        "",
    ],
)
def test_no_nationality_rule_is_unknown(text):
    info = eligible_countries(text)
    assert not info.known
    assert info.countries == ()


def test_mentions_know_their_positions():
    mentions = find_mentions("Citizens of Uzbekistan or Kazakhstan")
    assert [(m.value, m.start) for m in mentions] == [("UZ", 12), ("KZ", 26)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Projects protect the rights of EU citizens and third country nationals.", set()),
        ("Data from 71,000 participants across the U.S. are integrated.", set()),
        ("Funded by the European Union.", set()),
        ("Deliver products worldwide.", set()),
        ("Scholarship for International Students from Developing Countries.", set(members("dac-list"))),
        ("The scholarship is open to citizens of Uzbekistan.", {"UZ"}),
    ],
)
def test_strict_mode_reads_abstracts_only_where_they_speak_of_applicants(text, codes):
    info = eligible_countries(text, strict=True)
    assert set(info.countries) == codes
    assert not info.any_nationality


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("$5,000 Vice-Chancellor Scholarships at Manchester, UK 2018", "GB"),
        ("€25,000 O’Donovan Scholarships in Ireland – 2018/19", "IE"),
        ("Стажировка в Германии", "DE"),
        ("Scholarships for Uzbekistan citizens", None),
        ("Uzbek students: scholarships at Seoul National University", None),
        ("Study in Germany or in France", None),  # two hosts: not guessed
    ],
)
def test_host_country_in_title(title, code):
    assert host_country_in(title) == code


@pytest.mark.parametrize(
    "text",
    [
        "Stipendiya: yashash xarajatlari uchun oyiga 1 500 AQSh dollari, talabalar uchun",
        "Applicants receive a stipend of 2,000 US dollars per month.",
        "Стипендия 1 000 долларов США в месяц для студентов.",
        "Students get US$ 1,500 monthly.",
    ],
)
def test_a_country_naming_a_currency_is_not_eligibility(text):
    assert find_mentions(text) == []
    assert not eligible_countries(text).known


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # "all countries" scoped by the region right after it is that region, not anyone.
        ("Участие открыто для исследователей из всех стран СНГ и Центральной Азии.",
         members("cis") | members("central-asia")),
        ("Open to researchers from all countries of Central Asia.", members("central-asia")),
        ("Applicants from all CIS countries may apply.", members("cis")),
    ],
)
def test_all_countries_of_a_region_is_that_region(text, codes):
    info = eligible_countries(text)
    assert set(info.countries) == set(codes)
    assert info.any_nationality is False
    assert info.evidence == text


def test_a_mobility_rule_names_no_nationality():
    text = (
        "Open to citizens of Central Asian countries. Mobility rule: applicants must not have "
        "resided in the Netherlands for more than 12 months in the three years before the deadline."
    )
    info = eligible_countries(text)
    assert set(info.countries) == members("central-asia")
    assert info.evidence == "Open to citizens of Central Asian countries."


def test_staff_of_institutions_of_a_country_are_eligibility():
    info = eligible_countries(
        "O'zbekiston Respublikasi oliy ta'lim muassasalari professor-o'qituvchilari; loyiha "
        "rahbari PhD ilmiy darajasiga ega bo'lishi kerak."
    )
    assert info.countries == ("UZ",)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        # One sentence, never the lines around it.
        ("Level: Master's\nEligibility: open to all nationalities. A bachelor's degree in "
         "engineering; IELTS 6.5.\nDeadline: 15 January 2027",
         "Eligibility: open to all nationalities."),
        # A fragment after ";" is shown with the rest of its sentence.
        ("Who can apply: administrative and professional staff of partner universities; all "
         "nationalities\nDeadline: 1 March 2027",
         "Who can apply: administrative and professional staff of partner universities; all "
         "nationalities"),
        ("Кто может подать: граждане Узбекистана и других стран СНГ. Знание русского языка "
         "не ниже уровня B1.", "Кто может подать: граждане Узбекистана и других стран СНГ."),
    ],
)
def test_evidence_is_one_sentence(text, evidence):
    assert eligible_countries(text).evidence == evidence


def test_long_evidence_is_cut_at_clause_boundaries_near_what_decided():
    text = (
        "Eligibility: applicants must hold a master's degree in engineering, natural sciences, "
        "economics or a related field, have at least two years of professional experience after "
        "graduation, work for a public body, a university or a non-governmental organisation, "
        "and be citizens of Uzbekistan, Kazakhstan or Kyrgyzstan at the time of application."
    )
    info = eligible_countries(text)
    assert set(info.countries) == {"UZ", "KZ", "KG"}
    assert len(info.evidence) <= 200
    assert "citizens of Uzbekistan, Kazakhstan or Kyrgyzstan" in info.evidence
    assert info.evidence.startswith("…")
