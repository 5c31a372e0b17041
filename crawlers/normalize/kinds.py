"""Opportunity kind (scholarship, grant, internship...) from keywords in English, Russian and Uzbek.

Rules are tried in priority order, so "scholarship grant" is a scholarship and "staff mobility
grant" is staff mobility. The Russian "конкурс" (also used for grant calls) comes last, as a grant;
the Uzbek "tanlov" (a competition) is one unless it is a call for grants ("grantlar tanlovi"),
which the grant rule has already caught by then.
"""

import re

from crawlers.normalize.text import fold
from domain.vocabulary import Kind

_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.COMPETITION, re.compile(
        r"olympiad|олимпиад|olimpiada|hackathon|хакатон|\bcontest\b|\bprize\b|musobaqa|"
        r"\bchallenge\b|конкурс (?:работ|проектов|эссе)"
    )),
    (Kind.CONFERENCE, re.compile(
        r"conference|symposium|congress|call for (?:papers|abstracts)|конференц|симпозиум|"
        r"конгресс|konferensiya|конференция|anjuman|анжуман"
    )),
    (Kind.INTERNSHIP, re.compile(
        r"internship|\bintern\b|traineeship|стажировк|стажёр|стажер|stajirovka|amaliyot"
    )),
    (Kind.STAFF_MOBILITY, re.compile(
        r"staff (?:mobility|exchange|training)|teaching mobility|"
        r"mobility (?:of|for) (?:staff|teachers)|"
        r"мобильност\w* (?:преподавател|сотрудник|персонал)|xodimlar (?:mobilligi|almashinuvi)"
    )),
    (Kind.FELLOWSHIP, re.compile(r"fellowship|\bfellows?\b|феллоушип|стипендиальн\w+ програм")),
    (Kind.SCHOLARSHIP, re.compile(
        r"scholarship|bursary|tuition waiver|стипенди|stipendiya|стипендия|grant for study|"
        r"study grant|учебн\w+ грант"
    )),
    (Kind.EXCHANGE, re.compile(
        # A short research stay or visit abroad is a mobility, like an exchange semester.
        r"research stays?\b|research visits?\b|"
        r"visiting (?:phd|doctoral) (?:students?|researchers?)|"
        r"научн\w+ визит|ilmiy safar|"
        r"exchange|credit mobility|student mobility|academic mobility|\bmobility\b|обмен|"
        r"академическ\w+ мобильност|almashinuv|akademik mobillik|мобильност"
    )),
    (Kind.TRAINING, re.compile(
        r"training|summer school|winter school|spring school|\bworkshop|bootcamp|\bcourse\b|"
        r"тренинг|летн\w+ школ|зимн\w+ школ|курсы|повышени\w+ квалификаци|trening|malaka oshirish|"
        r"yozgi maktab|o'quv kurs"
    )),
    (Kind.PARTNERSHIP, re.compile(
        r"partnership|consortium|capacity building|cooperation project|jean monnet|"
        r"партнерств|партнёрств|консорциум|hamkorlik|ҳамкорлик"
    )),
    (Kind.GRANT, re.compile(
        r"\bgrants?\b|\bgrant(?:lar\w*|ga|i|ni|dan)\b|funding opportunit|call for proposals|"
        r"research funding|notice of funding|"
        r"\bnofo\b|\bfoa\b|cooperative agreement|\baward|грант|финансировани|moliyalashtir|"
        r"молиялаштир|(?:research and )?innovation action|coordination and support action|"
        r"конкурс|\bcompetition"
    )),
    # "Yosh muhandislar g'oyalar tanlovi": a competition (a call for grants matched above).
    (Kind.COMPETITION, re.compile(r"\btanlov|\bтанлов")),
)


def find_kind(*texts: object) -> Kind | None:
    """The kind the first text that names one says (texts by authority: kind, title, summary)."""
    for text in texts:
        try:
            folded = fold(text)
        except Exception:  # never crash a crawl on odd input
            continue
        if not folded:
            continue
        for kind, pattern in _RULES:
            if pattern.search(folded):
                return kind
    return None


def kind_of(value: object) -> Kind | None:
    """A typed kind ("grant", "Staff mobility", "стажировка") as a Kind, else None."""
    if isinstance(value, Kind):
        return value
    try:
        return Kind(fold(value).replace(" ", "-").replace("_", "-"))
    except ValueError:
        return find_kind(value)
