"""Synthetic but realistic data for bench/scale.py: calls and people in English, Russian and
Uzbek, with the eligibility facts the matcher reads (nationality groups, levels, age, language
tests) written into the text as real calls state them. Deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status

# (en, ru, uz) for each topic: calls and people name their field in their own language.
TOPICS = [
    ("renewable energy", "возобновляемая энергетика", "qayta tiklanuvchi energiya"),
    ("machine learning", "машинное обучение", "mashinali o'qitish"),
    ("public health", "общественное здравоохранение", "jamoat salomatligi"),
    ("water resources", "водные ресурсы", "suv resurslari"),
    ("agriculture", "сельское хозяйство", "qishloq xo'jaligi"),
    ("economics", "экономика", "iqtisodiyot"),
    ("linguistics", "лингвистика", "tilshunoslik"),
    ("civil engineering", "гражданское строительство", "qurilish muhandisligi"),
    ("chemistry", "химия", "kimyo"),
    ("education", "образование", "ta'lim"),
    ("climate change", "изменение климата", "iqlim o'zgarishi"),
    ("computer science", "информатика", "informatika"),
    ("medicine", "медицина", "tibbiyot"),
    ("history", "история", "tarix"),
    ("mathematics", "математика", "matematika"),
    ("law", "право", "huquq"),
]
LANGS = ("en", "ru", "uz")
# Who may apply, as calls word it (None: open to all).
ELIGIBILITY = {
    "en": ["Open to citizens of Central Asia.", "Open to all nationalities.",
           "Applicants from developing countries are eligible.", "EU citizens only.", None],
    "ru": ["Для граждан стран Центральной Азии.", "Для граждан всех стран.",
           "Только для граждан стран СНГ.", None],
    "uz": ["O'zbekiston fuqarolari uchun.", "Markaziy Osiyo fuqarolari uchun.", None],
}  # fmt: skip
EXTRAS = {
    "en": ["Applicants must be under 35.", "IELTS 6.5 or equivalent required.", ""],
    "ru": ["Возраст до 35 лет.", "Требуется IELTS 6.5.", ""],
    "uz": ["Yoshi 35 dan oshmagan.", "IELTS 6.5 talab qilinadi.", ""],
}
WHAT = {
    "en": ("{kind} for {level} research in {topic}", "Funding for {topic} at partner universities."),
    "ru": ("{kind} для исследований в области: {topic}", "Финансирование проектов: {topic}."),
    "uz": ("{topic} bo'yicha {kind}", "{topic} sohasidagi tadqiqotlar uchun grant."),
}
KIND_WORD = {"en": "Scholarship", "ru": "Стипендия", "uz": "stipendiya"}
KINDS = [Kind.SCHOLARSHIP, Kind.GRANT, Kind.FELLOWSHIP, Kind.EXCHANGE, Kind.INTERNSHIP]
LEVELS = [Level.BACHELOR, Level.MASTER, Level.PHD, Level.POSTDOC, Level.FACULTY]
COUNTRIES = ["UZ"] * 6 + ["KZ", "KG", "TJ", "TM", "RU", "AF"]


def calls(n: int, today: date, open_share: float, seed: int = 1) -> Iterator[OpportunityRecord]:
    """``n`` calls from ~2,000 sources over the last years; ``open_share`` of them still open."""
    rng = random.Random(seed)
    for i in range(n):
        lang = LANGS[i % 3]
        topic = rng.choice(TOPICS)[LANGS.index(lang)]
        levels = rng.sample(LEVELS, rng.randint(1, 2))
        title, summary = WHAT[lang]
        is_open = rng.random() < open_share
        deadline = today + timedelta(days=rng.randint(1, 180) if is_open else -rng.randint(1, 1500))
        text = " ".join(filter(None, [summary.format(topic=topic), rng.choice(ELIGIBILITY[lang]),
                                      rng.choice(EXTRAS[lang])]))  # fmt: skip
        yield OpportunityRecord(
            f"src{i % 2000}/call-{i}", f"src{i % 2000}", f"https://src{i % 2000}.example.org/{i}",
            title.format(kind=KIND_WORD[lang], level=levels[0].value, topic=topic),
            summary=text, kind=rng.choice(KINDS), levels=levels, deadline=deadline,
            status=Status.OPEN if is_open else Status.EXPIRED, language=lang,
        )  # fmt: skip


def people(n: int, today: date, daily_share: float, seed: int = 2) -> Iterator[Profile]:
    """``n`` students and staff of every university; ``daily_share`` want daily digests."""
    rng = random.Random(seed)
    for i in range(n):
        lang = LANGS[i % 3]
        interests = [t[LANGS.index(lang)] for t in rng.sample(TOPICS, rng.randint(1, 3))]
        level = rng.choice(LEVELS)
        yield Profile(
            f"u{i:07d}", f"Person {i}", Role.FACULTY if level == Level.FACULTY else Role.STUDENT,
            email=f"u{i:07d}@uni{i % 120}.example.uz", language=lang,
            interests=", ".join(interests), level=level, citizenship=rng.choice(COUNTRIES),
            birth_date=today - timedelta(days=365 * rng.randint(19, 60)),
            details={"digest": "daily" if rng.random() < daily_share else "weekly"},
        )  # fmt: skip
