"""Multilingual tokenizer: normalise, split into unicode words, drop stopwords, stem."""

import re
import unicodedata

from matcher.stem import stem
from matcher.stopwords import GENERIC_WORDS, STOPWORDS

# Uzbek Latin writes oʻ/gʻ with several apostrophe look-alikes; deleting them makes "o'qish",
# "oʻqish" and "oqish" one token (outside words they separate nothing a space does not).
_DELETE = str.maketrans({ch: None for ch in "\u02bb\u02bc\u2018\u2019'`"} | {"ё": "е", "_": " "})
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """NFKC, lower-case, "ё" -> "е", apostrophes removed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_DELETE)


def raw_words(text: str) -> list[str]:
    """Normalised words before stopword removal."""
    return _WORD.findall(normalise(text))


def keep(word: str) -> bool:
    """Whether a normalised word is worth indexing (not a stopword, number or single letter)."""
    return word not in STOPWORDS and not word.isdigit() and len(word) > 1


def words(text: str) -> list[str]:
    """Normalised words, stopwords and pure numbers removed, not stemmed (for display)."""
    return [w for w in raw_words(text) if keep(w)]


def tokenize(text: str) -> list[str]:
    """Stemmed tokens used for scoring."""
    return [stem(w) for w in words(text)]


# Stems of the generic words (matcher.stopwords.GENERIC_WORDS) and what a query counts them
# for: enough to order two calls that share a topic, far too little to make a match.
GENERIC = frozenset(stem(normalise(w)) for w in GENERIC_WORDS)
GENERIC_QUERY_WEIGHT = 0.15


def is_generic(token: str) -> bool:
    """Whether a stemmed token is one of the words that fit every call."""
    return token in GENERIC
