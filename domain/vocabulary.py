"""Enumerations shared by every package: opportunity kinds, levels, statuses, roles."""

from enum import StrEnum


class Kind(StrEnum):
    """What sort of opportunity a call is."""

    SCHOLARSHIP = "scholarship"
    GRANT = "grant"
    FELLOWSHIP = "fellowship"
    EXCHANGE = "exchange"
    INTERNSHIP = "internship"
    STAFF_MOBILITY = "staff-mobility"
    PARTNERSHIP = "partnership"
    COMPETITION = "competition"
    TRAINING = "training"
    CONFERENCE = "conference"
    OTHER = "other"


class Level(StrEnum):
    """Career or study level a call is open to (or a person is at)."""

    BACHELOR = "bachelor"
    MASTER = "master"
    PHD = "phd"
    POSTDOC = "postdoc"
    FACULTY = "faculty"
    STAFF = "staff"
    ANY = "any"


class Status(StrEnum):
    """Lifecycle of an opportunity."""

    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


class Role(StrEnum):
    """Who a profile belongs to."""

    FACULTY = "faculty"
    STUDENT = "student"
    STAFF = "staff"


class Eligibility(StrEnum):
    """Outcome of the hard filters for one (profile, opportunity) pair."""

    ELIGIBLE = "eligible"
    CHECK = "check"
    INELIGIBLE = "ineligible"


# Levels a student can be at; faculty/staff/postdoc are employees.
STUDENT_LEVELS = frozenset({Level.BACHELOR, Level.MASTER, Level.PHD})
EMPLOYEE_LEVELS = frozenset({Level.POSTDOC, Level.FACULTY, Level.STAFF})


# Ranking systems by their stored key, with the name people know them by.
RANKING_SYSTEMS = {
    "the": "THE",  # Times Higher Education World University Rankings
    "qs": "QS",  # QS World University Rankings
    "arwu": "ARWU",  # ShanghaiRanking Academic Ranking of World Universities
    "webometrics": "Webometrics",
}


def ranking_name(system: str) -> str:
    """The display name of a ranking system key ("the" → "THE"); unknown keys unchanged."""
    return RANKING_SYSTEMS.get(system.lower(), system)


# Words a source's `schedule` may use, as the cron expressions (minute hour day month
# weekday, in the office's time zone) they stand for. Crawls run at night so feeds and
# digests are fresh in the morning; any other schedule is a 5-field cron expression.
SCHEDULE_WORDS = {"hourly": "17 * * * *", "daily": "30 2 * * *", "weekly": "30 3 * * 1"}
