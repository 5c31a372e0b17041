"""The crawl sanitiser piece by piece: links kept, blog footers dropped, text made plain."""

from __future__ import annotations

from crawlers.pipelines.sanitize import (
    clean_url,
    links_in,
    sanitize_raw,
    strip_blog_footer,
    to_plain_text,
)


def test_links_are_absolute_http_each_once_anchors_first():
    text = (
        '<a href="/calls/1">x</a> Official page: https://fund.example.org/c/2. Also '
        "<A HREF='https://fund.example.org/c/2'>dup</A> mailto:a@b.c "
        '<a href="ftp://x.example/z">f</a> (https://q.example/p)», end'
    )
    assert links_in(text, "https://blog.example/post/") == [
        "https://blog.example/calls/1", "https://fund.example.org/c/2", "https://q.example/p",
    ]  # fmt: skip
    assert links_in('<a href="/calls/1">x</a>') == []  # relative with no base: not a link


def test_at_most_thirty_links_are_kept():
    many = " ".join(f"https://e.example/{i}" for i in range(40))
    assert links_in(many) == [f"https://e.example/{i}" for i in range(30)]


def test_the_blog_footer_is_dropped_and_other_text_kept():
    post = (
        'Apply by May.\n<p>The post <a href="https://b.example/p">Grant</a> appeared first on '
        '<a href="https://b.example">Blog</a>.</p>'
    )
    assert strip_blog_footer(post) == "Apply by May.\n"
    assert strip_blog_footer("Apply at The post office.") == "Apply at The post office."
    assert strip_blog_footer("Grant. The post Grant appeared first on Blog.") == "Grant. "


def test_a_raw_item_becomes_plain_text_with_the_summary_links_kept():
    raw = {
        "url": "https://b.example/p\u200b ",
        "title": "<b>Grant</b> The post Grant appeared first on Blog.",
        "summary": '<p>Apply <a href="/c">here</a>.</p><p>Second</p>The post Grant appeared first on Blog.',
        "links": ["https://x.example/a", 5],
        "eligibility_text": "<li>A</li><li>B</li>",
        "deadline": "2027-01-01 <b>",
        "tags": ["<i>a</i>", 3],
    }
    assert sanitize_raw(raw) == {
        "url": "https://b.example/p",
        "title": "Grant",
        "summary": "Apply here.\nSecond",
        "links": ["https://x.example/a", "https://b.example/c"],
        "eligibility_text": "A\nB",
        "deadline": "2027-01-01 <b>",  # typed values are left to their own parsers
        "tags": ["a", 3],
    }
    plain = sanitize_raw({"summary": "See https://fund.example.org/c for details"})
    assert plain["links"] == ["https://fund.example.org/c"]
    assert "links" not in sanitize_raw({"summary": "No address here"})


def test_markup_escaped_three_times_is_still_removed():
    assert to_plain_text("&amp;amp;lt;b&amp;amp;gt;bold") == "bold"
    assert to_plain_text("x &amp;amp; y") == "x & y"


def test_a_url_loses_invisible_characters_and_surrounding_space():
    assert clean_url(" https://a.example/x\u200b\x00 ") == "https://a.example/x"


def test_plain_http_links_count_and_trailing_punctuation_is_not_part_of_them():
    assert links_in("Old page: http://fund.example.org/BOX. New: https://fund.example.org/BOX!") == [
        "http://fund.example.org/BOX", "https://fund.example.org/BOX",
    ]  # fmt: skip


def test_the_extra_field_is_kept_as_the_spider_gave_it():
    raw = {"title": "T", "extra": ["<b>kept</b>"]}
    assert sanitize_raw(raw) == {"title": "T", "extra": ["<b>kept</b>"]}
