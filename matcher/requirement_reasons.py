"""Reasons about a call's age, language and career-stage requirements, in the reader's language.

English, Russian and Uzbek (Latin); any other language reads English. The requirement is
quoted with the call's own sentence, whatever language that is in.
"""

from __future__ import annotations

from datetime import date

from domain.language_levels import LANGUAGE_NAMES, SCORE_TABLE, TEST_LANGUAGE
from domain.requirements import read_requirements
from matcher.scores import format_test, held_interval

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ok": "eligible", "check": "check eligibility", "or": " or ",
        "age_ok": "{ok}: age limit {range}{ref} met", "age_unknown":
        "{check}: age limit {range}{ref}; your profile has no birth date",
        "up_to": "up to {hi}", "at_least": "at least {lo}", "between": "{lo}–{hi}",
        "born": "born on or after {day}",
        "ref_application": " at the time of application", "ref_year_end": " on 31 December",
        "ref_day": " on {day}",
        "lang_ok": "{ok}: language requirement {asked} met by your {shown}",
        "lang_none": "{check}: asks for {asked}; your profile lists none of these",
        "lang_near": "{check}: asks for {asked}; your {mine} corresponds to {test} {low}{below}, "
        "which may not be enough",
        "below": " to under {top}",
        "stage_check": "{check}: {stage} — your profile does not show whether you meet it",
        "holds": "applicants must hold{soon} {degree}", "soon": " (or soon hold)",
        "bachelor": "a bachelor's degree", "master": "a master's degree",
        "doctorate": "a doctorate", "final": "open to final-year {levels} students",
        "current": "open to {levels} students", "years": "at most {n} years after the doctorate",
        "profiles": "researcher profiles {span}", "stage_any": "the call sets a career-stage condition",
    },
    "ru": {
        "ok": "подходит", "check": "проверьте условия", "or": " или ",
        "age_ok": "{ok}: ограничение по возрасту {range}{ref} соблюдено", "age_unknown":
        "{check}: ограничение по возрасту {range}{ref}; в профиле нет даты рождения",
        "up_to": "до {hi} лет включительно", "at_least": "от {lo} лет", "between": "{lo}–{hi} лет",
        "born": "год рождения не ранее {day}",
        "ref_application": " на момент подачи заявки", "ref_year_end": " на 31 декабря",
        "ref_day": " на {day}",
        "lang_ok": "{ok}: языковое требование {asked} выполнено — у вас {shown}",
        "lang_none": "{check}: требуется {asked}; в профиле нет ни одного из этих результатов",
        "lang_near": "{check}: требуется {asked}; ваш уровень {mine} соответствует {test} "
        "от {low}{below}, этого может не хватить",
        "below": " до {top} (не включая)",
        "stage_check": "{check}: {stage} — по профилю не видно, выполняете ли вы это условие",
        "holds": "требуется {degree}{soon}", "soon": " (или его скорое получение)",
        "bachelor": "диплом бакалавра", "master": "диплом магистра", "doctorate": "степень PhD",
        "final": "для студентов выпускного курса ({levels})", "current": "для студентов ({levels})",
        "years": "не более {n} лет после получения степени PhD",
        "profiles": "профили исследователя {span}", "stage_any": "условие по этапу карьеры",
    },
    "uz": {
        "ok": "mos", "check": "shartlarni tekshiring", "or": " yoki ",
        "age_ok": "{ok}: yosh chegarasi {range}{ref} bajarilgan", "age_unknown":
        "{check}: yosh chegarasi {range}{ref}; profilingizda tug'ilgan sana yo'q",
        "up_to": "{hi} yoshgacha (shu jumladan)", "at_least": "kamida {lo} yosh",
        "between": "{lo}–{hi} yosh", "born": "{day} yoki undan keyin tug'ilgan",
        "ref_application": " ariza topshirish vaqtida", "ref_year_end": " 31-dekabr holatiga",
        "ref_day": " {day} holatiga",
        "lang_ok": "{ok}: til talabi {asked} bajarilgan — sizda {shown}",
        "lang_none": "{check}: {asked} talab qilinadi; profilingizda bularning hech biri yo'q",
        "lang_near": "{check}: {asked} talab qilinadi; sizning {mine} darajangiz {test} "
        "{low}{below} ga to'g'ri keladi, bu yetarli bo'lmasligi mumkin",
        "below": " dan {top} gacha (kirmaydi)",
        "stage_check": "{check}: {stage} — profilingizdan bu shartga mos kelishingiz ko'rinmaydi",
        "holds": "{degree} talab qilinadi{soon}", "soon": " (yoki yaqinda olinadigan)",
        "bachelor": "bakalavr diplomi", "master": "magistr diplomi", "doctorate": "PhD darajasi",
        "final": "bitiruvchi kurs talabalari uchun ({levels})",
        "current": "talabalar uchun ({levels})", "years": "PhD darajasidan keyin {n} yildan oshmagan",
        "profiles": "tadqiqotchi profillari {span}", "stage_any": "martaba bosqichi sharti",
    },
}  # fmt: skip
_LANGUAGE_WORDS = {
    "ru": {"English": "английский", "Russian": "русский", "German": "немецкий",
           "French": "французский", "Spanish": "испанский", "Chinese": "китайский",
           "Japanese": "японский", "Korean": "корейский", "Turkish": "турецкий",
           "Uzbek": "узбекский", "Italian": "итальянский", "Arabic": "арабский"},
    "uz": {"English": "ingliz tili", "Russian": "rus tili", "German": "nemis tili",
           "French": "fransuz tili", "Spanish": "ispan tili", "Chinese": "xitoy tili",
           "Japanese": "yapon tili", "Korean": "koreys tili", "Turkish": "turk tili",
           "Uzbek": "o'zbek tili", "Italian": "italyan tili", "Arabic": "arab tili"},
}  # fmt: skip
_LEVEL_WORDS = {
    "ru": {"bachelor": "бакалавриат", "master": "магистратура", "phd": "аспирантура"},
    "uz": {"bachelor": "bakalavriat", "master": "magistratura", "phd": "doktorantura"},
}


