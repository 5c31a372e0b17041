"""One restriction written many ways (en/ru/uz, body or title) gives one eligibility decision.

Each call goes through the real normaliser (crawlers.normalize.opportunity) and the real
matcher (matcher.MatchIndex); the decision per person must not depend on the wording.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.normalize.opportunity import normalize_opportunity
from domain import Level, Profile, Role
from feeds.reasons import render_all
from matcher import MatchIndex

TODAY = date(2026, 12, 1)
DEADLINE = "Deadline: 15 March 2027."


BACKGROUND = [
    "Summer school in medieval history", "Grant for marine biology fieldwork",
    "Fellowship in comparative literature", "Exchange semester in music performance",
    "Workshop on dairy farming", "Scholarship for law students", "Olympiad in mathematics",
    "Internship in journalism", "Conference on veterinary medicine", "Award for poetry",
]


def _decisions(calls: list[dict], people: list[Profile]) -> dict[str, dict[str, str]]:
    """Per call title: person id -> "eligible" | "check" | "hidden"."""
    records = []
    for i, call in enumerate(calls):
        raw = {
            "source": "meta", "url": f"https://example.org/{i}", "external_id": str(i),
            "eligible_countries": ["UZ"], **call,
        }  # fmt: skip
        records.append(normalize_opportunity(raw, today=TODAY))
    # Calls on other topics around them, as in any real corpus: with only paraphrases of one
    # call, every topic word is in every document and BM25 gives it no weight at all.
    background = [
        normalize_opportunity(
            {"source": "other", "url": f"https://example.org/other/{j}", "external_id": str(j),
             "title": title, "summary": f"Open to everyone. {DEADLINE}"},
            today=TODAY,
        )
        for j, title in enumerate(BACKGROUND)
    ]  # fmt: skip
    matches = MatchIndex(records + background).match(people, TODAY, limit=100)
    out = {}
    for record, call in zip(records, calls, strict=True):
        shown = {m.profile_id: str(m.eligibility) for m in matches if m.opportunity_id == record.id}
        out[call["title"] + " | " + call.get("summary", "")] = {
            p.id: shown.get(p.id, "hidden") for p in people
        }
    return out


def _person(pid: str, role: Role, level: Level, **kw) -> Profile:
    kw.setdefault("citizenship", "UZ")
    kw.setdefault("interests", "solar energy photovoltaics")
    return Profile(id=pid, name=pid, role=role, level=level, **kw)


def _assert_same(calls, people, expected):
    got = _decisions(calls, people)
    wrong = {text: d for text, d in got.items() if d != expected}
    assert not wrong, f"expected {expected}, got {wrong}"


# -- career stage: a doctoral position that requires a master's degree ------------------------

MASTER_REQUIRED = [
    # English
    (
        "PhD position in solar energy",
        "Applicants must hold a master's degree in physics or engineering.",
    ),
    ("PhD position in solar energy", "A completed Master's degree (or equivalent) is required."),
    ("PhD position in solar energy", "Candidates should have an MSc in a relevant field."),
    ("PhD position in solar energy", "Open to holders of a master's degree in photovoltaics."),
    (
        "PhD position in solar energy",
        "Requirements: Master's degree in engineering, physics or chemistry.",
    ),
    (
        "Doctoral position in solar energy for master's degree holders",
        "Solar energy photovoltaics research.",
    ),
    # Russian
    ("Аспирантура: солнечная энергетика (solar energy)", "Требуется наличие степени магистра."),
    ("Аспирантура: солнечная энергетика (solar energy)", "Кандидаты должны иметь диплом магистра."),
    (
        "Аспирантура: солнечная энергетика (solar energy)",
        "Принимаются обладатели степени магистра по физике.",
    ),
    (
        "Аспирантура: солнечная энергетика (solar energy)",
        "Приглашаются выпускники магистратуры технических вузов.",
    ),
    (
        "Аспирантура: солнечная энергетика (solar energy)",
        "Необходим диплом магистра или специалиста.",
    ),
    # Uzbek
    (
        "Doktorantura: quyosh energetikasi (solar energy)",
        "Magistr darajasiga ega bo'lgan nomzodlar qabul qilinadi.",
    ),
    (
        "Doktorantura: quyosh energetikasi (solar energy)",
        "Nomzodlar magistr diplomiga ega bo'lishi kerak.",
    ),
    (
        "Doktorantura: quyosh energetikasi (solar energy)",
        "Magistraturani tamomlagan nomzodlar ariza topshirishi mumkin.",
    ),
    ("Doktorantura: quyosh energetikasi (solar energy)", "Magistratura bitiruvchilari uchun."),
    ("Doktorantura: quyosh energetikasi (solar energy)", "Talab: magistr diplomi talab etiladi."),
]


def test_master_required_for_a_doctorate_is_one_decision():
    people = [
        _person("bachelor", Role.STUDENT, Level.BACHELOR, target_levels=["phd"]),
        _person("phd", Role.STUDENT, Level.PHD),
    ]
    calls = [{"title": t, "summary": f"{s} {DEADLINE}"} for t, s in MASTER_REQUIRED]
    _assert_same(calls, people, {"bachelor": "hidden", "phd": "eligible"})


# -- career stage: final-year bachelor students --------------------------------------------------

FINAL_YEAR = [
    ("Master's scholarship in solar energy", "Open to final-year bachelor students."),
    (
        "Master's scholarship in solar energy",
        "Applicants must be undergraduate students in their final year.",
    ),
    (
        "Master's scholarship in solar energy",
        "Eligible: bachelor students in the last year of their studies, final-year bachelor.",
    ),
    ("Master's scholarship in solar energy", "For graduating bachelor students (final year)."),
    (
        "Master's scholarship in solar energy for final-year bachelor students",
        "Photovoltaics and solar energy.",
    ),
    (
        "Магистратура: солнечная энергетика (solar energy)",
        "Приглашаются студенты выпускного курса бакалавриата.",
    ),
    (
        "Магистратура: солнечная энергетика (solar energy)",
        "Для студентов последнего курса бакалавриата.",
    ),
    (
        "Магистратура: солнечная энергетика (solar energy)",
        "Участники: студенты четвертого курса бакалавриата.",
    ),
    (
        "Магистратура: солнечная энергетика (solar energy)",
        "Заявки принимаются от студентов бакалавриата последнего курса.",
    ),
    (
        "Магистратура для студентов выпускного курса бакалавриата (solar energy)",
        "Солнечная энергетика.",
    ),
    (
        "Magistratura: quyosh energetikasi (solar energy)",
        "Bakalavriat bitiruvchi kurs talabalari uchun.",
    ),
    (
        "Magistratura: quyosh energetikasi (solar energy)",
        "Bakalavr oxirgi kurs talabalari ariza topshirishi mumkin.",
    ),
    (
        "Magistratura: quyosh energetikasi (solar energy)",
        "Bitiruvchi kurs bakalavr talabalari qatnashadi.",
    ),
    ("Magistratura: quyosh energetikasi (solar energy)", "Bakalavriat 4-kurs talabalari uchun."),
    (
        "Magistratura: quyosh energetikasi (solar energy)",
        "Faqat bakalavriatning so'nggi kurs talabalari.",
    ),
]


def test_final_year_bachelor_is_one_decision():
    people = [
        _person("final", Role.STUDENT, Level.BACHELOR, details={"final_year": True}),
        _person("unsure", Role.STUDENT, Level.BACHELOR),
        _person("master", Role.STUDENT, Level.MASTER, target_levels=["master", "phd"]),
    ]
    calls = [{"title": t, "summary": f"{s} {DEADLINE}"} for t, s in FINAL_YEAR]
    _assert_same(calls, people, {"final": "eligible", "unsure": "check", "master": "hidden"})


# -- age: at most 30 on the deadline -------------------------------------------------------------

AGE_30 = [
    "Applicants must not have reached 31 by the closing date.",
    "Applicants must be under 31 years of age at the deadline.",
    "Maximum age: 30 years on the application deadline.",
    "Open to applicants aged 30 or younger.",
    "Applicants must not be older than 30 on the closing date.",
    "Age limit: 30 years.",
    "Участники не старше 30 лет на дату окончания приёма заявок.",
    "Возраст участника — не более 30 лет.",
    "Приглашаются молодые учёные, не достигшие 31 года.",
    "К участию допускаются лица моложе 31 года.",
    "Возраст: до 30 лет включительно.",
    "Nomzodlarning yoshi 30 dan oshmagan bo'lishi kerak.",
    "30 yoshdan oshmagan yoshlar ishtirok etishi mumkin.",
    "Ishtirokchilar 31 yoshgacha bo'lishi kerak.",
    "Yoshi 31 dan kichik bo'lgan talabalar.",
    "30 yoshdan katta bo'lmagan nomzodlar.",
]


AGE_30_TITLES = [
    "Solar Energy Young Researchers Grant (30 or younger)",
    "Solar energy grant for applicants under 31",
    "Грант по солнечной энергетике для учёных не старше 30 лет",
    "Quyosh energetikasi grantlari: 30 yoshdan oshmagan olimlar uchun",
    "Quyosh energetikasi bo'yicha grant (31 yoshgacha)",
]


def test_age_limit_in_the_title_only_is_the_same_decision():
    people = [
        _person("thirty", Role.FACULTY, Level.FACULTY, birth_date=date(1996, 3, 16)),
        _person("turns31", Role.FACULTY, Level.FACULTY, birth_date=date(1996, 3, 15)),
    ]
    calls = [
        {"title": t, "summary": f"Solar energy photovoltaics. {DEADLINE}"} for t in AGE_30_TITLES
    ]
    _assert_same(calls, people, {"thirty": "eligible", "turns31": "hidden"})


def test_age_limit_is_one_decision_on_the_deadline():
    # 30 until 14 March 2027, 31 from 15 March (the deadline); a match day earlier changes nothing.
    people = [
        _person("thirty", Role.FACULTY, Level.FACULTY, birth_date=date(1996, 3, 16)),
        _person("turns31", Role.FACULTY, Level.FACULTY, birth_date=date(1996, 3, 15)),
        _person("nobirth", Role.FACULTY, Level.FACULTY),
    ]
    calls = [{"title": "Solar energy research grant", "summary": f"{s} {DEADLINE}"} for s in AGE_30]
    _assert_same(calls, people, {"thirty": "eligible", "turns31": "hidden", "nobirth": "check"})


def test_age_reference_dates():
    turns31_jan = _person("jan", Role.FACULTY, Level.FACULTY, birth_date=date(1996, 1, 10))
    calls = [
        # on the deadline (15 March 2027) they are 31: out
        {
            "title": "Solar grant A",
            "summary": f"Applicants must be 30 or younger on the closing date. {DEADLINE}",
        },
        # at the time of application: they can apply now (December 2026), aged 30
        {
            "title": "Solar grant B",
            "summary": f"Не старше 30 лет на момент подачи заявки. {DEADLINE}",
        },
        # judged on a fixed day before their birthday
        {
            "title": "Solar grant C",
            "summary": f"Applicants must be 30 or younger as of 1 January 2027. {DEADLINE}",
        },
        # 31 December of the year: 31 by then
        {
            "title": "Solar grant D",
            "summary": f"Age limit: 30 years on 31 December of the year of the call. {DEADLINE}",
        },
    ]
    got = _decisions(calls, [turns31_jan])
    assert [d["jan"] for d in got.values()] == ["hidden", "eligible", "eligible", "hidden"]


# -- language: English C1 ------------------------------------------------------------------------

ENGLISH_C1 = [
    "A CEFR C1 certificate in English is required.",
    "Applicants need English at C1 level (CEFR).",
    "Proof of English proficiency: C1.",
    "English language skills at level C1 of the CEFR.",
    "Minimum English level: C1.",
    "Требуется владение английским языком на уровне C1.",
    "Сертификат английского языка уровня C1.",
    "Английский язык — не ниже уровня C1.",
    "Знание английского языка на уровне C1 (CEFR).",
    "Необходим уровень C1 по английскому языку.",
    "Ingliz tili bo'yicha C1 darajasidagi sertifikat talab etiladi.",
    "Ingliz tilini C1 darajasida bilish.",
    "Ingliz tili C1 darajasida.",
    "Nomzodlar ingliz tilidan C1 sertifikatiga ega bo'lishi kerak.",
    "Til talabi: ingliz tili, C1 daraja.",
]


def test_english_c1_is_one_decision_against_any_listed_result():
    people = [
        _person("ielts", Role.FACULTY, Level.FACULTY, details={"language_tests": {"IELTS": 7.5}}),
        _person("toefl", Role.FACULTY, Level.FACULTY, details={"language_tests": {"TOEFL": 100}}),
        _person("b2", Role.FACULTY, Level.FACULTY, details={"language_tests": {"English": "B2"}}),
        _person("ru", Role.FACULTY, Level.FACULTY, details={"language_tests": {"Russian": "C2"}}),
    ]
    calls = [{"title": "Solar energy fellowship", "summary": f"{s} {DEADLINE}"} for s in ENGLISH_C1]
    _assert_same(
        calls, people, {"ielts": "eligible", "toefl": "eligible", "b2": "hidden", "ru": "check"}
    )


@pytest.mark.parametrize(
    ("held", "decision"),
    [
        ({"English": "C1"}, "eligible"),
        ({"English": "B2"}, "check"),
        ({"English": "B1"}, "hidden"),
        ({"IELTS": 7.0}, "eligible"),
        ({"Duolingo": 130}, "eligible"),
        ({"TOEFL": 79}, "hidden"),
    ],
)
def test_toefl_80_compared_with_levels_both_ways(held, decision):
    person = _person("p", Role.FACULTY, Level.FACULTY, details={"language_tests": held})
    calls = [{"title": "Solar energy fellowship", "summary": f"TOEFL iBT 80 required. {DEADLINE}"}]
    [got] = _decisions(calls, [person]).values()
    assert got["p"] == decision


def test_reason_names_the_language_not_a_code():
    person = _person(
        "p", Role.FACULTY, Level.FACULTY, details={"language_tests": {"English": "B2"}}
    )
    record = normalize_opportunity(
        {"source": "meta", "url": "https://example.org/x", "title": "Solar energy fellowship",
         "summary": f"English B2 level (CEFR) required. {DEADLINE}", "eligible_countries": ["UZ"]},
        today=TODAY,
    )  # fmt: skip
    [m] = MatchIndex([record]).match([person], TODAY)
    text = " ".join(render_all(m.reasons, "en"))
    assert "English B2 met by your English B2" in text and "Cefr" not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "check eligibility: asks for TOEFL 80; your English B2 corresponds to TOEFL 72 to under 95",
        ),
        (
            "ru",
            "проверьте условия: требуется TOEFL 80; ваш уровень английский B2 соответствует TOEFL от 72",
        ),
        (
            "uz",
            "shartlarni tekshiring: TOEFL 80 talab qilinadi; sizning ingliz tili B2 darajangiz TOEFL 72",
        ),
    ],
)
def test_language_reason_in_the_readers_language(language, expected):
    person = _person("p", Role.FACULTY, Level.FACULTY, language=language,
                     details={"language_tests": {"English": "B2"}})  # fmt: skip
    record = normalize_opportunity(
        {"source": "meta", "url": "https://example.org/t", "title": "Solar energy fellowship",
         "summary": f"TOEFL iBT 80 required. {DEADLINE}", "eligible_countries": ["UZ"]},
        today=TODAY,
    )  # fmt: skip
    [m] = MatchIndex([record]).match([person], TODAY)
    shown = render_all(m.reasons, language)  # rendered where shown, in the reader's language
    assert any(r.startswith(expected) and '("TOEFL iBT 80 required.")' in r for r in shown), shown


def test_age_and_stage_reasons_in_russian_and_uzbek():
    ru = _person("ru", Role.FACULTY, Level.FACULTY, language="ru")
    uz = _person("uz", Role.STUDENT, Level.BACHELOR, language="uz")
    record = normalize_opportunity(
        {"source": "meta", "url": "https://example.org/r", "title": "Solar energy grant",
         "summary": f"Не старше 35 лет на момент подачи заявки. {DEADLINE}",
         "eligible_countries": ["UZ"]},
        today=TODAY,
    )  # fmt: skip
    stage = normalize_opportunity(
        {"source": "meta", "url": "https://example.org/s", "title": "Solar energy master's scholarship",
         "summary": f"Open to final-year bachelor students. {DEADLINE}", "eligible_countries": ["UZ"]},
        today=TODAY,
    )  # fmt: skip
    matches = MatchIndex([record, stage]).match([ru, uz], TODAY)
    reasons = {(m.profile_id, m.opportunity_id): render_all(m.reasons, m.profile_id) for m in matches}
    assert any(
        r.startswith(
            "проверьте условия: ограничение по возрасту до 35 лет включительно на момент подачи"
        )
        for r in reasons[("ru", record.id)]
    ), reasons
    assert any(
        r.startswith("shartlarni tekshiring: bitiruvchi kurs talabalari uchun (bakalavriat)")
        for r in reasons[("uz", stage.id)]
    ), reasons
