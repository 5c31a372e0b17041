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


def feed_item(summary, **overrides):
    """A feed entry as the feed spider yields it: title, link, summary lines, channel language."""
    item = {
        "source": "demo-blog",
        "url": "https://scholarships.example/posts/1",
        "title": "Scholarship programme 2027",
        "summary": summary,
        "language": "en-US",
    }
    item.update(overrides)
    return item


@pytest.mark.parametrize(
    ("summary", "deadline", "status"),
    [
        # The deadline of a feed item sits in its summary's labelled lines (en/ru/uz).
        ("A summer school on the energy transition.\nLevel: master's and PhD students\n"
         "Funding: €800 travel grant\nDeadline: 30 April 2026\n"
         "Eligibility: citizens of Central Asian countries.", date(2026, 4, 30), Status.EXPIRED),
        ("Фонд объявляет конкурс именных стипендий.\nРазмер стипендии: 500 000 рублей на год\n"
         "Срок подачи: до 1 октября 2026 г.\nТребования: граждане Узбекистана.",
         date(2026, 10, 1), Status.EXPIRED),
        ("Thank you for the 140 applications.\nDeadline: 1 November 2026 (closed)",
         date(2026, 11, 1), Status.EXPIRED),
        ("Partner universities may nominate students.\nNomination deadline: 15 October 2026",
         date(2026, 10, 15), Status.EXPIRED),
        ("Stipendiyalar tanlovi.\nTopshirish muddati: 2027-yil 15-fevral",
         date(2027, 2, 15), Status.OPEN),
        ("Olimpiada.\nRo'yxatdan o'tish muddati: 2027-yil 10-mart", date(2027, 3, 10),
         Status.OPEN),
        # Lines run together on one line (markup collapsed by an older crawl).
        ("Level: master's Funding: €800 travel grant Deadline: 30 April 2026 Eligibility: all "
         "nationalities.", date(2026, 4, 30), Status.EXPIRED),
        # No label, but a sentence that says it plainly.
        ("Applications are due by 15 March 2027 via the online portal.", date(2027, 3, 15),
         Status.OPEN),
        # A date that is no deadline: nothing is guessed.
        ("The selection committee will inform all applicants by 15 December 2026.", None,
         Status.OPEN),
        ("The winter school runs from 1 to 12 February 2026.", None, Status.OPEN),
    ],
)
def test_feed_deadline_from_summary_lines(summary, deadline, status):
    record = normalize_opportunity(feed_item(summary), today=TODAY)
    assert record.deadline == deadline
    assert record.status == status
    if deadline is not None:
        assert record.details["deadline_from"] == "summary"
        assert deadline.isoformat() in record.details["deadlines"]
    else:
        assert "deadline_raw" not in record.details


def test_feed_rolling_deadline_from_summary_line():
    record = normalize_opportunity(
        feed_item("Funding: €1,000 per month\nDeadline: rolling — applications are accepted at "
                  "any time"),
        today=TODAY,
    )
    assert record.deadline is None
    assert record.details["rolling"] is True
    assert record.details["deadline_raw"].startswith("Deadline: rolling")


def test_feed_item_facts_come_from_its_labelled_lines():
    summary = (
        "Doctoral candidates from our partner universities can spend one to six months in one "
        "of our research groups.\n"
        "Funding: €1,000 per month and a one-off travel allowance of €500\n"
        "Who can apply: PhD candidates of all nationalities enrolled at a partner university, "
        "with the support of a host supervisor\n"
        "Deadline: 20 January 2027"
    )
    record = normalize_opportunity(
        feed_item(summary, title="PhD short research stays: call for doctoral candidates"),
        today=TODAY,
    )
    assert record.kind == Kind.EXCHANGE
    assert record.levels == [Level.PHD]
    assert (record.amount, record.currency) == (1000, "EUR")
    assert record.details["amount_period"] == "month"
    assert record.details["amount_from"] == "summary"
    assert record.details["amount_raw"] == (
        "Funding: €1,000 per month and a one-off travel allowance of €500"
    )
    assert record.details["any_nationality"] is True
    assert record.details["eligibility_evidence"] == (
        "Who can apply: PhD candidates of all nationalities enrolled at a partner university, "
        "with the support of a host supervisor"
    )
    assert record.deadline == date(2027, 1, 20)


def test_uzbek_post_in_an_english_channel():
    # "1 500 AQSh dollari" is 1,500 US dollars, not an eligible country.
    summary = (
        "«Vatan kelajagi» jamgʻarmasi magistratura va doktorantura dasturlarida oʻqish uchun "
        "toʻliq moliyalashtiriladigan stipendiyalar tanlovini eʼlon qildi.\n"
        "Daraja: magistratura, doktorantura (PhD)\n"
        "Stipendiya: toʻliq oʻqish toʻlovi, yashash xarajatlari uchun oyiga 1 500 AQSh dollari, "
        "aviachiptalar va tibbiy sugʻurta\n"
        "Topshirish muddati: 2027-yil 15-fevral\n"
        "Talablar: Oʻzbekiston Respublikasi fuqarolari; magistraturaga 30 yoshgacha boʻlgan "
        "nomzodlar. IELTS 6.5."
    )
    record = normalize_opportunity(
        feed_item(summary, title="«Vatan kelajagi» jamgʻarmasi: 2027/2028 oʻquv yili uchun "
                                 "xorijda magistratura va doktorantura stipendiyalari"),
        today=TODAY,
    )
    assert record.language == "uz"
    assert record.details["language_declared"] == "en-us"
    assert record.kind == Kind.SCHOLARSHIP
    assert (record.amount, record.currency) == (1500, "USD")
    assert record.details["amount_period"] == "month"
    assert record.eligible_countries == ["UZ"]
    assert record.details["eligibility_evidence"].startswith("Talablar: Oʻzbekiston Respublikasi")
    assert record.deadline == date(2027, 2, 15)
    assert record.details["fully_funded"] is True
    assert record.levels == [Level.MASTER, Level.PHD]


