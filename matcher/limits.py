"""Columns and decisions for a call's stage and age requirements (domain.requirements).

Stage: who may apply by the degree they hold, the level they are at now, the years since
their doctorate and EU researcher profiles R1-R4. Age: bounds judged on the day the call
names (its deadline, the day one applies, 31 December, a fixed date), never the match day
unless the call has no deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from domain import Level
from domain.requirements import DEGREE_RANK, Requirements

# the one definition of the level bits (matcher.facts imports it)
LEVEL_BIT = {lvl: 1 << i for i, lvl in enumerate(Level)}
# EU research career profiles: R1 first-stage (up to the PhD), R2 recognised (PhD holders not
# yet independent), R3 established, R4 leading. Levels that are surely in, and that may be.
RESEARCHER_PROFILES = {
    "R1": ((Level.PHD,), (Level.MASTER,)),
    "R2": ((Level.POSTDOC,), (Level.FACULTY,)),
    "R3": ((Level.FACULTY,), (Level.POSTDOC,)),
    "R4": ((Level.FACULTY,), ()),
}
# Degree a person at a level surely holds, and the one they are studying for (0 = none).
HELD_RANK = {
    Level.BACHELOR: (0, 1), Level.MASTER: (1, 2), Level.PHD: (2, 3), Level.POSTDOC: (3, 3),
    Level.FACULTY: (2, 2), Level.STAFF: (-1, -1),
}  # fmt: skip
REF_DEADLINE, REF_APPLICATION, REF_YEAR_END, REF_FIXED = 0, 1, 2, 3
_REFS = {"deadline": REF_DEADLINE, "application": REF_APPLICATION, "year_end": REF_YEAR_END}


class StageCode:
    """Outcome of the stage check (folded into the level code)."""

    NONE = 0
    OK = 1
    CHECK = 2
    FAIL = 3


@dataclass
class RequirementColumns:
    """Per-call arrays of the stage and age requirements."""

    min_age: np.ndarray
    max_age: np.ndarray
    age_ref: np.ndarray  # REF_* code
    age_ref_day: np.ndarray  # ordinal of a fixed reference day, -1 otherwise
    born_after: np.ndarray  # ordinal of "born on or after", -1 when none
    deadline: np.ndarray  # ordinal, -1 when none
    holds: np.ndarray  # degree rank, 0 = none
    soon: np.ndarray
    current: np.ndarray  # level bits an applicant must be at, 0 = any
    maybe: np.ndarray  # level bits that may be in (researcher profiles): "check"
    final_year: np.ndarray
    max_years: np.ndarray  # years since the doctorate, -1 = no limit
    zoned: np.ndarray  # the deadline names its time zone (may end after the office's midnight)

    @classmethod
    def empty(cls, n: int) -> RequirementColumns:
        """Columns for ``n`` calls with no requirement."""
        return cls(
            min_age=np.full(n, np.nan, np.float32),
            max_age=np.full(n, np.nan, np.float32),
            age_ref=np.zeros(n, np.int8),
            age_ref_day=np.full(n, -1, np.int64),
            born_after=np.full(n, -1, np.int64),
            deadline=np.full(n, -1, np.int64),
            holds=np.zeros(n, np.int8),
            soon=np.zeros(n, bool),
            current=np.zeros(n, np.int32),
            maybe=np.zeros(n, np.int32),
            final_year=np.zeros(n, bool),
            max_years=np.full(n, -1, np.int16),
            zoned=np.zeros(n, bool),
        )

    def add(self, i: int, req: Requirements, deadline: date | None, zone: object = None) -> None:
        """Fill row ``i`` from one call's requirements (and its deadline's stated zone)."""
        self.zoned[i] = bool(zone) and zone != "local"
        age = req.age
        self.min_age[i] = np.nan if age.min_age is None else age.min_age
        self.max_age[i] = np.nan if age.max_age is None else age.max_age
        if isinstance(age.reference, date):
            self.age_ref[i], self.age_ref_day[i] = REF_FIXED, age.reference.toordinal()
        else:
            self.age_ref[i] = _REFS.get(age.reference, REF_DEADLINE)
        if age.born_on_or_after is not None:
            self.born_after[i] = age.born_on_or_after.toordinal()
        if deadline is not None:
            self.deadline[i] = deadline.toordinal()
        stage = req.stage
        self.holds[i] = DEGREE_RANK.get(stage.holds or "", 0)
        self.soon[i] = stage.soon
        self.current[i] = level_bits(stage.current)
        for name in stage.researcher_profiles:
            sure, maybe = RESEARCHER_PROFILES.get(name.upper(), ((), ()))
            self.current[i] |= level_bits(sure)
            self.maybe[i] |= level_bits(maybe)
        self.maybe[i] &= ~self.current[i]
        self.final_year[i] = stage.final_year
        if stage.max_years_since_doctorate is not None:
            self.max_years[i] = stage.max_years_since_doctorate

    def extend(self, more: RequirementColumns) -> RequirementColumns:
        """These rows followed by ``more``'s."""
        return RequirementColumns(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(more, f.name)])
                for f in fields(self)
            }
        )

    def reference_days(self, o: np.ndarray, today: date) -> tuple[np.ndarray, np.ndarray]:
        """Ordinals on which the maximum and the minimum age of calls ``o`` are judged.

        "At the time of application" is any day from today to the deadline: the youngest the
        person will be is today (for a maximum), the oldest on the deadline (for a minimum).
        """
        now = today.toordinal()
        closing = np.where(self.deadline[o] >= 0, self.deadline[o], now)
        ref = self.age_ref[o]
        year_end = _year_end(closing)
        common = np.select(
            [ref == REF_FIXED, ref == REF_YEAR_END], [self.age_ref_day[o], year_end], closing
        )
        for_max = np.where(ref == REF_APPLICATION, np.minimum(now, closing), common)
        return for_max, common


