"""Light, dependency-free stemming for English, Russian and Uzbek: strip an ending, cap the length."""

# Why not Snowball: it has no Uzbek, and a light stripper + prefix cap is enough for BM25 to
# match inflected forms ("солнечной"/"солнечная", "talabalarga"/"talaba", "engineers"/"engineering").
# The same function runs on opportunities and profiles, so any over-conflation is symmetric.


def _longest_first(text: str) -> list[str]:
    return sorted(text.split(), key=len, reverse=True)


_RU_ENDINGS = _longest_first(
    """
    иями ями ами иях ях ах ией ой ей ый ий ая яя ое ее ые ие ых их ого его ому ему ым им ом ем ов
    ев ам ям ую юю ия ию ье ья ьи ью а я о е ы и у ю ь й ать ять ить еть ует уют ает ают ет ют ит ят
    ть
    ларнинг ларни ларга ларда лардан лари лар нинг даги дан ни га да
    """,
)
_UZ_LATIN_ENDINGS = _longest_first(
    "larning larini larni larga larda lardan lari lar ning dagi dan ni ga da",
)
_EN_ENDINGS = ("ations", "ation", "ments", "ment", "ities", "ity", "ings", "ing", "ed")
_CAP = 8
_MIN_STEM = 3


def _has_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def _strip(word: str, endings: list[str] | tuple[str, ...], min_stem: int) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= min_stem:
            return word[: -len(ending)]
    return word


def _english(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return _strip(word, _EN_ENDINGS, _MIN_STEM + 1)


_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """Stem one normalised (lower-case) word; results are cached because vocabularies are small."""
    cached = _CACHE.get(word)
    if cached is not None:
        return cached
    if _has_cyrillic(word):
        base = word[:-2] if word.endswith(("ся", "сь")) and len(word) > 5 else word
        result = _strip(base, _RU_ENDINGS, _MIN_STEM)
    else:
        base = _strip(word, _UZ_LATIN_ENDINGS, _MIN_STEM + 1)
        result = _english(base) if base == word else base
    result = result[:_CAP]
    if len(_CACHE) < 2_000_000:  # bound memory on adversarial input
        _CACHE[word] = result
    return result
