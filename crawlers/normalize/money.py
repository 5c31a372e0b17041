"""Amounts of money: value, ISO 4217 currency and period from en/ru/uz text ("€1,200 per month")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from price_parser.parser import parse_number

from crawlers.normalize.funding import fully_funded
from crawlers.normalize.text import clean, fold

# ISO codes we accept when written in capitals; a wider list would read "ALL" or "TOP" as money.
_ISO_CODES = (
    "USD", "EUR", "GBP", "CHF", "JPY", "CNY", "RMB", "RUB", "UZS", "KZT", "KGS", "TJS", "TMT",
    "AZN", "KRW", "TRY", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR",
    "SGD", "HKD", "AED", "SAR", "QAR", "MYR", "IDR", "THB", "BRL", "MXN", "ZAR", "EGP", "PKR",
    "UAH", "BYN", "GEL", "AMD", "ILS",
)
_SYMBOLS = {
    "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₸": "KZT",
    "₩": "KRW", "₹": "INR", "₺": "TRY", "zł": "PLN", "¥": None,  # yen or yuan: not guessed
}
# Currency words (folded) -> ISO; checked by prefix so case endings ("рублей", "so'mgacha") work.
_WORDS: tuple[tuple[str, str], ...] = (
    # "1 500 AQSh dollari", "US dollars", "АҚШ доллари": the country names the dollar.
    ("aqsh dollar", "USD"), ("us dollar", "USD"), ("u.s. dollar", "USD"), ("ақш доллар", "USD"),
    ("dollar", "USD"), ("доллар", "USD"), ("dollor", "USD"), ("доллар", "USD"),
    ("euro", "EUR"), ("евро", "EUR"), ("yevro", "EUR"), ("evro", "EUR"),
    ("pound", "GBP"), ("фунт", "GBP"), ("funt", "GBP"),
    ("рубл", "RUB"), ("руб", "RUB"), ("rubl", "RUB"),
    ("so'm", "UZS"), ("сум", "UZS"), ("сўм", "UZS"), ("som", "UZS"), ("sum", "UZS"),
    ("тенге", "KZT"), ("tenge", "KZT"), ("yuan", "CNY"), ("юан", "CNY"), ("renminbi", "CNY"),
    ("yen", "JPY"), ("иен", "JPY"), ("йен", "JPY"), ("won", "KRW"), ("lira", "TRY"),
    ("franc", "CHF"), ("франк", "CHF"), ("zloty", "PLN"), ("złot", "PLN"),
)
_MULTIPLIERS: tuple[tuple[str, float], ...] = (
    ("k", 1e3), ("thousand", 1e3), ("тыс", 1e3), ("ming", 1e3), ("минг", 1e3),
    ("m", 1e6), ("mn", 1e6), ("mln", 1e6), ("million", 1e6), ("млн", 1e6), ("миллион", 1e6),
    ("bn", 1e9), ("billion", 1e9), ("млрд", 1e9), ("миллиард", 1e9), ("mlrd", 1e9),
)

# Thousands groups are capped (up to 10^18) so a run of digits cannot make matching quadratic.
_NUM = r"\d{1,3}(?:[ \u00a0\u202f,.'’]\d{3}){1,5}(?:[.,]\d{1,2})?|\d{1,15}(?:[.,]\d{1,6})?"
_MULT = (
    r"(?:(?P<{0}a>[kKmM])(?![^\W\d_])|\s*(?P<{0}b>thousand|million|billion|mln\.?|mn|bn|ming|минг|"
    r"тыс\.?|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|mlrd\.?)(?![^\W\d_]))?"
)
_SYMBOL = r"us\$|a\$|au\$|c\$|ca\$|nz\$|hk\$|s\$|\$|€|£|₽|₸|₩|₹|₺|¥"
_CODE = r"\b(?:" + "|".join(_ISO_CODES) + r")\b"
_WORD = (
    r"(?:(?:aqsh|ақш|us|u\.s\.)\s)?"
    r"(?:dollar|доллар|dollor|euro|евро|yevro|evro|pound|фунт|funt|рубл|руб|rubl|so'm|сум|сўм|"
    r"som|sum|тенге|tenge|yuan|юан|renminbi|yen|иен|йен|won|lira|franc|франк|zloty|złot)"
    r"[^\W\d_]*'?[^\W\d_]*\.?"
)
_PREFIX = re.compile(
    rf"(?P<cur>{_SYMBOL}|{_CODE})\s?(?P<num>{_NUM}){_MULT.format('m1')}", re.IGNORECASE
)
_SUFFIX = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUM}){_MULT.format('m2')}\s?(?P<cur>{_SYMBOL}|{_CODE}|{_WORD})",
    re.IGNORECASE,
)
_RANGE_TAIL = re.compile(
    rf"^\s*(?:-|–|—|to|до|gacha|and)\s*(?:{_SYMBOL}|{_CODE})?\s?(?P<num>{_NUM}){_MULT.format('m3')}",
    re.IGNORECASE,
)
_UP_TO = re.compile(
    r"(?:up to|maximum(?: of)?|max\.?|not (?:to )?exceed\w*|ceiling|до|не более|максимум|"
    r"gacha|ko'pi bilan|кўпи билан)\W*$"
)
_UP_TO_AFTER = re.compile(r"^\S*(?:gacha|гача)|(?:gacha|гача)$")
_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month", re.compile(
        r"per month|a month|/ ?month|/ ?mo\b|monthly|each month|every month|в месяц|ежемесячн|"
        r"месячн|oyiga|oylik|har oy|ойига|ойлик|har oyda"
    )),
    ("year", re.compile(
        r"per year|a year|/ ?year|/ ?yr|per annum|p\.? ?a\.|annual|yearly|each year|в год|"
        r"ежегодн|годов|на год|за год|yiliga|yillik|йилига|йиллик"
    )),
    ("semester", re.compile(r"per semester|a semester|/ ?semester|в семестр|semestr")),
    ("week", re.compile(r"per week|a week|weekly|в неделю|haftasiga")),
    ("day", re.compile(r"per day|a day|/ ?day|daily|per diem|в день|в сутки|kuniga")),
    ("total", re.compile(
        r"\btotal\b|in total|overall|lump[- ]sum|one[- ]off|one[- ]time|всего|итого|общ\w+ сумм|"
        r"единовремен|jami|umumiy|бир марта"
    )),
)


@dataclass(frozen=True, slots=True)
class MoneyInfo:
    """An amount read from text; ``amount`` None when no sum with a currency could be read."""

    raw: str
    amount: float | None = None
    currency: str | None = None
    period: str | None = None  # month, year, semester, week, day, total; None when not stated
    up_to: bool = False
    minimum: float | None = None  # lower end of a range ("€1,000–1,500")
    fully_funded: bool | None = None
    symbol: str | None = None  # the currency as written ("$"), for callers that know the country

    @property
    def known(self) -> bool:
        """True when a sum was read."""
        return self.amount is not None


# Countries whose own currency is written "$": a bare "$" there is not the US dollar.
DOLLAR_COUNTRIES = {
    "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "TW": "TWD", "MX": "MXN",
}


def currency_code(text: object) -> str | None:
    """ISO 4217 code of a symbol, code or word ("€", "usd", "so'm", "рублей"), else None."""
    token = fold(text).strip(" .")
    if not token:
        return None
    if token.upper() in _ISO_CODES:
        return "CNY" if token.upper() == "RMB" else token.upper()
    if token in _SYMBOLS:
        return _SYMBOLS[token]
    for word, code in _WORDS:
        if token.startswith(word):
            return code
    return None


def parse_money(text: object) -> MoneyInfo:
    """Read the first sum of money in ``text``: currency, period and "up to"; never raises."""
    raw = clean(text)
    try:
        return _parse_money(raw)
    except Exception:  # a normaliser must never crash a crawl; the raw text is kept
        return MoneyInfo(raw=raw)


def _parse_money(raw: str) -> MoneyInfo:
    funded = fully_funded(raw)
    text = raw.translate(str.maketrans({"ʻ": "'", "‘": "'", "’": "'", "`": "'", "ʼ": "'"}))
    matches = [m for m in (*_PREFIX.finditer(text), *_SUFFIX.finditer(text)) if _amount(m)]
    if not matches:
        return MoneyInfo(raw=raw, fully_funded=funded)
    first = min(matches, key=lambda m: m.start())
    amount = _amount(first)
    currency = currency_code(first.group("cur"))
    minimum = None
    tail = _RANGE_TAIL.match(text[first.end():])
    if tail:
        upper = _amount(tail)
        if upper is not None and amount is not None and upper > amount:
            minimum, amount = amount, upper
    before = fold(text[max(0, first.start() - 40):first.start()])
    after = fold(text[first.end():first.end() + 40])
    up_to = bool(
        _UP_TO.search(before)
        or _UP_TO_AFTER.match(after)
        or _UP_TO_AFTER.search(fold(first.group("cur")))
    )
    return MoneyInfo(
        raw=raw,
        amount=amount,
        currency=currency,
        period=_period(after) or _period(before.split(",")[-1], last=True),
        up_to=up_to,
        minimum=minimum,
        fully_funded=funded,
        symbol=first.group("cur"),
    )


def _amount(match: re.Match[str]) -> float | None:
    number = parse_number(match.group("num"))
    if number is None:
        return None
    multiplier = 1.0
    groups = match.groupdict()
    word = next((v for k, v in groups.items() if k.startswith("m") and k != "num" and v), None)
    if word:
        key = fold(word).rstrip(".")
        for prefix, value in sorted(_MULTIPLIERS, key=lambda kv: -len(kv[0])):
            if key == prefix or (len(prefix) > 2 and key.startswith(prefix)):
                multiplier = value
                break
    value = float(number) * multiplier
    return value if value > 0 else None


def _period(window: str, *, last: bool = False) -> str | None:
    # Only the nearest clause counts, so "€1,200 per month; travel €500" keeps "month" and
    # "insurance and a monthly stipend of CNY 3,000" (text before the sum) too.
    clauses = re.split(r"[;()]|\band\b|\bplus\b", window) if window else [""]
    clause = clauses[-1] if last else clauses[0]
    for name, pattern in _PERIODS:
        if pattern.search(clause):
            return name
    return None
