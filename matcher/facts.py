"""Columnar facts about opportunities and profiles, so eligibility runs as numpy array code."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from domain import (
    InstitutionRecord,
    Kind,
    Level,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
    Status,
)
from domain import country_groups as regions
from domain import eligibility as who
from domain.requirements import Requirements, read_requirements
from matcher.limits import RequirementColumns
from matcher.scores import gpa_fraction, profile_tests, test_name, test_value

KINDS = list(Kind)
KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
LEVEL_BIT = {lvl: 1 << i for i, lvl in enumerate(Level)}
ANY_BIT = LEVEL_BIT[Level.ANY]
LEVEL_VALUES = frozenset(lvl.value for lvl in Level)
KIND_VALUES = frozenset(k.value for k in Kind)
STUDENT_MASK = sum(LEVEL_BIT[lv] for lv in (Level.BACHELOR, Level.MASTER, Level.PHD))
RULE_CITIZENSHIP, RULE_RESIDENCE, RULE_EITHER = 0, 1, 2
APPLICANT_CODES = {who.Applicant.INDIVIDUAL: 1, who.Applicant.INSTITUTION: 2, who.Applicant.EITHER: 3}
INSTITUTION_APPLIES = 2
_RULES = {"citizenship": 0, "nationality": 0, "residence": 1, "either": 2, "any": 2}
# What a person at a level usually applies for when the profile does not say.
DEFAULT_TARGETS = {
    Level.BACHELOR: (Level.BACHELOR, Level.MASTER),
    Level.MASTER: (Level.MASTER, Level.PHD),
    Level.PHD: (Level.PHD, Level.POSTDOC),
    Level.POSTDOC: (Level.POSTDOC, Level.FACULTY),
    Level.FACULTY: (Level.FACULTY, Level.POSTDOC),
    Level.STAFF: (Level.STAFF,),
}
ROLE_TARGETS = {
    Role.STUDENT: (Level.BACHELOR, Level.MASTER, Level.PHD),
    Role.FACULTY: (Level.FACULTY, Level.POSTDOC),
    Role.STAFF: (Level.STAFF,),
}


def _level_mask(levels: Sequence[Level | str]) -> int:
    mask = 0
    for level in levels:
        try:
            mask |= LEVEL_BIT[Level(level)]
        except ValueError:
            continue
    return mask


def _mask_of_kinds(kinds: Sequence[str]) -> int:
    mask = 0
    for kind in kinds:
        try:
            mask |= 1 << KIND_INDEX[Kind(str(kind).strip().lower())]
        except ValueError:
            continue
    return mask


def _normal_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())


@dataclass
class HostRank:
    """The best rank of an opportunity's host, for the boost and its reason."""

    lower: int
    text: str
    system: str
    year: int


def best_rank(institution: InstitutionRecord) -> HostRank | None:
    """The institution's best (lowest) rank across systems, each system's latest year only
    (an old, better rank must not be shown as if it were current)."""
    latest: dict[str, RankEntry] = {}
    for entry in institution.ranks:
        if entry.system not in latest or entry.year > latest[entry.system].year:
            latest[entry.system] = entry
    best: HostRank | None = None
    for entry in latest.values():
        lower = entry.rank_lower
        if lower is None:
            digits = re.search(r"\d+", entry.rank)
            lower = int(digits.group()) if digits else None
        if lower is None or lower <= 0:
            continue
        candidate = HostRank(lower, entry.rank.replace("-", "–"), entry.system, entry.year)
        if best is None or (lower, -entry.year) < (best.lower, -best.year):
            best = candidate
    return best


