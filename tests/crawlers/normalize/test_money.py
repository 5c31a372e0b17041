"""Money reading: amounts, ISO currencies, periods and "up to" from en/ru/uz phrasings."""

import pytest

from crawlers.normalize.money import currency_code, parse_money


@pytest.mark.parametrize(
    ("text", "amount", "currency", "period"),
    [
        ("€1,200 per month", 1200, "EUR", "month"),
        ("up to USD 50k", 50_000, "USD", None),
        ("$25,000", 25_000, "USD", None),
        ("5 000 000 so'm", 5_000_000, "UZS", None),
        ("Stipendiya: oyiga 2 500 000 soʻm", 2_500_000, "UZS", "month"),
        ("1 500 000 сум в месяц", 1_500_000, "UZS", "month"),
        ("1 млн рублей", 1_000_000, "RUB", None),
        ("1,5 млн сум", 1_500_000, "UZS", None),
        ("£18,000 a year", 18_000, "GBP", "year"),
        ("monthly stipend of EUR 1,000", 1000, "EUR", "month"),
        ("Award ceiling: $250,000 per year", 250_000, "USD", "year"),
        ("Budget: EUR 3.5 million", 3_500_000, "EUR", None),
        ("EUR 1.200,50 per month", 1200.5, "EUR", "month"),
        ("Grant: 25 000 EUR in total", 25_000, "EUR", "total"),
        ("total of $5M", 5_000_000, "USD", "total"),
        ("CHF 1,920 per month", 1920, "CHF", "month"),
        ("Стипендия 80 000 ₽ ежемесячно", 80_000, "RUB", "month"),
        ("10 000 долларов США", 10_000, "USD", None),
        ("A$ 30,000 per annum", 30_000, "AUD", "year"),
        # Uzbek "AQSh dollari" (US dollars): the country names the currency.
        ("yashash xarajatlari uchun oyiga 1 500 AQSh dollari", 1500, "USD", "month"),
        ("3 000 АҚШ доллари", 3000, "USD", None),
        ("2,000 US dollars per month", 2000, "USD", "month"),
        ("Размер стипендии: 500 000 рублей на год", 500_000, "RUB", "year"),
    ],
)
def test_reads_amount_currency_and_period(text, amount, currency, period):
    info = parse_money(text)
    assert (info.amount, info.currency, info.period) == (amount, currency, period)


def test_up_to_and_ranges():
    assert parse_money("up to USD 50k").up_to is True
    assert parse_money("до 500 000 сум").up_to is True
    assert parse_money("50 000 so'mgacha").up_to is True
    assert parse_money("$25,000").up_to is False
    ranged = parse_money("€1,000–1,500 per month")
    assert (ranged.minimum, ranged.amount, ranged.period) == (1000, 1500, "month")


@pytest.mark.parametrize(
    "text",
    ["full tuition waiver", "Fully funded", "полное финансирование", "to'liq moliyalashtiriladi"],
)
def test_fully_funded_has_a_flag_and_no_amount(text):
    info = parse_money(text)
    assert info.fully_funded is True
    assert info.amount is None
    assert info.currency is None


@pytest.mark.parametrize(
    "text", ["", "varies", "2027", "15 awards", "Amount: see call document", "¥"]
)
def test_no_currency_means_unknown_with_raw_kept(text):
    info = parse_money(text)
    assert info.amount is None
    assert not info.known
    assert info.raw == text


def test_yen_or_yuan_sign_keeps_the_amount_but_not_a_guessed_currency():
    info = parse_money("¥100,000 per month")
    assert (info.amount, info.currency) == (100_000, None)


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("€", "EUR"), ("usd", "USD"), ("so'm", "UZS"), ("сум", "UZS"), ("рублей", "RUB"),
        ("RMB", "CNY"), ("US$", "USD"), ("euro", "EUR"), ("", None), ("ALL", None),
        ("banana", None),
    ],
)
def test_currency_codes(token, code):
    assert currency_code(token) == code
