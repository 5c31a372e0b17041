"""Cleaning helpers and localised formatting used by every output."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import feeds
from feeds.i18n import Texts, resolve_language
from feeds.text import (
    clean_html,
    html_to_text,
    one_line,
    safe_url,
    shorten,
    strip_controls,
    summary_html,
)


def test_strip_controls_keeps_newlines_and_tabs_only():
    assert strip_controls("a\x00b\x1fc\td\ne\r\nf\x7fg\x9fh\ufffei") == "abc\td\ne\nfghi"


def test_lone_surrogates_are_dropped():
    assert strip_controls("ok\ud800ay") == "okay"


def test_one_line_collapses_whitespace():
    assert one_line("  Spring\n\n call\t2031 ") == "Spring call 2031"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        ("mailto:office@example.uz", "mailto:office@example.uz"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("https:///no-host", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_a_script_url_with_a_host_part_is_refused():
    # "//host" gives javascript: a netloc, so only the scheme allow-list can refuse it; the
    # %0A ends the "//" comment when a browser runs it.
    assert safe_url("javascript://radar.example.uz/%0Aalert(document.cookie)") is None
    assert safe_url("JavaScript://host/%0Aalert(1)", "https://radar.example.uz/") is None
    assert safe_url("vbscript://host/x") is None
    assert safe_url("ftp://files.example.org/call.pdf") is None


def test_safe_url_resolves_relative_links_against_a_base():
    assert safe_url("/calls/7", "https://radar.example.uz/x/") == "https://radar.example.uz/calls/7"
    assert safe_url("/calls/7") is None


def test_plain_summary_becomes_escaped_paragraphs():
    assert summary_html("Budget < 5000 & more\nline two\n\nNext") == (
        "<p>Budget &lt; 5000 &amp; more<br>line two</p><p>Next</p>"
    )


def test_html_summary_is_sanitised_not_escaped():
    cleaned = summary_html('<p onclick="x()">Hi <a href="javascript:x()">a</a><script>s()</script></p>')

    assert cleaned == '<p>Hi <a rel="noopener noreferrer nofollow">a</a></p>'


def test_html_to_text_drops_tags_and_decodes_entities():
    assert html_to_text("<p>R&amp;D <b>call</b></p><script>x()</script>") == "R&D call"


@pytest.mark.parametrize(
    ("tag", "expected"), [("ru-RU", "ru"), ("UZ_uz", "uz"), ("en", "en"), ("de", "en"), (None, "en")]
)
def test_resolve_language(tag, expected):
    assert resolve_language(tag) == expected


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("en", 45000.0, "EUR", "€45,000"),
        ("en", 1250.5, "USD", "$1,250.50"),
        ("ru", 45000.0, "EUR", "45\xa0000\xa0€"),
        ("en", 300.0, None, "300"),
        ("en", None, "EUR", None),
    ],
)
def test_amounts(language, amount, currency, expected):
    assert Texts(language).amount(amount, currency) == expected


def test_unknown_currency_code_is_shown_as_written():
    assert Texts("en").amount(10.0, "zz$") == "10 zz$"


def test_time_left_wording():
    texts = Texts("ru")

    assert texts.time_left(date(2031, 1, 2), date(2031, 1, 1)) == "осталось 1 день"
    assert texts.time_left(date(2031, 1, 1), date(2031, 1, 1)) == "последний день сегодня"
    assert texts.time_left(date(2030, 12, 1), date(2031, 1, 1)) == "приём закрыт"


def test_every_language_has_every_message():
    from feeds.messages import KIND_LABELS, LEVEL_LABELS, MESSAGES

    for table in (MESSAGES, KIND_LABELS, LEVEL_LABELS):
        keys = {language: set(entries) for language, entries in table.items()}
        assert keys["ru"] == keys["en"] == keys["uz"]


def test_feeds_imports_only_domain_of_our_packages():
    ours = {"storage", "crawlers", "matcher", "radar"}
    package_dir = Path(feeds.__file__).parent
    offenders = []
    for module in package_dir.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{module.name}: {n}" for n in names if n.split(".")[0] in ours]
    assert offenders == []


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    assert shorten("Solar grants for young researchers", 13) == "Solar grants…"
    assert shorten("abcdefghij", 10) == "abcdefghij"  # exactly the limit: untouched
    assert shorten("abcdefghijk", 5) == "abcde…"  # one long word: cut inside it
    assert shorten("Grant, for all", 7) == "Grant…"  # no dangling comma


def test_inline_markup_in_plain_text_keeps_its_paragraphs():
    assert summary_html("Line <b>one</b>\nline two\n\npara") == (
        "<p>Line <b>one</b><br>line two</p><p>para</p>"
    )
    assert summary_html("<p>A</p>x") == "<p>A</p>x"
    assert summary_html("  \n ") == ""
    assert summary_html("a &amp; b") == "<p>a &amp; b</p>"


def test_html_keeps_only_allowed_tags_and_attributes():
    assert clean_html('<a href="https://x.example" title="t" class="c">k</a><img src=x><u>u</u>') == (
        '<a href="https://x.example" title="t" rel="noopener noreferrer nofollow">k</a>u'
    )
    assert html_to_text(None) == "" and html_to_text("<p>A&amp;B</p>\n<style>p{}</style> c") == "A&B c"


def test_only_relative_links_are_resolved_against_the_base():
    assert safe_url("//cdn.example/x", "https://radar.example.uz/") == "https://cdn.example/x"
    assert safe_url("https://a.example/x", "https://radar.example.uz/") == "https://a.example/x"
    assert safe_url("mailto:office@example.uz", "https://radar.example.uz/") == "mailto:office@example.uz"


def test_shorten_never_keeps_half_a_word_or_drops_a_letter():
    assert shorten("Solar grants for young researchers", 15) == "Solar grants…"
    assert shorten("Support for SpaceX launches", 20) == "Support for SpaceX…"


def test_plain_summary_keeps_its_quotes():
    assert summary_html('Say "hi" to O\'Brien') == "<p>Say \"hi\" to O'Brien</p>"


def test_html_drops_language_hints_other_schemes_and_style_text():
    got = clean_html('<a href="ftp://x.example/f" hreflang="en">f</a><style>p{color:red}</style>ok')
    assert got == '<a rel="noopener noreferrer nofollow">f</a>ok'
