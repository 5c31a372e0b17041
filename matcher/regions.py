"""Country groups that calls restrict eligibility to, resolved to ISO 3166 alpha-2 codes."""

from __future__ import annotations

from functools import cache

import pycountry


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


CENTRAL_ASIA = _codes("KZ KG TJ TM UZ")
CIS = _codes("AM AZ BY KZ KG MD RU TJ UZ")
EU = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
# Countries associated to Erasmus+ besides the EU; everyone else is a "Partner Country".
ERASMUS_ASSOCIATED = _codes("IS LI NO MK RS TR")
EU_NEIGHBOURHOOD = _codes("DZ AM AZ BY EG GE IL JO LB LY MD MA PS SY TN UA")
WESTERN_BALKANS = _codes("AL BA ME MK RS XK")
# Approximation of the OECD DAC List of ODA Recipients (2024-2025 flows). Calls that say
# "developing countries" usually mean this list. The call's own sentence is always shown as
# evidence, so a reader can check a borderline country.
DAC_ODA = _codes("""
    AF AO BD BJ BF BI KH CF TD KM CD DJ ER ET GM GN GW HT KI LA LS LR MG MW ML MR MZ MM NP NE RW
    SN SL SB SO SS SD TZ TL TG TV UG YE ZM KP SY
    BO CV CM CG CI EG SZ GH HN IN IR KE KG FM MN MA NI NG PK PG PH WS ST LK TJ TK TN UA UZ VU VN
    PS ZW LB DZ BT SV JO ID
    AL AR AM AZ BY BZ BA BW BR CN CO CR CU DM DO EC GQ FJ GA GE GD GT GY IQ JM KZ XK LY MY MV MH
    MU MX MD ME MS NA MK NU PW PY PE SH LC VC RS ZA SR TH TO TR TM VE WF
    """)


@cache
def _all_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def _partner_countries() -> frozenset[str]:
    return _all_countries() - EU - ERASMUS_ASSOCIATED


# Lower-case names (en/ru/uz) -> group. Values are callables so pycountry loads lazily.
_GROUPS = {
    (
        "central asia",
        "central asian countries",
        "центральная азия",
        "страны центральной азии",
        "markaziy osiyo",
        "марказий осиё",
    ): lambda: CENTRAL_ASIA,
    ("cis", "снг", "страны снг", "commonwealth of independent states", "mdh"): lambda: CIS,
    ("eu", "european union", "eu member states", "евросоюз", "европейский союз"): lambda: EU,
    (
        "partner countries",
        "erasmus+ partner countries",
        "partner country",
        "third countries not associated to the programme",
    ): _partner_countries,
    (
        "eu neighbourhood",
        "eu neighborhood",
        "european neighbourhood",
        "european neighbourhood policy countries",
        "enp countries",
    ): lambda: EU_NEIGHBOURHOOD,
    ("western balkans",): lambda: WESTERN_BALKANS,
    (
        "oda",
        "dac",
        "oda/dac",
        "oda-eligible countries",
        "dac list",
        "dac-list countries",
        "oda/dac-list countries",
        "developing countries",
        "low and middle income countries",
        "lmic",
        "lmics",
        "развивающиеся страны",
    ): lambda: DAC_ODA,
    (
        "any",
        "all",
        "all countries",
        "any nationality",
        "worldwide",
        "international",
    ): _all_countries,
}
_BY_NAME = {name: group for names, group in _GROUPS.items() for name in names}


@cache
def resolve(entry: str) -> frozenset[str] | None:
    """ISO codes an ``eligible_countries`` entry stands for (a code, a country or a group name).

    None when it cannot be read; the caller then flags the call "check eligibility".
    """
    text = entry.strip()
    if len(text) == 2 and text.isalpha():
        return frozenset({text.upper()})
    group = _BY_NAME.get(" ".join(text.lower().split()))
    if group is not None:
        return group()
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return frozenset({country.alpha_2})


@cache
def country_name(code: str) -> str:
    """English short name of an alpha-2 code, the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
