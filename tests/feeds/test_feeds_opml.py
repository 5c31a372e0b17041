"""The OPML subscription list."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from feeds import render_opml

FEEDS = [
    ("All open opportunities", "https://radar.example.uz/feeds/all.atom"),
    ("Grants & fellowships", "https://radar.example.uz/feeds/kind-grant.atom?lang=en&x=1"),
]


def test_one_outline_per_feed_in_order():
    root = ElementTree.fromstring(render_opml(FEEDS))
    outlines = root.findall("body/outline")

    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Opportunity Radar feeds"
    assert [(o.get("text"), o.get("xmlUrl")) for o in outlines] == FEEDS
    assert {o.get("type") for o in outlines} == {"rss"}


def test_output_is_exactly_the_expected_document():
    # Written out by hand, so any change in the bytes (order, escaping, layout) shows up.
    expected = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<opml version="2.0">\n'
        "  <head>\n"
        "    <title>Opportunity Radar feeds</title>\n"
        "  </head>\n"
        "  <body>\n"
        '    <outline type="rss" text="All open opportunities" title="All open opportunities"'
        ' xmlUrl="https://radar.example.uz/feeds/all.atom"/>\n'
        '    <outline type="rss" text="Grants &amp; fellowships" title="Grants &amp; fellowships"'
        ' xmlUrl="https://radar.example.uz/feeds/kind-grant.atom?lang=en&amp;x=1"/>\n'
        "  </body>\n"
        "</opml>\n"
    )
    assert render_opml(FEEDS).decode("utf-8") == expected


def test_empty_list_is_a_valid_document():
    root = ElementTree.fromstring(render_opml([], title="Nothing yet"))

    assert root.findtext("head/title") == "Nothing yet"
    assert root.findall("body/outline") == []


def test_control_characters_are_removed_from_titles():
    root = ElementTree.fromstring(render_opml([("Bad\x00 \x07title", FEEDS[0][1])]))

    assert root.find("body/outline").get("title") == "Bad title"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "feeds/all.atom", "mailto:a@b.uz", ""])
def test_unusable_url_is_a_clear_error(url):
    with pytest.raises(ValueError, match=r"OPML entry 1 \('Broken'\)"):
        render_opml([FEEDS[0], ("Broken", url)])


def test_wrong_entry_shape_is_a_clear_error():
    with pytest.raises(TypeError, match="OPML entry 0 must be a"):
        render_opml(["https://radar.example.uz/feeds/all.atom"])  # type: ignore[list-item]
