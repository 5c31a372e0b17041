"""The web UI's language: Flask-Babel over feeds/locale/<lang>/LC_MESSAGES/web.po."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from io import BytesIO
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, current_app, g, request
from flask_babel import Babel, Domain, format_date, format_time, get_locale
from flask_babel import gettext as _

from feeds.i18n import Texts
from feeds.messages import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from feeds.reasons import LOCALE_DIR
from radar.jobs.accounts import set_account_language
from radar.jobs.errors import JobError

DOMAIN = "web"
COOKIE = "lang"
LANGUAGE_NAMES = {"uz": "Oʻzbekcha", "ru": "Русский", "en": "English"}


@cache
def translations(language: str) -> Translations:
    """The compiled web catalogue of one language, read from its .po file once per process
    (the .po files are the only copy kept: no compiled .mo to go stale)."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class _PoDomain(Domain):
    def get_translations(self) -> Translations:  # type: ignore[override]
        return translations(current_language())


class _Babel(Babel):
    @property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        return _DOMAIN


_DOMAIN = _PoDomain(domain=DOMAIN)


def _supported(value: str | None) -> str | None:
    """``ru``, ``ru-RU``, ``uz_UZ`` → the language; anything else → None."""
    primary = re.split(r"[-_]", (value or "").strip().lower(), maxsplit=1)[0]
    return primary if primary in SUPPORTED_LANGUAGES else None


def select_language() -> str:
    """The switcher's ?lang=, else the signed-in account's language, else the one of the
    page's person (their private pages), else the switcher's cookie, else Accept-Language."""
    account = g.get("account")
    return (
        _supported(request.args.get(COOKIE))
        or _supported(getattr(account, "language", None))
        or _supported(g.get("page_language"))
        or _supported(request.cookies.get(COOKIE))
        or request.accept_languages.best_match(SUPPORTED_LANGUAGES)
        or DEFAULT_LANGUAGE
    )


def switch_url(language: str) -> str:
    """This page again in ``language`` (its other query arguments kept)."""
    args = request.args.to_dict()
    args[COOKIE] = language
    return request.path + "?" + urlencode(args)


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def _remember_choice(response):  # type: ignore[no-untyped-def]
    """The switcher's choice is kept in a cookie and, for a signed-in account, on the account
    (a display preference, so a plain link may set it: nothing else changes)."""
    chosen = _supported(request.args.get(COOKIE))
    if chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 86400, samesite="Lax", httponly=True)
        account = g.get("account")
        if account is not None and response.status_code < 400:
            set_account_language(current_app.config["RADAR_ENGINE"], account, chosen)
    return response


def when(moment: datetime) -> str:
    """A stored UTC time for staff: the locale's medium date and a 24-hour clock (pages say
    UTC next to it), e.g. ``27 нояб. 2026 г. 09:00``."""
    return f"{format_date(moment, 'medium')} {format_time(moment, 'HH:mm')}"


def _template_values() -> dict:
    language = current_language()
    return {
        "lang": language,
        "texts": Texts(language),
        "languages": LANGUAGE_NAMES,
        "switch_url": switch_url,
    }


def error_text(exc: JobError) -> str:
    """A refusal from radar.jobs in the reader's language (its English text if unknown)."""
    v = {name: "" if value is None else value for name, value in exc.values.items()}
    texts = {
        "no_opportunity": lambda: _("No opportunity %(id)s: pick one from the list.", **v),
        "note_too_long": lambda: _("The note is longer than %(max)s characters; shorten it.", **v),
        "unknown_action": lambda: _("Unknown action %(action)s.", **v),
        "unknown_target": lambda: _("Recommend to whom? %(target)s is neither a known person "
                                    "nor a group.", **v),
        "throttled": lambda: _("Too many failed logins; try again in %(n)s minutes.", **v),
        "wrong_login": lambda: _("Wrong address or password."),
        "short_password": lambda: _("The password needs at least %(n)s characters.", **v),
        "bad_role": lambda: _("The role must be staff or admin, not %(role)s.", **v),
        "bad_address": lambda: _("%(email)s is not a mail address.", **v),
        "exists": lambda: _("An account for %(email)s already exists.", **v),
        "no_account": lambda: _("No account for %(email)s.", **v),
    }
    return texts[exc.code]() if exc.code in texts else str(exc)


def init_app(app: Flask) -> None:
    _Babel(app, locale_selector=select_language)
    app.jinja_env.filters["when"] = when
    app.context_processor(_template_values)
    app.after_request(_remember_choice)
