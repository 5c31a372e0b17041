"""The Nuxt payload reader: JavaScript data literals read as data, anything else refused clearly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawlers.spiders._jsliteral import JsLiteralError, load_nuxt_payload


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, 2.5, -3, true, null]}', {"a": [1, 2.5, -3, True, None]}),
        ("__NUXT_JSONP__('/r', {a:'x\\'y', b:\"\\u00e9\\n\", c:0x1F, d:1e3});",
         {"a": "x'y", "b": "é\n", "c": 31, "d": 1000.0}),
        ('__NUXT_JSONP__("/r", (function(a,b){return {x:a,y:[b,b],z:!0,w:!1,v:void 0}}("s",2)));',
         {"x": "s", "y": [2, 2], "z": True, "w": False, "v": None}),
        ("window.__NUXT__=(function(a){return {k:a}})(7);", {"k": 7}),
        ("/* build */ {a: /* note */ 1, // line\n b: '2',}", {"a": 1, "b": "2"}),
        ('{1: "one", "two words": 2}', {"1": "one", "two words": 2}),
    ],
)
def test_reads_data_literals(text: str, value: object) -> None:
    assert load_nuxt_payload(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('__NUXT_JSONP__("/r", {a: new Date(0)})', "unknown name 'new'"),
        ('__NUXT_JSONP__("/r", {a: "open', "unterminated string"),
        ("{a: 1} trailing", "unexpected text after the data"),
        ("(function(a){return {x:a}})", "a function that is never called"),
        ("", "unexpected end of text"),
        ('{a: "\\u12"}', "bad escape in a string"),
        ("x=" + "[" * 20000, "unknown name 'x'"),
        ("[" * 20000, "nested too deeply"),
    ],
)
def test_refuses_what_is_not_data(text: str, why: str) -> None:
    with pytest.raises(JsLiteralError, match=why):
        load_nuxt_payload(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list('{}[]()"\',:;!-.0123456789abefnrtuvx_$ \\\n')) | st.text())
def test_any_text_gives_data_or_a_clear_error(text: str) -> None:
    try:
        value = load_nuxt_payload(text)
    except JsLiteralError as error:
        assert "at offset" in str(error) or "nested too deeply" in str(error)
    else:
        assert value is None or isinstance(value, dict | list | str | int | float | bool)
