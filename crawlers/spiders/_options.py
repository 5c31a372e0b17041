"""Checking a bespoke spider's ``[sources.options]`` table: known names, expected types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawlers.spiders.base import did_you_mean

#: option name -> accepted Python type(s) of its TOML value
OptionTypes = Mapping[str, type | tuple[type, ...]]


def check_options(options: Mapping[str, Any], known: OptionTypes, spider: str) -> list[str]:
    """Problems of ``options`` for a spider reading ``known`` (empty when all are usable)."""
    problems = []
    for key, value in options.items():
        if key not in known:
            problems.append(
                f"options.{key}: not an option of the {spider!r} spider"
                f"{did_you_mean(key, list(known))} (known: {', '.join(sorted(known)) or 'none'})"
            )
            continue
        expected = known[key]
        # TOML integers are not booleans, but Python's bool is an int: refuse it explicitly.
        if isinstance(value, bool) and bool not in _as_tuple(expected):
            problems.append(f"options.{key}: expected {_names(expected)}, got a boolean")
        elif not isinstance(value, expected):
            problems.append(
                f"options.{key}: expected {_names(expected)}, got {type(value).__name__} "
                f"({value!r})"
            )
    return problems


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _names(expected: type | tuple[type, ...]) -> str:
    words = {int: "an integer", str: "a string", bool: "true/false", list: "a list",
             dict: "a table", float: "a number"}
    return " or ".join(words.get(t, t.__name__) for t in _as_tuple(expected))
