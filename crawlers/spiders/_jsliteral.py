"""Read JavaScript data literals (Nuxt ``payload.js`` files) without running any JavaScript.

Nuxt 2 static sites serve their page data as ``__NUXT_JSONP__("/route", (function(a,b,...){
return {...}}("x",1,...)));``: an object literal whose repeated values are function parameters.
This reader understands exactly that subset — object/array literals with bare or quoted keys,
strings, numbers, ``!0``/``!1``, ``void 0``, and an immediately called ``function`` whose body is
one ``return`` — and raises JsLiteralError (with the offset) for anything else, so a page whose
format changed is reported instead of half-read.
"""

from __future__ import annotations

import json
import re
from typing import Any

_WS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CONSTANTS = {
    "true": True, "false": False, "null": None, "undefined": None,
    "NaN": None, "Infinity": None,  # not representable in JSON; no ranking field uses them
}
_JSONP = re.compile(r"\s*(?:window\.)?__NUXT_JSONP__\s*\(")
_NUXT_STATE = re.compile(r"\s*(?:window\.)?__NUXT__\s*=")


class JsLiteralError(ValueError):
    """The text is not a data literal this reader understands; says where and why."""


def load_nuxt_payload(text: str) -> Any:
    """The data of a Nuxt payload: plain JSON, ``__NUXT_JSONP__(route, data)`` or ``__NUXT__=``."""
    try:
        return _load(text.lstrip("\ufeff"))
    except RecursionError:
        raise JsLiteralError("data nested too deeply to read") from None


def _load(stripped: str) -> Any:
    try:
        return json.loads(stripped)
    except ValueError:
        pass
    match = _JSONP.match(stripped)
    if match:
        reader = _Reader(stripped, match.end())
        reader.value()  # the route string
        reader.expect(",")
        data = reader.value()
        reader.expect(")")
        reader.finish()
        return data
    match = _NUXT_STATE.match(stripped)
    if match:
        reader = _Reader(stripped, match.end())
        data = reader.value()
        reader.finish()
        return data
    reader = _Reader(stripped, 0)
    data = reader.value()
    reader.finish()
    return data


