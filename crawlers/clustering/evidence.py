"""Why two records are, or cannot be, one call: vetoes first, then the strongest evidence.

A veto keeps two records apart whatever else agrees (one source's two ids, two deadlines, two
identifiers, titles that differ in a lot, number, level...). Evidence has a rule and a score;
a look-alike title is one kind of evidence among others, never enough against a veto.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from crawlers.clustering.features import Features
from crawlers.clustering.titles import title_conflict
from domain import OpportunityRecord

# Titles this similar (0-100, token_sort_ratio) are the same call when deadlines agree.
SAME_TITLE = 90
# With the same funder and the same deadline a looser title match suffices (blogs reword).
SAME_FUNDER_TITLE = 70
# Deadline, amount and funder all equal: the titles need only share their main words.
SAME_FACTS_TITLE = 60
# Long bodies sharing this share of their word 3-shingles are one text reposted.
SAME_BODY = 0.6


@dataclass(frozen=True, slots=True)
class Evidence:
    """The rule that linked two records and how strongly (0-1)."""

    rule: str
    score: float


def veto(a: OpportunityRecord, b: OpportunityRecord, fa: Features, fb: Features) -> str | None:
    """Why two records can never be one call, or None. The same page overrides every veto."""
    if fa.url == fb.url:
        return None
    if a.source == b.source and not _translations(a, b, fa, fb):
        return "same-source"  # a source that lists two ids keeps two calls apart: trust it
    if fa.own_codes and fb.own_codes and not fa.own_codes & fb.own_codes:
        return "different-code"
    if fa.own_codes & fb.own_codes:
        return None  # one identifier: reworded titles and a moved deadline are still one call
    if not _deadlines_agree(a, b):
        return "different-deadline"
    if a.amount and b.amount and a.currency == b.currency and a.amount != b.amount:
        return "different-amount"  # sibling topics of one call differ in budget
    conflict = title_conflict(fa.marks, fb.marks)
    if conflict:
        return f"title-{conflict}"
    codes_a, codes_b = fa.own_codes | fa.title_codes, fb.own_codes | fb.title_codes
    if codes_a and codes_b and not codes_a & codes_b:
        return "different-code"
    return None


def _translations(a: OpportunityRecord, b: OpportunityRecord, fa: Features, fb: Features) -> bool:
    """One site's posts in two languages that point at the same official page: one call
    translated (bilingual blogs do this), not two; the other vetoes still apply."""
    languages = {a.language, b.language}
    return None not in languages and len(languages) == 2 and bool(fa.links & fb.links)


def _deadlines_agree(a: OpportunityRecord, b: OpportunityRecord) -> bool:
    """Unknown, equal, or one of a staged call's deadlines (SEDIA gives the last, CORDIS the first)."""
    if a.deadline is None or b.deadline is None or a.deadline == b.deadline:
        return True
    stages_a = set(a.details.get("deadlines") or []) | {a.deadline.isoformat()}
    stages_b = set(b.details.get("deadlines") or []) | {b.deadline.isoformat()}
    return bool(stages_a & stages_b)


def evidence(
    a: OpportunityRecord, b: OpportunityRecord, fa: Features, fb: Features
) -> Evidence | None:
    """The strongest reason two records (with no veto) are one call, or None."""
    if fa.url == fb.url:
        return Evidence("same-url", 1.0)
    # One's own identifier named by the other (its id, address or title): the same call.
    if fa.own_codes & (fb.own_codes | fb.title_codes) or fb.own_codes & fa.title_codes:
        return Evidence("same-code", 1.0)
    if fa.url in fb.links or fb.url in fa.links:
        return Evidence("links-to", 0.95)
    if fa.links & fb.links:
        return Evidence("official-link", 0.95)
    same_deadline = a.deadline is not None and a.deadline == b.deadline
    same_funder = bool(fa.funder and fa.funder == fb.funder)
    found: list[Evidence] = []
    if same_deadline and same_funder and a.amount is not None and a.amount == b.amount:
        ratio = fuzz.token_set_ratio(fa.title, fb.title)
        if ratio >= SAME_FACTS_TITLE:
            found.append(Evidence("deadline-amount-funder", round(0.6 + 0.3 * ratio / 100, 3)))
    if fa.shingles and fb.shingles:
        jaccard = len(fa.shingles & fb.shingles) / len(fa.shingles | fb.shingles)
        if jaccard >= SAME_BODY:
            found.append(Evidence("same-body", round(jaccard, 3)))
    ratio = fuzz.token_sort_ratio(fa.title, fb.title)
    if ratio >= SAME_TITLE:
        found.append(Evidence("same-title", round(ratio / 100, 3)))
    elif same_deadline and same_funder and ratio >= SAME_FUNDER_TITLE:
        found.append(Evidence("title-funder-deadline", round(ratio / 100, 3)))
    return max(found, key=lambda e: e.score, default=None)
