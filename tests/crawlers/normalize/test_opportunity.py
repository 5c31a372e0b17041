"""normalize_opportunity: a RawOpportunity dict in, a domain OpportunityRecord out."""

from datetime import date, datetime

import pytest

from crawlers.normalize.opportunity import normalize_opportunity
from domain.ids import make_id
from domain.vocabulary import Kind, Level, Status

TODAY = date(2026, 11, 27)


def blog_item(**overrides):
    item = {
        "source": "demo-blog",
        "url": "https://scholarships.example/posts/tashkent-master",
        "title": "Fully funded Master's scholarship in Germany\x07",
        "summary": "Study   computer science\n\tin  Germany. ",
        "deadline_text": "до 15 марта 2027 г. 23:59 (UTC+5)",
        "amount_text": "€1,200 per month",
        "eligibility_text": (
            "The programme funds two years of study. Open to citizens of Central Asian countries. "
            "Applicants must be under 35 with IELTS 6.5 or TOEFL iBT 90. Minimum GPA 3.0/4.0."
        ),
        "host_country_text": "Germany",
        "published_text": "Mon, 02 Nov 2026 09:00:00 +0000",
        "extra": {"tags": ["germany", "master"]},
    }
    item.update(overrides)
    return item


def test_a_blog_item_becomes_a_full_record():
    record = normalize_opportunity(blog_item(), today=TODAY)
    assert record.id == make_id("demo-blog", None, "Fully funded Master's scholarship in Germany")
    assert record.title == "Fully funded Master's scholarship in Germany"
    assert record.summary == "Study computer science in Germany."
    assert record.kind == Kind.SCHOLARSHIP
    assert record.levels == [Level.MASTER]
    assert record.fields == ["computer-science"]
    assert record.deadline == date(2027, 3, 15)
    assert record.status == Status.OPEN
    assert (record.amount, record.currency) == (1200.0, "EUR")
    assert record.host_country == "DE"
    assert record.eligible_countries == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert record.language == "en"
    assert record.published == datetime.fromisoformat("2026-11-02T09:00:00+00:00")


def test_details_collect_what_has_no_column():
    details = normalize_opportunity(blog_item(), today=TODAY).details
    assert details["deadline_raw"] == "до 15 марта 2027 г. 23:59 (UTC+5)"
    assert details["deadlines"] == ["2027-03-15"]
    assert details["deadline_time"] == "23:59"
    assert details["deadline_timezone"] == "UTC+5"
    assert details["amount_raw"] == "€1,200 per month"
    assert details["amount_period"] == "month"
    assert details["fully_funded"] is True
    assert details["eligibility_evidence"] == "Open to citizens of Central Asian countries."
    assert details["eligibility_regions"] == ["central-asia"]
    assert details["max_age"] == 34
    assert details["language_requirements"] == {"IELTS": 6.5, "TOEFL iBT": 90}
    assert details["min_gpa"] == 3.0
    assert details["min_gpa_scale"] == 4.0
    assert details["extra"] == {"tags": ["germany", "master"]}


def test_typed_values_from_structured_sources_win():
    item = {
        "source": "eu-funding-tenders",
        "url": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/topic/X",
        "title": "Cluster 4 call",
        "external_id": "HORIZON-CL4-2027-01",
        "deadline": "2027-04-15",
        "deadline_text": "Stage 1: 15 January 2027; Stage 2: 15 April 2027 17:00 Brussels time",
        "amount": 5_000_000,
        "currency": "eur",
        "amount_text": "EUR 3 million",
        "kind": "grant",
        "levels": ["faculty", "postdoc", "nonsense"],
        "eligible_countries": ["UZ", "Kazakhstan", "???"],
        "status": "forthcoming",
    }
    record = normalize_opportunity(item, today=TODAY)
    assert record.id == "eu-funding-tenders/horizon-cl4-2027-01"
    assert record.deadline == date(2027, 4, 15)
    assert record.details["deadlines"] == ["2027-01-15", "2027-04-15"]
    assert record.details["deadline_timezone"] == "Europe/Brussels"
    assert (record.amount, record.currency) == (5_000_000, "EUR")
    assert record.kind == Kind.GRANT
    assert record.levels == [Level.FACULTY, Level.POSTDOC]
    assert record.eligible_countries == ["UZ", "KZ"]
    assert record.status == Status.OPEN
    assert record.details["status_raw"] == "forthcoming"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"deadline_text": "15 March 2027"}, Status.OPEN),
        ({"deadline_text": "27 November 2026"}, Status.OPEN),  # deadline day itself is open
        ({"deadline_text": "26 November 2026"}, Status.EXPIRED),
        ({"deadline_text": "rolling"}, Status.OPEN),
        ({}, Status.OPEN),
        ({"deadline_text": "Applications are now closed"}, Status.CLOSED),
        ({"status": "closed", "deadline": "2027-01-01"}, Status.CLOSED),
        ({"status": "posted", "deadline_text": "12/17/2020"}, Status.EXPIRED),
        ({"status": "open"}, Status.OPEN),
        ({"status": "weird", "deadline": "2020-01-01"}, Status.EXPIRED),
    ],
)
def test_status(fields, status):
    item = {"source": "s", "url": "https://x.example/1", "title": "T", **fields}
    assert normalize_opportunity(item, today=TODAY).status == status


