"""Small text helpers shared by the normalisers: cleaning, folding and sentence splitting."""

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
    r"(?<!\bvs\.)(?<!\bNo\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bМ\.)(?<!\b[A-ZА-Я]\.)\s+(?=[^\s])|\n+"
)


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


def fold(text: str) -> str:
    """Lower-cased, apostrophes unified and whitespace collapsed: the form keyword rules match."""
    return clean(text).translate(_APOSTROPHES).casefold()


def sentences(text: str) -> list[str]:
    """Split text into sentences (and lines), trimmed and non-empty."""
    return [s.strip() for s in _SENTENCE_END.split(strip_control(text)) if s and s.strip()]


_CYRILLIC_WORD = re.compile(r"[а-яё]")
_UZBEK_CYRILLIC = re.compile(r"[ўқғҳ]")
_UZBEK_LATIN = re.compile(
    r"\b(?:va|uchun|bo'yicha|yil|yilda|o'qish|talabalar|grant\w*ga|[a-z]+lar)\b|[og]'"
)
_ENGLISH = re.compile(r"\b(?:the|and|of|for|to|with|in|is|are)\b")


def guess_language(text: object) -> str | None:
    """"uz", "ru" or "en" from script and a few function words, or None when unsure."""
    folded = fold(text)
    if not folded:
        return None
    if _CYRILLIC_WORD.search(folded) or _UZBEK_CYRILLIC.search(folded):
        return "uz" if _UZBEK_CYRILLIC.search(folded) else "ru"
    uzbek, english = len(_UZBEK_LATIN.findall(folded)), len(_ENGLISH.findall(folded))
    if uzbek > english:
        return "uz"
    if english > uzbek:
        return "en"
    return None