def _t(language: str | None) -> dict[str, str]:
    return _TEXTS.get((language or "en")[:2], _TEXTS["en"])


def _fill(texts: dict[str, str], key: str, **values: object) -> str:
    return texts[key].format(ok=texts["ok"], check=texts["check"], **values)


def test_text(name: str, value: float, language: str | None) -> str:
    """ "English B2" / "английский B2" / "ingliz tili B2"; test scores unchanged ("IELTS 6.5")."""
    shown = format_test(name, value)
    word = _LANGUAGE_WORDS.get((language or "")[:2], {}).get(name)
    return shown.replace(name, word, 1) if word and shown.startswith(name) else shown


def age_text(code_ok: bool, opp, lo: float, hi: float, language: str | None, quote: str) -> str:
    """The age reason: met (``code_ok``) or not checkable without a birth date."""
    texts = _t(language)
    if lo == lo and hi == hi:  # both set (NaN != NaN)
        span = _fill(texts, "between", lo=f"{lo:g}", hi=f"{hi:g}")
    elif hi == hi:
        span = _fill(texts, "up_to", hi=f"{hi:g}")
    elif lo == lo:
        span = _fill(texts, "at_least", lo=f"{lo:g}")
    else:
        born = read_requirements(opp.details).age.born_on_or_after
        span = _fill(texts, "born", day=born.isoformat() if born else "?")
    reference = read_requirements(opp.details).age.reference
    if isinstance(reference, date):
        ref = _fill(texts, "ref_day", day=reference.isoformat())
    else:
        ref = texts.get(f"ref_{reference}", "")
    return _fill(texts, "age_ok" if code_ok else "age_unknown", range=span, ref=ref) + quote


def language_text(
    met: str | None,
    required: dict[str, float],
    held: dict[str, float],
    language: str | None,
    quote: str,
) -> str:
    """The language reason: met by ``met`` (a held key), else what is missing."""
    texts = _t(language)
    asked = texts["or"].join(test_text(n, v, language) for n, v in required.items())
    if met is not None:
        shown = test_text(met, held[met], language)
        return _fill(texts, "lang_ok", asked=asked, shown=shown) + quote
    for name, value in required.items():
        band = held_interval(held, name)
        if band is not None and band[0] < band[1] and band[0] < value - 1e-6 <= band[1]:
            own = LANGUAGE_NAMES[TEST_LANGUAGE[name]]
            top = round(band[1], 3)
            below = "" if top >= SCORE_TABLE[name][1] else _fill(texts, "below", top=f"{top:g}")
            test = format_test(name, 0).rsplit(" ", 1)[0]
            mine = test_text(own, held[own], language)
            return _fill(texts, "lang_near", asked=asked, mine=mine, test=test,
                         low=f"{band[0]:g}", below=below) + quote  # fmt: skip
    return _fill(texts, "lang_none", asked=asked) + quote


def stage_text(opp, language: str | None) -> str:
    """What a call's stage requirement asks, in words."""
    texts = _t(language)
    stage = read_requirements(opp.details).stage
    words = _LEVEL_WORDS.get((language or "")[:2], {})
    parts = []
    if stage.holds:
        soon = texts["soon"] if stage.soon else ""
        parts.append(_fill(texts, "holds", soon=soon, degree=texts[stage.holds]))
    if stage.current:
        levels = ", ".join(words.get(level, level) for level in stage.current)
        parts.append(_fill(texts, "final" if stage.final_year else "current", levels=levels))
    if stage.max_years_since_doctorate is not None:
        parts.append(_fill(texts, "years", n=stage.max_years_since_doctorate))
    if stage.researcher_profiles:
        ends = (stage.researcher_profiles[0], stage.researcher_profiles[-1])
        span = ends[0] if ends[0] == ends[1] else "–".join(ends)
        parts.append(_fill(texts, "profiles", span=span))
    return "; ".join(parts) or texts["stage_any"]


def stage_check_text(opp, language: str | None, quote: str) -> str:
    """The "check eligibility" reason of a stage requirement the profile cannot settle."""
    texts = _t(language)
    return _fill(texts, "stage_check", stage=stage_text(opp, language)) + quote