def test_month_first_sources_read_numeric_dates_month_first():
    item = {"source": "grants-gov", "url": "https://x.example/1", "title": "T"}
    record = normalize_opportunity({**item, "deadline_text": "01/02/2027"}, today=TODAY)
    assert record.deadline == date(2027, 1, 2)
    record = normalize_opportunity(
        {**item, "source": "blog", "deadline_text": "01/02/2027"}, today=TODAY
    )
    assert record.deadline == date(2027, 2, 1)
    assert record.details["deadline_ambiguous"] is True
    record = normalize_opportunity(
        {**item, "source": "blog", "deadline_text": "01/02/2027", "extra": {"date_order": "MDY"}},
        today=TODAY,
    )
    assert record.deadline == date(2027, 1, 2)


def test_unknown_values_keep_their_raw_text():
    item = {
        "source": "blog",
        "url": "https://x.example/1",
        "title": "Something",
        "deadline_text": "TBA",
        "amount_text": "varies",
        "host_country_text": "somewhere nice",
        "deadline": "not a date either",
    }
    record = normalize_opportunity(item, today=TODAY)
    assert record.deadline is None
    assert record.amount is None and record.currency is None
    assert record.host_country is None
    assert record.details["deadline_raw"] == "TBA"
    assert record.details["amount_raw"] == "varies"
    assert record.details["host_country_raw"] == "somewhere nice"


def test_non_iso_typed_deadline_is_read_as_text():
    item = {"source": "blog", "url": "https://x.example/1", "title": "T", "deadline": "15 May 2027"}
    assert normalize_opportunity(item, today=TODAY).deadline == date(2027, 5, 15)


def test_russian_and_uzbek_items():
    ru = normalize_opportunity(
        {
            "source": "ru-site",
            "url": "https://x.example/ru",
            "title": "Стипендия для магистрантов",
            "summary": "Грант для граждан Узбекистана",
            "amount_text": "1 млн рублей",
        },
        today=TODAY,
    )
    assert (ru.kind, ru.levels, ru.language) == (Kind.SCHOLARSHIP, [Level.MASTER], "ru")
    assert ru.eligible_countries == ["UZ"]
    assert (ru.amount, ru.currency) == (1_000_000, "RUB")
    uz = normalize_opportunity(
        {
            "source": "uz-site",
            "url": "https://x.example/uz",
            "title": "Magistratura uchun grant",
            "deadline_text": "2027-yil 15-martgacha",
            "eligibility_text": "O'zbekiston fuqarolari, 35 yoshgacha",
            "amount_text": "5 000 000 so'm",
        },
        today=TODAY,
    )
    assert uz.deadline == date(2027, 3, 15)
    assert uz.eligible_countries == ["UZ"]
    assert uz.details["max_age"] == 34
    assert (uz.amount, uz.currency) == (5_000_000, "UZS")
    assert uz.language == "uz"


def test_open_to_all_is_recorded_as_any_nationality():
    record = normalize_opportunity(
        {"source": "s", "url": "https://x.example/1", "title": "T",
         "eligibility_text": "Open to all nationalities except US citizens."},
        today=TODAY,
    )
    assert record.eligible_countries == []
    assert record.details["any_nationality"] is True
    assert record.details["excluded_countries"] == ["US"]


@pytest.mark.parametrize(
    "broken",
    [
        {"title": None},
        {"title": ""},
        {"title": "   \x00 "},
        {"url": ""},
        {"url": None},
    ],
)
def test_missing_title_or_url_is_a_clear_value_error(broken):
    item = {"source": "s", "url": "https://x.example/1", "title": "T", **broken}
    with pytest.raises(ValueError, match=r"no (title|url)"):
        normalize_opportunity(item, today=TODAY)


def test_missing_url_key_is_a_clear_value_error():
    with pytest.raises(ValueError, match="no url"):
        normalize_opportunity({"source": "s", "title": "T"}, today=TODAY)


def test_bad_typed_values_do_not_raise():
    item = {
        "source": "s", "url": "https://x.example/1", "title": "T",
        "amount": "lots", "currency": "zzz", "levels": "not a list", "eligible_countries": [None],
        "kind": 42, "status": None, "extra": "not a dict", "published_text": 12345,
    }
    record = normalize_opportunity(item, today=TODAY)
    assert record.amount is None
    assert record.currency is None
    assert record.kind == Kind.OTHER
    assert record.published is None


@pytest.mark.parametrize(
    ("title", "amount", "currency", "host"),
    [
        ("$5,000 Vice-Chancellor Scholarships at Manchester, UK 2018", 5000, "USD", "GB"),
        ("$20,000 Scholarships at Québec, Canada – 2018", 20_000, "CAD", "CA"),  # "$" in Canada
        ("€25,000 O’Donovan Scholarships in Ireland", 25_000, "EUR", "IE"),
        ("2018 Scholarships for 500 students", None, None, None),  # numbers without a currency
    ],
)
def test_blog_titles_give_sum_and_host_when_no_field_does(title, amount, currency, host):
    record = normalize_opportunity({"source": "blog", "url": "https://x.example/1", "title": title},
                                   today=TODAY)
    assert (record.amount, record.currency, record.host_country) == (amount, currency, host)
    if amount is not None:
        assert record.details["amount_from"] == "title"


def test_amount_text_beats_the_title():
    record = normalize_opportunity(
        {"source": "blog", "url": "https://x.example/1", "title": "$5,000 award",
         "amount_text": "€1,200 per month"},
        today=TODAY,
    )
    assert (record.amount, record.currency) == (1200, "EUR")
    assert "amount_from" not in record.details
