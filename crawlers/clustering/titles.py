"""What tells two look-alike titles apart: codes, numbers, years, lots/tracks, levels, Required/Not Allowed."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_BOILERPLATE = re.compile(
    r"\b(call for applications|apply now|fully funded|scholarships?|grants?|opportunity)\b", re.I
)
# Identifiers of calls: three or more parts joined by - or /, with a digit ("RFA-TR-25-002",
# "HORIZON-CL4-2027-TWIN-01-05", "ERC-2026-POC", "EuropeAid/186246/DD/ACT/NG").
CODE = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+){2,}(?![\w-])")
_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)")
_NUMBERISH = re.compile(r"\w*\d\w*", re.UNICODE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A part of a call: "Lot 2", "Track B", "Phase II", "Round 3", "Лот 2".
_PART = re.compile(
    r"\b(lot|track|phase|part|round|stage|cohort|wave|module|strand|window|batch|"
    r"лот|трек|этап|поток|направление)\s*(?:no\.?\s*|№\s*)?([0-9]+|[ivx]+\b|[a-zа-я]\b)",
    re.I | re.UNICODE,
)
_LEVELS = {
    "bachelor": r"bachelor'?s?|undergraduate|bsc|бакалавр\w*|bakalavr\w*",
    "master": r"master'?s?|msc|mba|магистр\w*|magistr\w*",
    # "post-doctoral" is a postdoc, not a doctoral call: \b would match after its hyphen.
    "phd": r"phd|ph\.d|(?<!post-)(?<!post )doctoral|doctorate|аспирант\w*|докторант\w*|doktorant\w*",
    "postdoc": r"post[- ]?docs?|post[- ]?doctoral|постдок\w*|postdoktorant\w*",
}
_LEVEL = {
    name: re.compile(rf"\b(?:{pattern})\b", re.I | re.UNICODE) for name, pattern in _LEVELS.items()
}
_REQUIREMENT = re.compile(
    r"\b(not\s+required|not\s+allowed|required|optional|not\s+permitted|permitted)\b", re.I
)


def norm(text: str) -> str:
    """Case-folded words only, NFKC: the form titles and funders are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def title_key(title: str) -> str:
    """The title without words every call has ("scholarship", "apply now")."""
    return norm(_BOILERPLATE.sub(" ", title))


def codes_in(text: str) -> set[str]:
    """Call identifiers in a text, upper-cased.

    An identifier has a digit and a capital letter as written: lower-case slugs of blog
    addresses ("2026/12/rmg-lot2") and feed guids are names of pages, not of calls.
    """
    return {
        m.upper()
        for m in CODE.findall(text)
        if any(c.isdigit() for c in m) and any(c.isupper() for c in m)
    }


def distinguishers(title: str) -> dict[str, frozenset[str]]:
    """The marks that make one call differ from its siblings, by kind."""
    text = unicodedata.normalize("NFKC", title)
    marks: dict[str, set[str]] = {"code": codes_in(text)}
    rest = CODE.sub(" ", text)
    marks["part"] = {
        f"{m.group(1).casefold()} {m.group(2).casefold()}" for m in _PART.finditer(rest)
    }
    rest = _PART.sub(" ", rest)
    rest = _THOUSANDS.sub("", rest)
    numbers = {n.casefold() for n in _NUMBERISH.findall(rest)}
    marks["year"] = {n for n in numbers if _YEAR.match(n)}
    marks["number"] = {n.lstrip("0") or "0" for n in numbers - marks["year"]}
    marks["level"] = {name for name, pattern in _LEVEL.items() if pattern.search(text)}
    marks["requirement"] = {" ".join(m.casefold().split()) for m in _REQUIREMENT.findall(text)}
    return {kind: frozenset(values) for kind, values in marks.items()}


def title_conflict(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> str | None:
    """The kind of mark that sets two titles apart (each has one the other lacks), or None.

    A mark only one title has ("2027" added by a blog) is no conflict: it is missing, not different.
    """
    for kind, left in a.items():
        right = b.get(kind, frozenset())
        if left - right and right - left:
            return kind
    return None
