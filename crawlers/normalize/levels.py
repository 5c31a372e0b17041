"""Study and career levels (bachelor ... faculty) from keywords in English, Russian and Uzbek.

Research staff ("научные сотрудники", "ilmiy xodimlar") are researchers, postdoc or faculty;
only the staff left once they are set aside (administrators, "сотрудники офиса") are staff.
"""

import re

from crawlers.normalize.text import fold
from domain.vocabulary import Level

_RULES: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (Level.BACHELOR, re.compile(
        r"\bbachelor|\bundergraduate|\bb\.? ?sc\b|\bb\.? ?eng\b|бакалавр|bakalavr|first[- ]cycle"
    )),
    (Level.MASTER, re.compile(
        r"\bmaster'?s?\b(?! ?class| ?plan)|\bmasters? (?:degree|programme|program|student)|"
        r"\bm\.? ?sc\b|\bmba\b|\bllm\b|\bpostgraduate|"
        r"\bgraduate (?:students?|studies|study|degree)|"
        r"магистр|magistr|магистратур|second[- ]cycle"
    )),
    (Level.PHD, re.compile(
        r"\bph\.? ?d|\bdoctoral|\bdoctorate|\bd\.? ?phil\b|аспирант|докторант|doktorant|"
        r"doktorantura|tayanch doktorant|\bpostgraduate|\bgraduate (?:students?|studies)|"
        r"кандидат наук|third[- ]cycle"
    )),
    (Level.POSTDOC, re.compile(
        r"\bpost-? ?doc|\bpostdoctoral|постдок|post-?doktor|постдоктор|"
        r"early[- ]career (?:researcher|scientist)|научн\w* сотрудник|ilmiy xodim|илмий ходим|"
        r"\bresearch staff"
    )),
    (Level.FACULTY, re.compile(
        r"\bfaculty\b|\bprofessors?\b|\blecturers?\b|academic staff|teaching staff|research staff|"
        r"(?<!doctoral )(?<!career )\bresearchers\b|"
        r"principal investigator|\binvestigators?\b|senior (?:researcher|scientist)|"
        # "Visiting Scholar", "for scholars from …": established academics ("scholarship" is not)
        r"\bvisiting scholars?\b|\bscholars\b|\bacademics\b|"
        r"профессор|преподавател|доцент|научн\w* сотрудник|исследовател(?!ьск)|o'qituvchi|"
        r"professor-o'qituvchi|ilmiy xodim|tadqiqotchi|ўқитувчи|илмий ходим"
    )),
    (Level.STAFF, re.compile(
        r"(?<!academic )(?<!teaching )\bstaff\b|administrative|non-academic|university employees|"
        r"сотрудник|персонал|xodimlar|ходимлар"
    )),
)
# Research staff, removed before the staff rule looks ("научные сотрудники" are not admin staff).
_RESEARCH_STAFF = re.compile(
    r"(?:научн|младш|старш|ведущ|главн)\w* (?:научн\w* )?сотрудник\w*|ilmiy xodim\w*|"
    r"илмий ходим\w*|research staff|academic staff|teaching staff|"
    r"профессорско-преподавательск\w* состав\w*"
)
_ANY = re.compile(
    r"all (?:study |academic |degree )?levels|any (?:study |academic |degree )?level|"
    r"все уровни|любого уровня|barcha (?:bosqich|daraja)"
)


def find_levels(text: object) -> list[Level]:
    """Levels named in ``text`` in vocabulary order; [Level.ANY] for "all levels"; never raises."""
    try:
        folded = fold(text)
    except Exception:  # never crash a crawl on odd input
        return []
    if _ANY.search(folded):
        return [Level.ANY]
    without_researchers = _RESEARCH_STAFF.sub(" ", folded)
    return [
        level for level, pattern in _RULES
        if pattern.search(without_researchers if level is Level.STAFF else folded)
    ]


def level_of(value: object) -> Level | None:
    """A typed level value ("master", "PhD", "магистратура") as a Level, else None."""
    if isinstance(value, Level):
        return value
    try:
        return Level(fold(value))
    except ValueError:
        found = find_levels(value)
        return found[0] if len(found) == 1 else None