def test_russian_post_in_an_english_channel_gets_cis_from_its_line():
    summary = (
        "Межгосударственный центр открыл приём заявок.\n"
        "Уровень: бакалавриат, магистратура, аспирантура\n"
        "Срок подачи: до 15 января 2027 г.\n"
        "Кто может подать: граждане Узбекистана и других стран СНГ. Знание русского языка не "
        "ниже уровня B1."
    )
    record = normalize_opportunity(
        feed_item(summary, title="Квота 2027/28: бесплатное обучение в вузах России"),
        today=TODAY,
    )
    assert record.language == "ru"
    assert set(record.eligible_countries) == {"AM", "AZ", "BY", "KG", "KZ", "MD", "RU", "TJ", "UZ"}
    assert record.details["eligibility_evidence"] == (
        "Кто может подать: граждане Узбекистана и других стран СНГ."
    )
    assert record.details["eligibility_from"] == "summary"
    assert record.deadline == date(2027, 1, 15)


def test_summary_without_labels_gives_no_amount_and_no_guessed_deadline():
    record = normalize_opportunity(
        feed_item("Students get a generous stipend. Results will be published on 1 May 2027."),
        today=TODAY,
    )
    assert (record.amount, record.deadline) == (None, None)
    assert "amount_raw" not in record.details and "deadline_raw" not in record.details


def test_typed_fields_win_over_summary_lines():
    record = normalize_opportunity(
        feed_item("Deadline: 30 April 2026\nFunding: €800 travel grant",
                  deadline_text="15 May 2027", amount_text="USD 1,000"),
        today=TODAY,
    )
    assert record.deadline == date(2027, 5, 15)
    assert (record.amount, record.currency) == (1000, "USD")
    assert "deadline_from" not in record.details and "amount_from" not in record.details


@pytest.mark.parametrize(
    ("title", "summary", "host", "where"),
    [
        ("Paid Summer Research Internships 2027 at the Helvetic Institute of Applied Technology",
         "", "Helvetic Institute of Applied Technology", "title"),
        ("Стажировка для молодых учёных", "Стажировка проходит в Казанском федеральном "
         "университете.", "Казанский федеральный университет", "summary"),
        ("Ilmiy stajirovka", "Yosh olimlar Seul milliy universitetida stajirovka o'tadi.",
         "Seul milliy universiteti", "summary"),
        ("GAEC scholarships", "Host: RWTH Aachen University and other German universities",
         "RWTH Aachen University", "summary"),
        ("Scholarships at Korean universities", "", None, None),
    ],
)
def test_host_institution_read_from_title_or_summary(title, summary, host, where):
    record = normalize_opportunity(feed_item(summary, title=title), today=TODAY)
    assert record.host_institution == host
    assert record.details.get("host_institution_from") == where


def test_given_host_institution_is_kept():
    record = normalize_opportunity(
        feed_item("", title="Internships at the Technical University of Munich",
                  host_institution="Hanseatic University of Technology"),
        today=TODAY,
    )
    assert record.host_institution == "Hanseatic University of Technology"
    assert "host_institution_from" not in record.details


@pytest.mark.parametrize(
    ("level_text", "levels"),
    [
        ("Преподаватели, научные сотрудники, аспиранты, магистранты",
         [Level.MASTER, Level.PHD, Level.POSTDOC, Level.FACULTY]),
        ("Professor-o'qituvchilar, ilmiy xodimlar", [Level.POSTDOC, Level.FACULTY]),
    ],
)
def test_research_staff_are_not_staff(level_text, levels):
    record = normalize_opportunity(feed_item("", level_text=level_text), today=TODAY)
    assert record.levels == levels


def test_all_cis_and_central_asian_countries_is_a_list_not_any():
    text = "Участие открыто для исследователей из всех стран СНГ и Центральной Азии."
    record = normalize_opportunity(feed_item("", eligibility_text=text), today=TODAY)
    assert "any_nationality" not in record.details
    assert set(record.eligible_countries) == {
        "AM", "AZ", "BY", "KG", "KZ", "MD", "RU", "TJ", "UZ", "TM"
    }
    assert record.details["eligibility_evidence"] == text


def test_uzbek_tanlov_is_a_competition():
    record = normalize_opportunity(
        feed_item("", title="Yosh muhandislar innovatsion g'oyalar tanlovi — 2027",
                  kind_text="Tanlov", language="uz"),
        today=TODAY,
    )
    assert record.kind == Kind.COMPETITION


@pytest.mark.parametrize(
    ("summary", "amount", "currency", "period"),
    [
        # No money label: a stipend stated in words, right after the word.
        ("Условия: обучение бесплатно, стипендия от 3 000 рублей в месяц, место в общежитии",
         3000, "RUB", "month"),
        ("Benefits: full tuition and a monthly stipend of CNY 3,000 (master's)", 3000, "CNY",
         "month"),
        ("Oylik stipendiya 2 000 000 so'm miqdorida to'lanadi.", 2_000_000, "UZS", "month"),
        # Numbers near the word that are no sum of money: nothing is guessed.
        ("Stipendiya: 2027-yil uchun 50 ta o'rin", None, None, None),
        ("Stipends for 20 students; details on the website.", None, None, None),
    ],
)
def test_stipend_stated_in_words(summary, amount, currency, period):
    record = normalize_opportunity(feed_item(summary), today=TODAY)
    assert (record.amount, record.currency) == (amount, currency)
    assert record.details.get("amount_period") == period
    if amount is not None:
        assert record.details["amount_from"] == "summary"
