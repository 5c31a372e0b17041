"""The one table of country groups (UN M49, EU/EEA, blocs, income and DAC lists), from data.

Groups are defined in ``domain/data/country_groups.toml`` with their names in en/ru/uz, the
date and origin of each list. UN M49 regions, the EU, EEA, Schengen and OECD come from the
maintained ``country_converter`` package's data file (read as a plain TSV: importing the
package would pull in pandas); the rest is typed there from the bodies that publish them.
"""

from __future__ import annotations

import csv
import importlib.util
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

_DATA = Path(__file__).with_name("data") / "country_groups.toml"


@dataclass(frozen=True, slots=True)
class CountryGroup:
    """A named set of ISO 3166 alpha-2 codes, with where the list comes from."""

    key: str
    members: frozenset[str]
    names: dict[str, tuple[str, ...]]  # language -> lower-case names read in free text
    abbreviations: tuple[str, ...]  # case-sensitive ("ASEAN", "СНГ")
    entry_names: tuple[str, ...]  # names accepted only as a typed eligible_countries entry
    source: str
    as_of: str

    def name(self, language: str = "en") -> str:
        """The group's display name in ``language`` (English when it has none there)."""
        names = self.names.get(language) or self.names.get("en") or (self.key,)
        return names[0]


def _coco_rows() -> list[dict[str, str]]:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("country_converter is not installed (pip install country-converter)")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle, delimiter="\t") if not r.get("obsolete")]


def _iso2(cell: str) -> str:
    """The code of an ISO2 cell; a few cells are patterns ("^GB$|^UK$" for the UK)."""
    return cell.split("|")[0].strip("^$ ")


def _coco_members(rows: list[dict[str, str]], column: str, value: str) -> set[str]:
    return {
        _iso2(r["ISO2"])
        for r in rows
        if r.get("ISO2") and (r.get(column) or "") and (value == "*" or r[column] == value)
    }


@cache
def groups() -> dict[str, CountryGroup]:
    """Every group by key, members resolved (coco rows, typed codes, unions and differences)."""
    spec = tomllib.loads(_DATA.read_text(encoding="utf-8"))["group"]
    by_key = {g["key"]: g for g in spec}
    rows = _coco_rows()
    resolved: dict[str, frozenset[str]] = {}

    def members(key: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
        if key in resolved:
            return resolved[key]
        if key in seen:
            raise ValueError(f"country group {key!r} is defined through itself")
        g = by_key[key]
        codes: set[str] = set(g.get("members", "").split())
        if "coco" in g:
            codes |= _coco_members(rows, *g["coco"])
        for other in g.get("union", []):
            codes |= members(other, (*seen, key))
        for other in g.get("minus", []):
            codes -= members(other, (*seen, key))
        codes |= set(g.get("add", []))
        codes -= set(g.get("drop", []))
        resolved[key] = frozenset(codes)
        return resolved[key]

    return {
        key: CountryGroup(
            key=key,
            members=members(key),
            names={lang: tuple(n.lower() for n in g.get(lang, [])) for lang in ("en", "ru", "uz")},
            abbreviations=tuple(g.get("abbreviations", [])),
            entry_names=tuple(n.lower() for n in g.get("entry_names", [])),
            source=g["source"],
            as_of=g["as_of"],
        )
        for key, g in by_key.items()
    }


def group(key: str) -> CountryGroup:
    """One group by key (KeyError when unknown)."""
    return groups()[key]


def members(key: str) -> frozenset[str]:
    """The ISO codes of group ``key``."""
    return groups()[key].members


def all_countries() -> frozenset[str]:
    """Every current country code (ISO 3166-1 and Kosovo)."""
    return members("all")


@cache
def _by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for g in groups().values():
        for name in (*g.entry_names, *(n for names in g.names.values() for n in names)):
            found.setdefault(" ".join(name.split()), g.key)
        for abbreviation in g.abbreviations:
            found.setdefault(abbreviation.lower(), g.key)
    return found


def lookup(name: str) -> CountryGroup | None:
    """The group a whole name stands for ("ASEAN", "страны СНГ", "developing countries")."""
    key = _by_name().get(" ".join(name.lower().split()))
    return groups()[key] if key else None


@cache
def resolve(entry: str) -> frozenset[str] | None:
    """ISO codes an ``eligible_countries`` entry stands for (a code, a country or a group).

    None when it cannot be read; the matcher then says "check eligibility".
    """
    text = " ".join(str(entry).split())
    if len(text) == 2 and text.isalpha():
        return frozenset({text.upper()})
    found = groups().get(text) or lookup(text)
    if found is not None:
        return found.members
    try:
        return frozenset({pycountry.countries.lookup(text).alpha_2})
    except LookupError:
        return None


@cache
def country_name(code: str) -> str:
    """English short name of an alpha-2 code ("Kosovo" for XK); the code itself when unknown."""
    if code.upper() == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
