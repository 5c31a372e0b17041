"""Reasons (``domain.reasons`` codes) as text in the reader's language, from gettext catalogues.

``feeds/locale/<language>/LC_MESSAGES/reasons.po`` holds one message per code (a variant per
rule, ``country.listed.citizens``) and the fragments they are built from; the catalogues are
read once at first use. Country names come from Babel's CLDR data in the reader's language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_percent
from babel.units import format_unit

from domain.reasons import Reason
from feeds.i18n import Texts, resolve_language
from feeds.messages import SUPPORTED_LANGUAGES

LOCALE_DIR = Path(__file__).parent / "locale"
_MOST_COUNTRIES = 4  # a longer list is cut to "A, B, C, D and 5 more"


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → template of one language's reasons catalogue."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "reasons.po", "rb") as f:
        po = read_po(f, locale=language, domain="reasons")
    return {m.id: m.string for m in po if m.id and isinstance(m.string, str) and m.string}


def render(item: Reason | str, language: str | None) -> str:
    """One reason as text; a plain string (an older stored reason) is shown as it is."""
    if isinstance(item, str):
        return item
    return _renderer(resolve_language(language)).render(item)


def render_all(items: list[Reason | str], language: str | None) -> list[str]:
    renderer = _renderer(resolve_language(language))
    return [item if isinstance(item, str) else renderer.render(item) for item in items]


@cache
def _renderer(language: str) -> _Renderer:
    # one per language and process: a feed or digest run renders thousands of reasons
    return _Renderer(language)


class _Renderer:
    def __init__(self, language: str) -> None:
        self.language = language if language in SUPPORTED_LANGUAGES else "en"
        self.texts = Texts(self.language)
        self.msgs = catalog(self.language)

    def msg(self, key: str, **values: Any) -> str:
        return self.msgs[key].format(**values)

    def render(self, item: Reason) -> str:
        try:
            return self._render(item)
        except (KeyError, TypeError, ValueError, IndexError):
            # A stored reason whose parameters do not fit its code (hand-edited or damaged
            # row): shown as its code and parameters rather than failing the whole page.
            return f"{item.code} {item.params}"

    def _render(self, item: Reason) -> str:
        p = dict(item.params)
        values = {k: v for k, v in p.items() if k in ("text", "title", "rank", "system", "year")}
        key = item.code
        if "rule" in p:
            key = f"{item.code}.{p['rule']}"
        if item.code == "deadline":
            key, values["duration"] = self._days_left(int(p["days"]))
        values.update(self._common(p))
        special = getattr(self, "_" + item.code.replace(".", "_"), None)
        if special is not None:
            values.update(special(p))
        return self.msg(key, ok=self.msgs["_ok"], check=self.msgs["_check"], **values)

    def _common(self, p: dict[str, Any]) -> dict[str, str]:
        out = {}
        if "quote" in p:
            out["quote"] = self.msg("_quote", quote=p["quote"]) if p["quote"] else ""
        if "country" in p:
            out["country"] = self.texts.country(str(p["country"] or "?"))
        if "countries" in p:
            out["countries"] = self._countries(list(p["countries"] or []))
        if "levels" in p:
            out["levels"] = ", ".join(self._word("level", x) for x in p["levels"] or [])
        if "need" in p:
            out["need"] = format_percent(float(p["need"]), locale=self.language)
        if "gpa" in p:
            out["gpa"] = str(p["gpa"])
        return out

    def _word(self, group: str, value: object) -> str:
        return self.msgs.get(f"{group}.{value}", str(value))

    def _countries(self, codes: list[str]) -> str:
        names = sorted(self.texts.country(str(c)) for c in codes)
        if len(names) > _MOST_COUNTRIES:
            shown = ", ".join(names[:_MOST_COUNTRIES])
            return self.msg("_more", list=shown, n=len(names) - _MOST_COUNTRIES)
        return format_list(names, locale=self.language) if names else "?"

    def _days_left(self, days: int) -> tuple[str, str]:
        if days < 0:
            return "deadline.passed", ""
        if days <= 1:
            return ("deadline.today", "deadline.tomorrow")[days], ""
        duration = format_unit(days, "duration-day", length="long", locale=self.language)
        return "deadline", duration

    def _interests(self, p: dict[str, Any]) -> dict[str, str]:
        return {"phrases": ", ".join(str(x) for x in p.get("phrases") or [])}

    def _level_check_role(self, p: dict[str, Any]) -> dict[str, str]:
        return {"role": self._word("role", p.get("role"))}

    def _wanted_kind(self, p: dict[str, Any]) -> dict[str, str]:
        return {"kind": self._word("kind", p.get("kind"))}

    def _test(self, pair: list[str]) -> str:
        name, level = [*pair, "", ""][:2]
        return f"{self._word('language', name)} {level}".strip()

    def _language(self, p: dict[str, Any]) -> dict[str, str]:
        out = {"asked": self.msgs["_or"].join(self._test(x) for x in p.get("asked") or [])}
        for key in ("shown", "mine"):
            if p.get(key):
                out[key] = self._test(p[key])
        if "top" in p:
            out["below"] = self.msg("language.below", top=p["top"]) if p["top"] else ""
            out["test"], out["low"] = str(p.get("test")), str(p.get("low"))
        return out

    _language_ok = _language_none = _language_near = _language

    def _age(self, p: dict[str, Any]) -> dict[str, str]:
        lo, hi = p.get("lo"), p.get("hi")
        if lo is not None and hi is not None:
            span = self.msg("age.between", lo=f"{lo:g}", hi=f"{hi:g}")
        elif hi is not None:
            span = self.msg("age.up_to", hi=f"{hi:g}")
        elif lo is not None:
            span = self.msg("age.at_least", lo=f"{lo:g}")
        else:
            span = self.msg("age.born", day=p.get("born") or "?")
        ref = p.get("reference")
        if ref in ("application", "year_end"):
            ref = self.msgs[f"ref.{ref}"]
        elif isinstance(ref, str) and ref[:1].isdigit():  # an ISO day
            ref = self.msg("ref.day", day=ref)
        else:  # the deadline (the default): not said
            ref = ""
        return {"range": span, "ref": ref}

    _age_ok = _age_unknown = _age

    def _stage_check(self, p: dict[str, Any]) -> dict[str, str]:
        parts = []
        if p.get("holds"):
            soon = self.msgs["stage.soon"] if p.get("soon") else ""
            degree = self._word("degree", p["holds"])
            parts.append(self.msg("stage.holds", soon=soon, degree=degree))
        if p.get("current"):
            levels = ", ".join(self._word("level", x) for x in p["current"])
            key = "stage.final" if p.get("final_year") else "stage.current"
            parts.append(self.msg(key, levels=levels))
        if p.get("years") is not None:
            parts.append(self.msg("stage.years", n=p["years"]))
        if p.get("profiles"):
            parts.append(self.msg("stage.profiles", span=p["profiles"]))
        return {"stage": "; ".join(parts) or self.msgs["stage.any"]}
