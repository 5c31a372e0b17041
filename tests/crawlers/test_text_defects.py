"""Text defects seen in published content: blog footers, monthly stipends, opening vs publication."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import feedparser

from crawlers.normalize.opportunity import normalize_opportunity
from crawlers.pipelines.sanitize import sanitize_raw
from feeds.i18n import Texts
from feeds.presenting import show

BLOG_FEED = Path(__file__).resolve().parents[2] / "radar" / "demo" / "sites" / "blog" / "feed.xml"
TODAY = date(2026, 11, 27)


def _blog_records():
    feed = feedparser.parse(BLOG_FEED.read_bytes())
    for entry in feed.entries:
        raw = {"source": "demo-blog", "url": entry.link, "title": entry.title,
               "summary": entry.summary, "published_text": entry.get("published")}  # fmt: skip
        yield normalize_opportunity(sanitize_raw(raw), today=TODAY)


def test_blog_footer_is_stripped_from_every_entry():
    records = list(_blog_records())
    assert (
        sum(
            "appeared first on" in e.summary
            for e in feedparser.parse(BLOG_FEED.read_bytes()).entries
        )
        >= 8
    )
    assert records and not [r.id for r in records if "appeared first on" in r.summary]
    assert not [r.id for r in records if "The post" in r.summary]


def test_footer_links_are_not_taken_for_official_links():
    raw = {
        "source": "b", "url": "https://blog.example.org/p/1", "title": "T",
        "summary": '<p>Apply at <a href="https://funder.example.org/call">the funder</a>.</p>'
        '<p>The post <a href="https://blog.example.org/p/1">T</a> appeared first on '
        '<a href="https://blog.example.org">Blog</a>.</p>',
    }  # fmt: skip
    record = normalize_opportunity(sanitize_raw(raw), today=TODAY)
    assert record.summary == "Apply at the funder."
    assert record.details["links"] == ["https://funder.example.org/call"]


def test_a_monthly_stipend_is_shown_per_month_in_every_language():
    records = {r.title: r for r in _blog_records()}
    silk = next(r for t, r in records.items() if t.startswith("Silk Road Government Scholarship"))
    assert (silk.amount, silk.currency, silk.details["amount_period"]) == (3000.0, "CNY", "month")
    assert show(silk, None, Texts("en")).amount.endswith("per month")
    assert show(silk, None, Texts("ru")).amount.endswith("в месяц")
    assert show(silk, None, Texts("uz")).amount.endswith("oyiga")
    total = next(r for r in records.values() if r.amount and not r.details.get("amount_period"))
    shown = show(total, None, Texts("en")).amount
    assert shown and "per" not in shown


def test_an_opening_date_is_not_a_publication_date():
    raw = {"source": "eu", "url": "https://eu.example/t", "title": "Topic",
           "opens_text": "2027-08-04T00:00:00.000Z", "published_text": "2026-08-22"}  # fmt: skip
    record = normalize_opportunity(sanitize_raw(raw), today=TODAY)
    assert record.published == datetime(2026, 8, 22)
    assert record.details["opens"] == "2027-08-04"
    # A "published" date after today is an opening date a source mapped wrongly.
    future = normalize_opportunity(
        {"source": "x", "url": "https://x.example/a", "title": "A", "published_text": "2027-02-04"},
        today=TODAY,
    )
    assert future.published is None and future.details["opens"] == "2027-02-04"