def level_bits(levels: Iterable[Level | str]) -> int:
    """The OR of the bits of ``levels`` (names that are no level are skipped)."""
    mask = 0
    for level in levels:
        try:
            mask |= LEVEL_BIT[Level(level)]
        except ValueError:
            continue
    return mask


_EPOCH = date(1970, 1, 1).toordinal()


def _year_end(ordinals: np.ndarray) -> np.ndarray:
    """Ordinal of 31 December of each ordinal's year."""
    years = (ordinals - _EPOCH).astype("datetime64[D]").astype("datetime64[Y]")
    next_jan = (years + 1).astype("datetime64[D]").astype(np.int64)
    return next_jan + _EPOCH - 1


def stage_codes(
    cols: RequirementColumns,
    level: Level | None,
    doctorate_year: int,
    final_year: int,
    today: date,
) -> np.ndarray:
    """Stage decision of one person (current ``level``; ``doctorate_year`` -1 unknown;
    ``final_year`` -1 unknown, 0, 1) against every call."""
    n = len(cols.holds)
    code = np.full(n, StageCode.NONE, np.int8)
    worse = _worse(code)
    held, studying = HELD_RANK.get(level, (-1, -1)) if level is not None else (-1, -1)
    if level is Level.FACULTY and doctorate_year >= 0:
        held = 3
    # Degree held: surely held -> OK; being finished -> OK when the call says "or will soon
    # hold", else check (it may be finished by the start); unknown level -> check.
    asks = cols.holds > 0
    if held < 0:
        worse(asks, StageCode.CHECK)
    else:
        ok = asks & (cols.holds <= held)
        finishing = asks & ~ok & (cols.holds <= studying)
        worse(ok, StageCode.OK)
        worse(finishing & cols.soon, StageCode.OK)
        worse(finishing & ~cols.soon, StageCode.CHECK)
        unsure = level is Level.FACULTY  # a lecturer's doctorate is not in the profile
        worse(asks & ~ok & ~finishing, StageCode.CHECK if unsure else StageCode.FAIL)
    # Level now ("final-year bachelor students", researcher profiles).
    limited = cols.current != 0
    if level is None:
        worse(limited, StageCode.CHECK)
    else:
        bit = LEVEL_BIT[level]
        inside = limited & ((cols.current & bit) != 0)
        worse(inside & ~cols.final_year, StageCode.OK)
        year = {1: StageCode.OK, 0: StageCode.FAIL}.get(final_year, StageCode.CHECK)
        worse(inside & cols.final_year, year)
        worse(limited & ~inside & ((cols.maybe & bit) != 0), StageCode.CHECK)
        worse(limited & ~inside & ((cols.maybe & bit) == 0), StageCode.FAIL)
    # Years since the doctorate, counted to the deadline's year.
    capped = cols.max_years >= 0
    if doctorate_year >= 0:
        closing = np.where(cols.deadline >= 0, cols.deadline, today.toordinal())
        years = _years(closing) - doctorate_year
        worse(capped & (years <= cols.max_years), StageCode.OK)
        worse(capped & (years > cols.max_years), StageCode.FAIL)
    elif held >= 3 or studying >= 3 or level is None or level is Level.FACULTY:
        worse(capped, StageCode.CHECK)
    else:
        worse(capped, StageCode.FAIL)  # a bachelor or master student holds no doctorate
    return code


def _worse(code: np.ndarray):
    def apply(where: np.ndarray, value: int) -> None:
        code[where] = np.maximum(code[where], value)

    return apply


def _years(ordinals: np.ndarray) -> np.ndarray:
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype(np.int64) + 1970
