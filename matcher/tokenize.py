"""Multilingual tokenizer: normalise, split into unicode words, drop stopwords, stem."""

import re
import unicodedata

from matcher.stem import stem
from matcher.stopwords import STOPWORDS

# Uzbek Latin writes oʻ/gʻ with several apostrophe look-alikes; removing them inside words makes
# "o'qish", "oʻqish" and "oqish" one token.
_APOSTROPHES = re.compile(r"(?<=\w)[\u02bb\u02bc\u2018\u2019'`](?=\w)")
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, "ё" -> "е", in-word apostrophes removed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return _APOSTROPHES.sub("", text)


def words(text: str) -> list[str]:
    """Normalised words, stopwords and pure numbers removed, not stemmed (for display)."""
    return [
        w
        for w in _WORD.findall(normalise(text))
        if w not in STOPWORDS and not w.isdigit() and len(w) > 1
    ]


def tokenize(text: str) -> list[str]:
    """Stemmed tokens used for scoring."""
    return [stem(w) for w in words(text)]
