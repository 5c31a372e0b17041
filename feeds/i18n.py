"""Language choice, message lookup and Babel formatting of dates, amounts and time left."""

from __future__ import annotations

import math
import re
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit
from markupsafe import Markup, escape

from feeds.messages import (
    DEFAULT_LANGUAGE,
    KIND_LABELS,
    LEVEL_LABELS,
    MESSAGES,
    SUPPORTED_LANGUAGES,
)

_TAG_SPLIT = re.compile(r"[-_]")
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")


def resolve_language(language: str | None) -> str:
    """``ru``, ``ru-RU`` or ``RU_ru`` → ``ru``; anything we have no strings for → English."""
    if not language:
        return DEFAULT_LANGUAGE
    primary = _TAG_SPLIT.split(language.strip().lower(), maxsplit=1)[0]
    return primary if primary in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


class Texts:
    """The catalogue and Babel formatters bound to one language."""

    def __init__(self, language: str | None) -> None:
        self.language = resolve_language(language)
        self._messages = MESSAGES[self.language]
        self._locale = Locale.parse(self.language)

    def __call__(self, key: str, **values: object) -> str:
        message = self._messages[key]
        if not isinstance(message, str):
            raise TypeError(f"message {key!r} is plural; use count()")
        return message.format(**values)

    def markup(self, key: str, **values: object) -> Markup:
        """The message as HTML: the text is escaped, Markup values (links) are kept as they are."""
        message = self._messages[key]
        if not isinstance(message, str):
            raise TypeError(f"message {key!r} is plural; use count()")
        return escape(message).format(**values)

    def count(self, key: str, n: int) -> str:
        """A number with its noun in the right plural form (1 возможность, 5 возможностей)."""
        forms = self._messages[key]
        if isinstance(forms, str):
            return forms.format(n=n)
        form = self._locale.plural_form(n)
        return forms.get(form, forms["other"]).format(n=n)

    def date(self, day: date) -> str:
        """A date the way this language writes it (15 марта 2025 г., 15-mart, 2025)."""
        return format_date(day, format="long", locale=self._locale)

    def time_left(self, deadline: date, today: date) -> str:
        """``12 days left`` / ``осталось 12 дней``; CLDR units give the plural forms."""
        days = (deadline - today).days
        if days < 0:
            return self("closed")
        if days == 0:
            return self("due_today")
        duration = format_unit(days, "duration-day", length="long", locale=self._locale)
        return self("days_left", duration=duration)

    def deadline(self, deadline: date | None, today: date | None = None) -> str:
        """The deadline line's value, with the time left when ``today`` is known."""
        if deadline is None:
            return self("no_deadline")
        text = self.date(deadline)
        if today is not None:
            text += f" ({self.time_left(deadline, today)})"
        return text

    def amount(
        self, amount: float | None, currency: str | None, period: str | None = None
    ) -> str | None:
        """``€12,500`` / ``12 500 €`` (+ `` per month`` for a stipend); None when unknown."""
        text = self._amount(amount, currency)
        key = f"per_{period}"
        if text is None or not period or key not in self._messages:
            return text  # "total" or no period: the sum as it is
        return f"{text} {self._messages[key]}"

    def _amount(self, amount: float | None, currency: str | None) -> str | None:
        if amount is None or not math.isfinite(amount):
            return None
        if not currency:
            return format_decimal(amount, locale=self._locale)
        if not _CURRENCY_CODE.fullmatch(currency):
            # Not an ISO 4217 code (a source's odd text): show it as written, not as a symbol.
            return f"{format_decimal(amount, locale=self._locale)} {currency}"
        pattern = self._locale.currency_formats["standard"].pattern
        if float(amount).is_integer():
            pattern = pattern.replace(".00", "")
        try:
            return format_currency(
                amount,
                currency.upper(),
                format=pattern,
                currency_digits=False,
                locale=self._locale,
            )
        except (ValueError, KeyError):
            # Babel refusing a code must not stop a digest: show it as written.
            return f"{format_decimal(amount, locale=self._locale)} {currency}"

    def kind(self, kind: str) -> str:
        return KIND_LABELS[self.language].get(str(kind), str(kind))

    def level(self, level: str) -> str:
        return LEVEL_LABELS[self.language].get(str(level), str(level))

    def country(self, code: str) -> str:
        """ISO 3166 code → the country's name in this language; unknown codes stay as given."""
        return self._locale.territories.get(code.upper(), code)
