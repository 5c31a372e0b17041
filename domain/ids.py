"""Stable, readable ids of the form ``source/external-id-or-slug``."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII slug; Cyrillic is transliterated so Russian/Uzbek titles stay readable."""
    text = _transliterate(text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def make_id(source: str, external_id: str | None = None, title: str | None = None) -> str:
    """Build the stable id: the source's own id when it has one, else a slug of the title."""
    if not SOURCE_NAME.match(source):
        raise ValueError(f"source name {source!r} must match [a-z0-9-]")
    key = external_id if external_id else (title or "")
    return f"{source}/{slugify(key)}"


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "o",
            "q",
            "g",
            "h",
        ],
        strict=True,
    )
)


def _transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) for ch in text)
