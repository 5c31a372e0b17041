"""The Jinja2 environment for feeds/templates: autoescaped for ``*.html.j2``, strict everywhere."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


def _autoescape(name: str | None) -> bool:
    # Plain-text parts must not be HTML-escaped ("R&D" stays "R&D"); HTML parts always are.
    return bool(name and name.endswith(".html.j2"))


@cache
def environment() -> Environment:
    """One shared environment; templates are compiled once per process."""
    return Environment(
        loader=PackageLoader("feeds", "templates"),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