@dataclass
class OpportunityFacts:
    """Per-opportunity arrays (index = position in ``records``)."""

    records: list[OpportunityRecord]
    index: dict[str, int]
    closed: np.ndarray
    deadline: np.ndarray  # ordinal, -1 when none
    kind: np.ndarray
    level_mask: np.ndarray
    student_only: np.ndarray
    staff_mobility: np.ndarray
    restricted: np.ndarray
    any_nationality: np.ndarray
    unreadable: np.ndarray
    rule: np.ndarray
    min_gpa: np.ndarray
    tests: list[str]
    test_req: np.ndarray  # n x len(tests), NaN = not asked
    fully_funded: np.ndarray
    host_rank: list[HostRank | None]
    host_rank_lower: np.ndarray  # 0 = unranked
    host_country: np.ndarray  # object array of alpha-2 or ""
    country_sets: list[frozenset[str]]
    limits: RequirementColumns
    # who may apply beyond the nationality list (domain.eligibility), see eligibility.country_codes
    excluded_sets: list[frozenset[str]] = field(default_factory=list)
    residence_sets: list[frozenset[str]] = field(default_factory=list)
    employment_sets: list[frozenset[str]] = field(default_factory=list)
    applicant: np.ndarray | None = None  # APPLICANT_CODES; 0 = the call does not say
    _country_cols: dict[str, np.ndarray] = field(default_factory=dict)
    _stated: dict[int, np.ndarray] = field(default_factory=dict)
    _set_of: np.ndarray | None = None
    _distinct: list[frozenset[str]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        records: Sequence[OpportunityRecord],
        institutions: Sequence[InstitutionRecord] | None = None,
    ) -> OpportunityFacts:
        n = len(records)
        ranks = _rank_lookup(institutions or [])
        closed = np.zeros(n, bool)
        deadline = np.full(n, -1, np.int64)
        kind = np.zeros(n, np.int16)
        level_mask = np.zeros(n, np.int32)
        staff_mobility = np.zeros(n, bool)
        restricted = np.zeros(n, bool)
        any_nat = np.zeros(n, bool)
        unreadable = np.zeros(n, bool)
        rule = np.zeros(n, np.int8)
        limits = RequirementColumns.empty(n)
        min_gpa = np.full(n, np.nan, np.float32)
        funded = np.zeros(n, bool)
        host_rank: list[HostRank | None] = [None] * n
        host_country = np.empty(n, dtype=object)
        country_sets: list[frozenset[str]] = []
        test_reqs: list[dict[str, float]] = []
        excluded_sets, residence_sets, employment_sets = [], [], []
        applicant = np.zeros(n, np.int8)
        for i, opp in enumerate(records):
            details = opp.details or {}
            stated = who.read(details, opp.eligible_countries)
            excluded_sets.append(frozenset(stated.excluded))
            residence_sets.append(frozenset(stated.residence))
            employment_sets.append(frozenset(stated.employment))
            applicant[i] = APPLICANT_CODES.get(stated.applicant, 0)
            closed[i] = opp.status in (Status.CLOSED, Status.EXPIRED)
            if opp.deadline is not None:
                deadline[i] = opp.deadline.toordinal()
            try:
                kind[i] = KIND_INDEX[Kind(opp.kind)]
            except ValueError:
                kind[i] = KIND_INDEX[Kind.OTHER]
            level_mask[i] = _level_mask(opp.levels)
            staff_mobility[i] = kind[i] == KIND_INDEX[Kind.STAFF_MOBILITY]
            allowed: set[str] = set()
            for entry in opp.eligible_countries:
                codes = regions.resolve(str(entry))
                if codes is None:
                    unreadable[i] = True
                else:
                    allowed |= codes
            restricted[i] = bool(opp.eligible_countries)
            # examples of an unnamed set ("such as A, B"): a country not named is "check"
            unreadable[i] |= stated.nationalities_open
            country_sets.append(frozenset(allowed))
            any_nat[i] = stated.any_nationality
            rule[i] = _RULES.get(str(details.get("country_rule", "citizenship")).lower(), 0)
            req = read_requirements(details)
            limits.add(i, req, opp.deadline, details.get("deadline_timezone"))
            min_gpa[i] = _gpa(req)
            funded[i] = bool(details.get("fully_funded"))
            test_reqs.append(_tests_asked(req))
            if opp.host_institution:
                host_rank[i] = ranks.get(_normal_name(opp.host_institution))
            host_country[i] = (opp.host_country or "").upper()
        tests = sorted({name for reqs in test_reqs for name in reqs})
        test_req = np.full((n, len(tests)), np.nan, np.float32)
        col = {name: j for j, name in enumerate(tests)}
        for i, reqs in enumerate(test_reqs):
            for name, value in reqs.items():
                test_req[i, col[name]] = value
        student_only = (level_mask != 0) & ((level_mask & ~STUDENT_MASK) == 0)
        return cls(
            records=list(records),
            index={opp.id: i for i, opp in enumerate(records)},
            closed=closed,
            deadline=deadline,
            kind=kind,
            level_mask=level_mask,
            student_only=student_only,
            staff_mobility=staff_mobility,
            restricted=restricted,
            any_nationality=any_nat,
            unreadable=unreadable,
            rule=rule,
            min_gpa=min_gpa,
            tests=tests,
            test_req=test_req,
            fully_funded=funded,
            host_rank=host_rank,
            host_rank_lower=np.array([r.lower if r else 0 for r in host_rank], np.int32),
            host_country=host_country,
            country_sets=country_sets,
            limits=limits,
            excluded_sets=excluded_sets,
            residence_sets=residence_sets,
            employment_sets=employment_sets,
            applicant=applicant,
        )

    def __len__(self) -> int:
        return len(self.records)

    def extend(self, more: OpportunityFacts) -> OpportunityFacts:
        """These facts followed by ``more``'s (rows appended; ``index`` left to the caller)."""
        tests = sorted(set(self.tests) | set(more.tests))
        test_req = np.full((len(self) + len(more), len(tests)), np.nan, np.float32)
        for j, name in enumerate(tests):
            if name in self.tests:
                test_req[: len(self), j] = self.test_req[:, self.tests.index(name)]
            if name in more.tests:
                test_req[len(self) :, j] = more.test_req[:, more.tests.index(name)]
        arrays = {
            name: np.concatenate([getattr(self, name), getattr(more, name)])
            for name in (
                "closed",
                "deadline",
                "kind",
                "level_mask",
                "student_only",
                "staff_mobility",
                "restricted",
                "any_nationality",
                "unreadable",
                "rule",
                "min_gpa",
                "fully_funded",
                "host_rank_lower",
                "host_country",
            )
        }
        return OpportunityFacts(
            records=self.records + more.records,
            index={},
            tests=tests,
            test_req=test_req,
            host_rank=self.host_rank + more.host_rank,
            country_sets=self.country_sets + more.country_sets,
            limits=self.limits.extend(more.limits),
            excluded_sets=self.excluded_sets + more.excluded_sets,
            residence_sets=self.residence_sets + more.residence_sets,
            employment_sets=self.employment_sets + more.employment_sets,
            applicant=np.concatenate([self.applicant, more.applicant]),
            **arrays,
        )

    @property
    def min_age(self) -> np.ndarray:
        """Inclusive minimum age per call (NaN = none)."""
        return self.limits.min_age

    @property
    def max_age(self) -> np.ndarray:
        """Inclusive maximum age per call (NaN = none)."""
        return self.limits.max_age

    def open_on(self, today: date) -> np.ndarray:
        """Vectorised ``OpportunityRecord.is_open_on``; a call whose deadline names its own
        time zone stays in one day longer ("23:59 AoE" is the next afternoon in Tashkent):
        the caller that knows the moment (radar.jobs.match) drops it once that instant
        passed (matcher.deadlines.deadline_passed)."""
        day = today.toordinal()
        zoned = self.limits.zoned & (self.deadline == day - 1)
        return ~self.closed & ((self.deadline < 0) | (self.deadline >= day) | zoned)

    def stated(self, sets: list[frozenset[str]]) -> np.ndarray:
        """Indices of the opportunities whose set in ``sets`` is not empty (most are)."""
        found = self._stated.get(id(sets))
        if found is None:
            found = self._stated[id(sets)] = np.fromiter(
                (i for i, s in enumerate(sets) if s), np.int64
            )
        return found

    def in_sets(self, sets: list[frozenset[str]], country: str | None) -> np.ndarray:
        """Whether ``country`` is in each opportunity's set of ``sets`` (False when None)."""
        out = np.zeros(len(self), bool)
        if country:
            at = self.stated(sets)
            out[at] = [country in sets[i] for i in at.tolist()]
        return out

    def allows(self, country: str | None) -> np.ndarray:
        """Whether each opportunity's country list includes ``country`` (False when None)."""
        if not country:
            return np.zeros(len(self), bool)
        if self._set_of is None:
            # Calls repeat the same lists ("Central Asia", "developing countries"...): decide
            # once per distinct list, then gather.
            ids: dict[frozenset[str], int] = {}
            self._set_of = np.fromiter(
                (ids.setdefault(s, len(ids)) for s in self.country_sets),
                np.int64,
                count=len(self),
            )
            self._distinct = list(ids)
        column = self._country_cols.get(country)
        if column is None:
            has = np.fromiter((country in s for s in self._distinct), bool, len(self._distinct))
            column = self._country_cols[country] = has[self._set_of]
        return column


