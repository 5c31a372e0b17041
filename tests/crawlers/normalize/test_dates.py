"""Deadline and date reading: a table of real-world phrasings in English, Russian and Uzbek."""

from datetime import date

import pytest

from crawlers.normalize.dates import month_number, parse_date, parse_datetime, parse_deadline

D = date


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("15 March 2027", D(2027, 3, 15)),
        ("March 15, 2027 (23:59 CET)", D(2027, 3, 15)),
        ("до 15 марта 2027 г.", D(2027, 3, 15)),
        ("2027-yil 15-martgacha", D(2027, 3, 15)),
        ("2027 йил 15 апрелгача", D(2027, 4, 15)),
        ("15-mart, 2027", D(2027, 3, 15)),
        ("Deadline: 31/01/2027", D(2027, 1, 31)),
        ("2027-01-31", D(2027, 1, 31)),
        ("2027-01-31T17:00:00Z", D(2027, 1, 31)),
        ("Application deadline: 1st of December 2026", D(2026, 12, 1)),
        ("Mar. 3rd 2027", D(2027, 3, 3)),
        ("Срок подачи заявок — 20 мая 2027 года", D(2027, 5, 20)),
        ("Hujjatlar 2027-yil 1-maygacha qabul qilinadi", D(2027, 5, 1)),
        ("Ariza topshirish muddati: 10-iyun, 2027", D(2027, 6, 10)),
        ("Қабул 2027 йил 5 сентябргача давом этади", D(2027, 9, 5)),
        ("15.02.2027", D(2027, 2, 15)),
        ("Closing date: 30 Sept 2027", D(2027, 9, 30)),
        ("до 1 декабря 2026 года (по ташкентскому времени)", D(2026, 12, 1)),
    ],
)
def test_reads_the_deadline(text, deadline):
    assert parse_deadline(text).deadline == deadline


@pytest.mark.parametrize(
    ("text", "time", "zone"),
    [
        ("March 15, 2027 (23:59 CET)", "23:59", "CET"),
        ("31 January 2027 at 17:00 (Brussels time)", "17:00", "Europe/Brussels"),
        ("Closes 15 March 2027 5:00 PM ET", "17:00", "ET"),
        ("31 января 2027 г. 18:00 (UTC+5)", "18:00", "UTC+5"),
        ("2027-yil 15-martgacha, Toshkent vaqti bilan 18:00", "18:00", "Asia/Tashkent"),
        ("15 March 2027, 12:00 noon GMT", "12:00", "GMT"),
        ("15 March 2027", None, None),
    ],
)
def test_keeps_time_and_zone_when_stated(text, time, zone):
    info = parse_deadline(text)
    assert (info.time, info.timezone) == (time, zone)


@pytest.mark.parametrize(
    "text",
    [
        "rolling",
        "Rolling admissions",
        "open until filled",
        "Applications reviewed until the position is filled",
        "No deadline",
        "Приём заявок на постоянной основе",
        "Doimiy qabul",
    ],
)
def test_rolling_deadlines_have_no_date(text):
    info = parse_deadline(text)
    assert info.rolling is True
    assert info.deadline is None
    assert info.known


def test_stages_are_kept_and_the_final_one_is_the_deadline():
    info = parse_deadline(
        "Stage 1 (pre-proposal): 15 March 2027; Stage 2 (full proposal): 30 June 2027 17:00 CET"
    )
    assert info.deadlines == (D(2027, 3, 15), D(2027, 6, 30))
    assert info.deadline == D(2027, 6, 30)
    assert info.time == "17:00"
    assert info.timezone == "CET"


def test_opening_date_is_not_a_stage():
    info = parse_deadline("Opens 1 January 2027, closes 15 March 2027")
    assert info.deadlines == (D(2027, 3, 15),)
    assert info.opens == D(2027, 1, 1)


def test_uzbek_from_suffix_marks_an_opening_date():
    info = parse_deadline("2027-yil 1-martdan 2027-yil 15-aprelgacha")
    assert info.deadline == D(2027, 4, 15)
    assert info.deadlines == (D(2027, 4, 15),)
    assert info.opens == D(2027, 3, 1)


def test_numeric_dates_follow_the_date_order_and_flag_ambiguity():
    assert parse_deadline("03/04/2027").deadline == D(2027, 4, 3)
    assert parse_deadline("03/04/2027", date_order="MDY").deadline == D(2027, 3, 4)
    assert parse_deadline("03/04/2027").ambiguous is True
    # Grants.gov writes MM/DD/YYYY; a day above 12 settles it whatever the order.
    assert parse_deadline("12/17/2020").deadline == D(2020, 12, 17)
    assert parse_deadline("12/17/2020").ambiguous is False


@pytest.mark.parametrize(
    "text", ["", "   ", "TBA", "See website", "32 March 2027", "31/02/2027", "soon", "15 March"]
)
def test_unreadable_text_is_unknown_with_raw_kept(text):
    info = parse_deadline(text)
    assert info.deadline is None
    assert info.deadlines == ()
    assert info.raw == text.strip()


def test_said_closed_without_a_date():
    assert parse_deadline("Applications are now closed").closed is True
    assert parse_deadline("Приём заявок закрыт").closed is True
    assert parse_deadline("Closes 15 March 2027").closed is False


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("March", 3), ("sept.", 9), ("марта", 3), ("мая", 5), ("декабря", 12), ("martgacha", 3),
        ("maydan", 5), ("sentyabr", 9), ("апрелгача", 4), ("Dec", 12), ("маргарин", None),
        ("ма", None), ("word", None),
    ],
)
def test_month_names(word, month):
    assert month_number(word) == month


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Mon, 15 Mar 2027 10:00:00 +0000", D(2027, 3, 15)),
        ("2027-03-15T10:00:00Z", D(2027, 3, 15)),
        ("Posted on 2 February 2027", D(2027, 2, 2)),
        ("опубликовано 2 февраля 2027", D(2027, 2, 2)),
        ("no date here", None),
    ],
)
def test_publication_dates(text, day):
    assert parse_date(text) == day


def test_rfc822_keeps_the_time():
    value = parse_datetime("Mon, 15 Mar 2027 10:30:00 +0000")
    assert (value.hour, value.minute, value.utcoffset().total_seconds()) == (10, 30, 0)
