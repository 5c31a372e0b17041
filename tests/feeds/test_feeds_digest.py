"""Email digests: both parts list the matches with reasons, localised and escaped."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from html.parser import HTMLParser

import pytest

from domain import Eligibility
from feeds import Digest, render_digest

TODAY = date(2031, 1, 1)
BASE_URL = "https://radar.example.uz/"


@pytest.fixture
def entries(records, make_match):
    solar, rolling, water = records
    return [
        (make_match(solar, 1, 0.92, "Matches your interest: microgrids", "Open to faculty"),
         solar),
        (make_match(water, 2, 0.55, "Matches your interest: water",
                    eligibility=Eligibility.CHECK), water),
        (make_match(rolling, 3, 0.31, "Rolling call, apply any time"), rolling),
    ]


def digest_for(profile, entries, language=None, **kwargs) -> Digest:
    person = dataclasses.replace(profile, language=language) if language else profile
    return render_digest(person, entries, today=TODAY, base_url=BASE_URL, **kwargs)


class _Collector(HTMLParser):
    """Collects text and href values so tests read the HTML as a mail client would."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]

    def handle_data(self, data):
        self.text.append(data)


def read_html(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def test_both_parts_list_every_match_with_its_reasons(profile, entries):
    digest = digest_for(profile, entries)
    html_text = " ".join(read_html(digest.html).text)

    for match, record in entries:
        assert record.title in digest.text
        assert record.title in html_text
        for reason in match.reasons:
            assert reason in digest.text
            assert reason in html_text


def test_matches_come_best_first_whatever_the_input_order(profile, entries):
    digest = digest_for(profile, list(reversed(entries)))

    positions = [digest.text.index(record.title) for _, record in entries]
    assert positions == sorted(positions)
    assert "1. Solar Microgrids Research Grant" in digest.text


def test_deadlines_amounts_and_links(profile, entries):
    digest = digest_for(profile, entries)
    parsed = read_html(digest.html)

    assert "April 30, 2031 (119 days left)" in digest.text
    assert "January 15, 2031 (14 days left)" in digest.text
    assert "no deadline given" in digest.text
    assert "€45,000" in digest.text
    assert "$1,200" in digest.text
    assert "https://grants.example.org/calls/solar-microgrids-2031" in digest.text
    assert "https://grants.example.org/calls/solar-microgrids-2031" in parsed.hrefs
    assert BASE_URL in parsed.hrefs
    assert "Check the eligibility rules before applying." in digest.text


def test_subject_counts_the_matches(profile, entries):
    assert digest_for(profile, entries).subject == (
        "Opportunity Radar: 3 opportunities for you — January 1, 2031"
    )
    assert digest_for(profile, entries[:1]).subject.startswith(
        "Opportunity Radar: 1 opportunity for you"
    )


def test_russian_digest_has_russian_months_and_plurals(profile, entries):
    digest = digest_for(profile, entries, language="ru")

    assert digest.language == "ru"
    assert "30 апреля 2031" in digest.text
    assert "15 января 2031" in digest.html
    assert "осталось 14 дней" in digest.text
    assert "Почему подходит" in digest.html
    assert "3 возможности" in digest.subject
    assert "1 возможность" in digest_for(profile, entries[:1], language="ru").subject
    assert '<html lang="ru">' in digest.html


def test_russian_plural_for_many(profile, records, make_record, make_match):
    many = [make_record(f"call-{n}") for n in range(5)]
    pairs = [(make_match(r, n + 1, 1.0 / (n + 1)), r) for n, r in enumerate(many)]

    assert "5 возможностей" in digest_for(profile, pairs, language="ru").subject


def test_uzbek_digest_has_uzbek_months(profile, entries):
    digest = digest_for(profile, entries, language="uz")

    assert digest.language == "uz"
    assert "30-aprel, 2031" in digest.text
    assert "15-yanvar, 2031" in digest.html
    assert "Nega mos keladi" in digest.text
    assert "3 ta imkoniyat" in digest.subject


def test_language_argument_overrides_the_profile(profile, entries):
    digest = render_digest(profile, entries, today=TODAY, base_url=BASE_URL, language="ru-RU")

    assert digest.language == "ru"
    assert "апреля" in digest.text


def test_unknown_language_falls_back_to_english(profile, entries):
    digest = digest_for(profile, entries, language="tg")

    assert digest.language == "en"
    assert "April 30, 2031" in digest.text


def test_title_with_markup_is_escaped_in_html_and_literal_in_text(
    profile, make_record, make_match
):
    record = make_record("markup", title="<b>Bold</b> R&D Call")
    match = make_match(record, 1, 0.8, "Keyword <ml> & more")

    digest = digest_for(profile, [(match, record)])

    assert "&lt;b&gt;Bold&lt;/b&gt; R&amp;D Call" in digest.html
    assert "<b>Bold</b>" not in digest.html
    assert "Keyword &lt;ml&gt; &amp; more" in digest.html
    assert "<b>Bold</b> R&D Call" in digest.text
    assert "Keyword <ml> & more" in digest.text
    assert "b" not in read_html(digest.html).tags


def test_hostile_summary_and_url_never_reach_the_html(profile, make_record, make_match):
    record = make_record(
        "hostile",
        summary="<script>alert(1)</script>Useful text<img src=x onerror=alert(2)>",
        url="javascript:alert(3)",
    )

    digest = digest_for(profile, [(make_match(record, 1, 0.5), record)])

    for banned in ("<script", "alert(", "javascript:", "onerror", "<img"):
        assert banned not in digest.html
        assert banned not in digest.text
    assert "Useful text" in digest.html


def test_subject_is_one_line_even_with_a_hostile_name(profile, entries):
    hostile = dataclasses.replace(profile, name="Eve\r\nBcc: everyone@example.org")

    digest = render_digest(hostile, entries, today=TODAY, base_url=BASE_URL)

    assert "\n" not in digest.subject and "\r" not in digest.subject
    assert "Hello, Eve Bcc: everyone@example.org!" in digest.text


def test_no_matches_gives_a_short_digest(profile):
    digest = digest_for(profile, [])

    assert digest.subject == "Opportunity Radar: nothing new for you — January 1, 2031"
    assert "Nothing new matches your profile this time." in digest.text
    assert "Nothing new matches your profile this time." in digest.html


def test_limit_keeps_the_best(profile, entries):
    digest = digest_for(profile, entries, limit=1)

    assert "Solar Microgrids Research Grant" in digest.text
    assert "Water Management" not in digest.text


def test_the_same_matches_in_any_input_order_give_one_digest(profile, records, make_match):
    # Unranked and equally scored, so only the id can order them: input order must not leak.
    tied = [(make_match(record, 0, 0.5, "Matches your interest: energy"), record)
            for record in records]  # fmt: skip
    digests = [digest_for(profile, list(order)) for order in itertools.permutations(tied)]

    assert all(digest == digests[0] for digest in digests)
    titles = ["Rolling Visiting Scholar Programme", "Solar Microgrids Research Grant",
              "Water Management Master's Scholarship"]  # fmt: skip
    positions = [digests[0].text.index(title) for title in titles]
    assert positions == sorted(positions)  # by id: open-call… < solar… < water…


def test_record_first_pairs_are_accepted(profile, entries):
    swapped = [(record, match) for match, record in entries]

    assert digest_for(profile, swapped) == digest_for(profile, entries)


def test_wrong_entry_type_is_a_clear_error(profile, records):
    with pytest.raises(TypeError, match="digest entry 0 is OpportunityRecord"):
        digest_for(profile, [records[0]])
