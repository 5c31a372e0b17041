"""Selectors from the sources file ("css:...", "xpath:...", plain = CSS): check them, extract text.

A selector that picks elements (no ``::text``, ``::attr()``, ``@attr`` or ``text()``) gives each
element's whole visible text with whitespace collapsed, so ``"css:div.summary"`` just works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cssselect import SelectorError
from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

_SPACES = re.compile(r"\s+")
# Elements whose boundaries separate words; inline ones (b, a, span...) do not.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_HIDDEN = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True, slots=True)
class FieldSelector:
    """A parsed selector: its language ("css" or "xpath") and expression."""

    kind: str
    expression: str

    @classmethod
    def parse(cls, spec: str) -> FieldSelector:
        """Split ``"css:h1"`` / ``"xpath://h1"`` / ``"h1"`` (CSS) into kind and expression."""
        kind, sep, rest = spec.partition(":")
        if sep and kind in ("css", "xpath"):
            return cls(kind, rest.strip())
        return cls("css", spec.strip())

    def problem(self) -> str | None:
        """Why the expression cannot be used, or None when it compiles."""
        if not self.expression:
            return "empty selector"
        try:
            if self.kind == "css":
                # parsel's translator also knows its pseudo-elements (::text, ::attr(x)).
                HTMLTranslator().css_to_xpath(self.expression)
            else:
                etree.XPath(self.expression)
        except (SelectorError, etree.XPathSyntaxError, ValueError) as exc:
            return f"invalid {self.kind.upper()} selector {self.expression!r}: {exc}"
        return None

    def select(self, node: Selector) -> SelectorList[Selector]:
        """Run the selector on a page or element."""
        return node.css(self.expression) if self.kind == "css" else node.xpath(self.expression)

    def texts(self, node: Selector) -> list[str]:
        """Every match as text: attribute/text values as they are, elements as their whole text."""
        values = []
        for match in self.select(node):
            if isinstance(match.root, str):
                value = collapse(match.root)
            else:
                value = collapse("".join(_visible_text(match.root)))
            if value:
                values.append(value)
        return values

    def text(self, node: Selector) -> str:
        """All matches joined by a space ("" when nothing matched)."""
        return " ".join(self.texts(node))

    def first(self, node: Selector) -> str | None:
        """The first non-empty match, or None."""
        values = self.texts(node)
        return values[0] if values else None


def collapse(text: str) -> str:
    """Whitespace runs to one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def _visible_text(element: etree._Element) -> list[str]:
    """Text pieces of an element, spaces at block boundaries, scripts and styles left out."""
    parts: list[str] = []
    if not isinstance(element.tag, str):  # comments and processing instructions
        return parts
    tag = element.tag.lower()
    if tag in _HIDDEN:
        return parts
    block = tag in _BLOCKS
    if block:
        parts.append(" ")
    if element.text:
        parts.append(element.text)
    for child in element:
        parts.extend(_visible_text(child))
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append(" ")
    return parts