class _Reader:
    """A recursive-descent reader over one text; ``env`` maps function parameters to values."""

    def __init__(self, text: str, pos: int):
        self.text = text
        self.pos = pos
        self.env: dict[str, Any] = {}

    # --- low level ---

    def skip(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()

    def peek(self, token: str) -> bool:
        self.skip()
        return self.text.startswith(token, self.pos)

    def expect(self, token: str) -> None:
        if not self.peek(token):
            self.fail(f"expected {token!r}")
        self.pos += len(token)

    def fail(self, why: str) -> None:
        snippet = self.text[self.pos : self.pos + 40].replace("\n", " ")
        raise JsLiteralError(f"{why} at offset {self.pos} (near {snippet!r})")

    def finish(self) -> None:
        self.skip()
        while self.peek(";") or self.peek(")"):
            self.pos += 1
            self.skip()
        if self.pos < len(self.text):
            self.fail("unexpected text after the data")

    # --- values ---

    def value(self) -> Any:
        self.skip()
        if self.pos >= len(self.text):
            self.fail("unexpected end of text")
        char = self.text[self.pos]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char in "\"'":
            return self.string()
        if char == "(":
            self.pos += 1
            inner = self.value()
            self.expect(")")
            return self.call_if_any(inner)
        if char == "!":
            self.pos += 1
            return not self.value()
        if char == "-" or char == "." or char.isdigit():
            return self.number()
        ident = _IDENT.match(self.text, self.pos)
        if not ident:
            self.fail("unexpected character")
        word = ident.group()
        self.pos = ident.end()
        if word == "function":
            function = self.function()
            return self.call(function) if self.peek("(") else function
        if word == "void":
            self.value()
            return None
        if word in self.env:
            return self.env[word]
        if word in _CONSTANTS:
            return _CONSTANTS[word]
        self.fail(f"unknown name {word!r}")
        return None  # unreachable; fail() raises

    def number(self) -> float | int:
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            self.fail("bad number")
        self.pos = match.end()
        token = match.group()
        if token.lstrip("-").lower().startswith("0x"):
            return int(token, 16)
        number = float(token)
        return int(number) if number.is_integer() and not re.search(r"[.eE]", token) else number

    def string(self) -> str:
        quote = self.text[self.pos]
        out: list[str] = []
        i = self.pos + 1
        text = self.text
        while True:
            end = i
            while end < len(text) and text[end] not in (quote, "\\"):
                end += 1
            out.append(text[i:end])
            if end >= len(text):
                self.pos = end
                self.fail("unterminated string")
            if text[end] == quote:
                self.pos = end + 1
                return "".join(out)
            try:
                i = self._escape(text, end, out)
            except ValueError:
                self.pos = end
                self.fail("bad escape in a string")

    @staticmethod
    def _escape(text: str, end: int, out: list[str]) -> int:
        """Decode the escape at ``end`` (a backslash) into ``out``; returns where text resumes."""
        escape = text[end + 1 : end + 2]
        if escape == "u":
            if text[end + 2 : end + 3] == "{":
                close = text.index("}", end)
                out.append(chr(int(text[end + 3 : close], 16)))
                return close + 1
            out.append(chr(int(text[end + 2 : end + 6], 16)))
            return end + 6
        if escape == "x":
            out.append(chr(int(text[end + 2 : end + 4], 16)))
            return end + 4
        if escape != "\n":  # a backslash before a newline continues the line
            out.append(_ESCAPES.get(escape, escape))
        return end + 2

    def array(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        while not self.peek("]"):
            items.append(self.value())
            if not self.peek(","):
                break
            self.pos += 1
        self.expect("]")
        return items

    def object(self) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        while not self.peek("}"):
            key = self.key()
            self.expect(":")
            result[key] = self.value()
            if not self.peek(","):
                break
            self.pos += 1
        self.expect("}")
        return result

    def key(self) -> str:
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        if char in ("\"", "'"):
            return self.string()
        match = _IDENT.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if not match:
            self.fail("expected an object key")
        self.pos = match.end()
        return match.group()

    # --- the immediately called function of a payload ---

    def function(self) -> _Function:
        self.expect("(")
        params: list[str] = []
        while not self.peek(")"):
            self.skip()
            match = _IDENT.match(self.text, self.pos)
            if not match:
                self.fail("expected a parameter name")
            params.append(match.group())
            self.pos = match.end()
            if not self.peek(","):
                break
            self.pos += 1
        self.expect(")")
        self.expect("{")
        self.expect("return")
        body_start = self.pos
        self.skip_value()
        if self.peek(";"):
            self.pos += 1
        self.expect("}")
        return _Function(params, body_start)

    def skip_value(self) -> None:
        """Move past one value without evaluating it (the body is read once arguments are known)."""
        saved = self.env
        self.env = _Anything()
        try:
            self.value()
        finally:
            self.env = saved

    def call_if_any(self, value: Any) -> Any:
        """``(function(){...})(args)``: the parenthesised function called after the parenthesis."""
        if self.peek("("):
            if not isinstance(value, _Function):
                self.fail("only a function literal can be called")
            return self.call(value)
        if isinstance(value, _Function):
            self.fail("a function that is never called")
        return value

    def call(self, function: _Function) -> Any:
        self.expect("(")
        args: list[Any] = []
        while not self.peek(")"):
            args.append(self.value())
            if not self.peek(","):
                break
            self.pos += 1
        self.expect(")")
        end = self.pos
        saved_env = self.env
        self.env = dict(zip(function.params, args + [None] * len(function.params), strict=False))
        self.pos = function.body_start
        try:
            result = self.value()
        finally:
            self.env = saved_env
            self.pos = end
        return result


class _Function:
    """A parsed ``function(params){return BODY}``: where its body starts, evaluated on call."""

    def __init__(self, params: list[str], body_start: int):
        self.params = params
        self.body_start = body_start


class _Anything(dict):
    """While skipping a function body, every name is known (its value is not needed yet)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> None:
        return None
