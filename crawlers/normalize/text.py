"""Small text helpers shared by the normalisers: cleaning, folding, sentences, a text's language."""

import re
import unicodedata

# C0/C1 control characters except tab/newline, plus zero-width and bidi marks pages leak.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\ufeff]"
)
_SPACES = re.compile(r"\s+")
# Uzbek Latin uses several look-alike apostrophes for o' and g' (oʻ, o‘, o’, o`).
_APOSTROPHES = str.maketrans({"ʻ": "'", "‘": "'", "’": "'", "`": "'", "ʼ": "'", "´": "'"})
# A sentence ends at . ! ? ; and a space, except after abbreviations such as "U.S." or "e.g."
# ("components of U.S. Organizations are not eligible" is one sentence) and initials ("N. Kukke").
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\bU\.S\.)(?<!\bU\.K\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)"
    r"(?<!\bvs\.)(?<!\bNo\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bМ\.)(?<!\b[A-ZА-ЯЁ]\.)(?<!\bим\.)"
    r"\s+(?=[^\s])|\n+"
)
_FULL_SENTENCE_END = re.compile(_SENTENCE_END.pattern.replace("(?<=[.!?;])", "(?<=[.!?])", 1))


def as_text(value: object) -> str:
    """Any raw value as a string ('' for None), so normalisers can take what spiders give."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(as_text(v) for v in value)
    return value if isinstance(value, str) else str(value)


def strip_control(text: str) -> str:
    """Remove control and invisible formatting characters (keeps newlines and tabs)."""
    return _CONTROL.sub("", text)


def clean(value: object) -> str:
    """Control characters removed and whitespace collapsed to single spaces."""
    return _SPACES.sub(" ", strip_control(unicodedata.normalize("NFC", as_text(value)))).strip()


def clean_lines(value: object) -> str:
    """Like ``clean`` but line breaks kept (one per line), so lines can end sentences."""
    text = strip_control(unicodedata.normalize("NFC", as_text(value)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Lower-cased, apostrophes unified and whitespace collapsed: the form keyword rules match."""
    return clean(text).translate(_APOSTROPHES).casefold()


def sentences(text: str, *, at_semicolons: bool = True) -> list[str]:
    """Split text into sentences (and lines), trimmed and non-empty; ";" ends one by default."""
    pattern = _SENTENCE_END if at_semicolons else _FULL_SENTENCE_END
    return [s.strip() for s in pattern.split(strip_control(text)) if s and s.strip()]


_CYRILLIC_LETTER = re.compile(r"[а-яёўқғҳ]")
_LATIN_LETTER = re.compile(r"[a-z]")
_UZBEK_CYRILLIC = re.compile(r"[ўқғҳ]|\b(?:учун|ва|бўйича|йил\w*|танлов\w*|грантлар\w*)\b")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
# Uzbek Latin: o'/g' inside a word, frequent words, and suffixes English words do not end in.
_UZBEK_WORDS = frozenset({
    "va", "uchun", "bilan", "hamda", "yil", "yilda", "yili", "yilgi", "tanlov", "tanlovi",
    "tanlovini", "grantlar", "grantlari", "talaba", "talabalar", "talabalari", "oliy", "ta'lim",
    "dastur", "dasturi", "muddati", "muddat", "xalqaro", "tadqiqot", "tadqiqotlar", "yosh",
    "olim", "olimlar", "fuqaro", "fuqarolari", "e'lon", "qabul", "stipendiya", "stipendiyalar",
    "magistratura", "doktorantura", "bakalavriat", "amaliy", "innovatsion", "jamg'armasi",
    "bo'yicha", "o'qish", "o'quv", "kerak", "mumkin", "qilish", "etish", "asosida", "ushbu",
})
_UZBEK_SUFFIX = re.compile(
    r"\w{2,}(?:larni|larga|larda|lardan|larning|lari|larini|larida|dagi|gacha|"
    r"ligi|larim)$"
)
_UZBEK_APOSTROPHE = re.compile(r"[og]'[a-z]")
_ENGLISH_WORDS = frozenset({
    "the", "and", "of", "for", "to", "with", "in", "is", "are", "on", "at", "by", "from", "or",
    "a", "an", "this", "that", "be", "will", "can", "who", "all", "per", "their", "students",
    "apply", "deadline", "scholarship", "scholarships", "university", "programme", "program",
})
# Cyrillic-script languages: text in Cyrillic does not contradict a page that says "uz" or "ru".
_CYRILLIC_LANGUAGES = frozenset({"ru", "uz", "kk", "ky", "tg", "be", "uk", "mn"})


_DETECT_CHARS = 800  # a title and the start of a summary say enough


def detect_language(text: object) -> str | None:
    """"uz", "ru" or "en" from script and Uzbek/English marker words, or None when unsure."""
    try:
        folded = fold(as_text(text)[:_DETECT_CHARS])
    except Exception:  # never crash a crawl on odd input
        return None
    cyrillic = len(_CYRILLIC_LETTER.findall(folded))
    latin = len(_LATIN_LETTER.findall(folded))
    if cyrillic + latin < 3:
        return None
    if cyrillic > latin:
        return "uz" if len(_UZBEK_CYRILLIC.findall(folded)) >= 2 else "ru"
    words = _WORD.findall(folded)
    uzbek = sum(
        1 for w in words
        if w in _UZBEK_WORDS or _UZBEK_APOSTROPHE.search(w) or _UZBEK_SUFFIX.match(w)
    )
    english = sum(1 for w in words if w in _ENGLISH_WORDS)
    if uzbek >= 2 and uzbek > english:
        return "uz"
    if english >= 2 and english > uzbek:
        return "en"
    return None


def guess_language(text: object) -> str | None:
    """The language of a text with no declared language ("uz", "ru", "en"), else None."""
    return detect_language(text)


def item_language(declared: object, text: object) -> str | None:
    """An item's language: the text's own when it clearly contradicts the declared default.

    A feed's channel language ("en-US") is only a default for its items: an item written in
    Cyrillic or in Uzbek Latin is "ru"/"uz" whatever the channel says. A declared Cyrillic-script
    language is kept for Cyrillic text (Uzbek may be written in Cyrillic without ў/қ/ғ/ҳ).
    """
    given = clean(declared).lower().replace("_", "-").split("-")[0][:8]
    found = detect_language(text)
    if not given:
        return found
    if found is None or found == given:
        return given
    if found in ("ru", "uz") and given in _CYRILLIC_LANGUAGES and _is_cyrillic(text):
        return given
    return found


def _is_cyrillic(text: object) -> bool:
    folded = fold(as_text(text)[:_DETECT_CHARS])
    return len(_CYRILLIC_LETTER.findall(folded)) > len(_LATIN_LETTER.findall(folded))