def _rank_lookup(institutions: Sequence[InstitutionRecord]) -> dict[str, HostRank]:
    lookup: dict[str, HostRank] = {}
    for inst in institutions:
        rank = best_rank(inst)
        if rank is None:
            continue
        for name in (inst.name, *inst.aliases):
            if name:
                lookup[_normal_name(name)] = rank
    return lookup


def _gpa(req: Requirements) -> float:
    """The minimum GPA as a fraction of its scale (the written scale when there is one)."""
    if req.gpa is None:
        return math.nan
    if req.gpa.scale:
        return req.gpa.minimum / req.gpa.scale
    return gpa_fraction(req.gpa.minimum)


def _tests_asked(req: Requirements) -> dict[str, float]:
    """Canonical test or language name -> minimum (CEFR levels as 1..6)."""
    asked: dict[str, float] = {}
    for item in req.languages:
        number = test_value(item.minimum)
        if not math.isnan(number):
            asked[test_name(item.key)] = number
    return asked


@dataclass
class ProfileFacts:
    """Per-profile arrays (index = position in ``profiles``)."""

    profiles: list[Profile]
    is_student: np.ndarray
    is_phd: np.ndarray
    desired: np.ndarray
    explicit: np.ndarray
    target_kinds: np.ndarray
    excluded_kinds: np.ndarray
    citizenship: list[str | None]
    residence: list[str | None]
    employer: list[str | None]  # where the person works (details employer_country, else residence)
    birth_year: np.ndarray  # -1 when unknown
    birth_md: np.ndarray
    birth_ordinal: np.ndarray  # -1 when unknown
    stage_level: list[Level | None]  # the level a person is at now, for stage requirements
    doctorate_year: np.ndarray  # -1 when unknown
    final_year: np.ndarray  # 1 final year of study, 0 not, -1 unknown
    gpa: np.ndarray
    tests: list[dict[str, float]]
    preferred: list[frozenset[str]]

    @classmethod
    def build(cls, profiles: Sequence[Profile]) -> ProfileFacts:
        n = len(profiles)
        desired = np.zeros(n, np.int32)
        explicit = np.zeros(n, np.int32)
        target_kinds = np.zeros(n, np.int32)
        excluded = np.zeros(n, np.int32)
        birth_year = np.full(n, -1, np.int32)
        birth_md = np.zeros(n, np.int32)
        birth_ordinal = np.full(n, -1, np.int64)
        doctorate_year = np.full(n, -1, np.int32)
        final_year = np.full(n, -1, np.int8)
        gpa = np.full(n, np.nan, np.float32)
        for i, prof in enumerate(profiles):
            details = prof.details or {}
            targets = [str(t).strip().lower() for t in prof.target_levels]
            explicit[i] = _level_mask([t for t in targets if t in LEVEL_VALUES])
            target_kinds[i] = _mask_of_kinds([t for t in targets if t in KIND_VALUES])
            if explicit[i]:
                desired[i] = explicit[i]
            elif prof.level is not None:
                desired[i] = _level_mask(DEFAULT_TARGETS.get(Level(prof.level), ()))
            else:
                desired[i] = _level_mask(ROLE_TARGETS.get(Role(prof.role), ()))
            excluded[i] = _mask_of_kinds(details.get("excluded_kinds") or [])
            if prof.birth_date is not None:
                birth_year[i] = prof.birth_date.year
                birth_md[i] = prof.birth_date.month * 100 + prof.birth_date.day
                birth_ordinal[i] = prof.birth_date.toordinal()
            doctorate_year[i] = _year(details.get("doctorate_year"))
            if isinstance(details.get("final_year"), bool):
                final_year[i] = int(details["final_year"])
            gpa[i] = gpa_fraction(details.get("gpa"))
        return cls(
            profiles=list(profiles),
            is_student=np.array([Role(p.role) == Role.STUDENT for p in profiles], bool),
            is_phd=np.array([p.level == Level.PHD for p in profiles], bool),
            desired=desired,
            explicit=explicit,
            target_kinds=target_kinds,
            excluded_kinds=excluded,
            citizenship=[(p.citizenship or "").upper() or None for p in profiles],
            residence=[(p.residence or "").upper() or None for p in profiles],
            employer=[
                str((p.details or {}).get("employer_country") or p.residence or "").upper() or None
                for p in profiles
            ],
            birth_year=birth_year,
            birth_md=birth_md,
            birth_ordinal=birth_ordinal,
            stage_level=[_current_level(p) for p in profiles],
            doctorate_year=doctorate_year,
            final_year=final_year,
            gpa=gpa,
            tests=[profile_tests(p.details.get("language_tests")) for p in profiles],
            preferred=[
                frozenset(str(c).upper() for c in p.details.get("preferred_countries") or [])
                for p in profiles
            ],
        )

    def __len__(self) -> int:
        return len(self.profiles)

    def signature(self, i: int) -> tuple:
        """Everything the per-call filters and boosts read from a profile: profiles sharing
        it share those results (level/role/kind part first, then country, then boosts)."""
        return (
            bool(self.is_student[i]),
            bool(self.is_phd[i]),
            int(self.desired[i]),
            int(self.explicit[i]),
            int(self.excluded_kinds[i]),
            self.citizenship[i],
            self.residence[i],
            int(self.target_kinds[i]),
            self.preferred[i],
            self.employer[i],
            self.stage_signature(i),
        )

    def stage_signature(self, i: int) -> tuple:
        """What the stage requirements read from a profile (kept last in ``signature``)."""
        return (self.stage_level[i], int(self.doctorate_year[i]), int(self.final_year[i]))


def _current_level(profile: Profile) -> Level | None:
    """The level a person is at now: the profile's, else the one their role implies."""
    if profile.level is not None:
        try:
            return Level(profile.level)
        except ValueError:
            return None
    return {Role.FACULTY: Level.FACULTY, Role.STAFF: Level.STAFF}.get(Role(profile.role))


def _year(value: object) -> int:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() and 1900 < int(text) < 2200 else -1
