"""RSS 2.0 and Atom output, checked by parsing it back with feedparser."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime

import feedparser
import pytest
from lxml import etree

from domain import Eligibility, Kind
from feeds import FeedSpec, guid_for, render_atom, render_rss

RENDERERS = [pytest.param(render_rss, id="rss"), pytest.param(render_atom, id="atom")]
HOSTILE_SUMMARY = (
    "Apply now.<script>alert('owned')</script>"
    '<a href="javascript:alert(1)" onclick="steal()">click</a>'
    '<img src="x" onerror="steal()">'
    '<a href="https://grants.example.org/rules">rules</a>'
)


def parse(data: bytes) -> feedparser.FeedParserDict:
    # Our sanitiser is what is under test, so feedparser's own must not hide its mistakes.
    parsed = feedparser.parse(data, sanitize_html=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def content_of(entry: feedparser.FeedParserDict) -> str:
    return entry.content[0].value


@pytest.mark.parametrize("render", RENDERERS)
def test_feed_holds_one_entry_per_record_with_title_link_and_guid(render, spec, records):
    parsed = parse(render(spec, records))

    assert len(parsed.entries) == 3
    assert [e.title for e in parsed.entries] == [r.title for r in records]
    assert [e.link for e in parsed.entries] == [r.url for r in records]
    assert [e.id for e in parsed.entries] == [guid_for(r.id) for r in records]
    assert all("/" not in e.id for e in parsed.entries)  # RFC 2141: "/" is reserved
    assert parsed.feed.title == spec.title
    assert parsed.feed.link == spec.link


def _render_elsewhere(render, spec, records, tmp_path, hash_seed: str) -> bytes:
    """Render in a fresh interpreter with its own hash seed, so set and dict orders differ."""
    job = tmp_path / f"job-{hash_seed}.pickle"
    job.write_bytes(pickle.dumps((render.__name__, spec, records)))
    code = (
        "import pickle, sys\n"
        "import feeds\n"
        "name, spec, records = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "sys.stdout.buffer.write(getattr(feeds, name)(spec, records))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", code, str(job)], capture_output=True, check=True, env=env
    )
    return done.stdout


@pytest.mark.parametrize("render", RENDERERS)
def test_separate_runs_give_the_same_bytes_and_the_urn_guids(render, spec, records, tmp_path):
    here = render(spec, records)
    runs = [_render_elsewhere(render, spec, records, tmp_path, seed) for seed in ("1", "2")]

    assert runs == [here, here]
    assert [e.id for e in parse(here).entries] == [
        "urn:radar:demo-grants%2Fsolar-microgrids-2031",
        "urn:radar:demo-grants%2Fopen-call-no-deadline",
        "urn:radar:demo-grants%2Fwater-masters-2031",
    ]


@pytest.mark.parametrize("render", RENDERERS)
def test_guid_survives_a_changed_title_and_url(render, spec, records, make_record):
    changed = make_record(
        "solar-microgrids-2031",
        title="Solar Microgrids Research Grant (extended)",
        url="https://grants.example.org/calls/solar-microgrids-2031?v=2",
    )

    before = parse(render(spec, records[:1])).entries[0].id
    after = parse(render(spec, [changed])).entries[0].id

    assert before == after == guid_for("demo-grants/solar-microgrids-2031")


def test_rss_guid_is_not_a_permalink(spec, records):
    data = render_rss(spec, records)

    assert data.count(b'isPermaLink="false"') == 3
    assert all(e.guidislink is False for e in parse(data).entries)


@pytest.mark.parametrize("render", RENDERERS)
def test_empty_item_list_gives_a_valid_empty_feed(render, spec):
    parsed = parse(render(spec, []))

    assert parsed.entries == []
    assert parsed.feed.title == spec.title
    assert parsed.version in ("rss20", "atom10")


@pytest.mark.parametrize("render", RENDERERS)
def test_script_and_javascript_are_stripped_from_content(render, spec, make_record):
    record = make_record(
        "hostile", summary=HOSTILE_SUMMARY, url="javascript:alert(document.cookie)"
    )

    data = render(spec, [record])
    entry = parse(data).entries[0]
    content = content_of(entry)

    for banned in ("<script", "alert(", "javascript:", "onclick", "onerror", "<img"):
        assert banned not in content
        assert banned not in entry.summary
    assert b"javascript:" not in data
    assert '<a href="https://grants.example.org/rules"' in content
    # A link a reader would follow must never be the javascript: URL; none is better.
    assert all("javascript" not in link.href for link in entry.get("links", []))


@pytest.mark.parametrize("render", RENDERERS)
def test_control_characters_are_removed(render, spec, make_record):
    record = make_record(
        "controls",
        title="Grant\x00 for\x07 AI\x1b research",
        summary="Line\x0bone\x0c and\x7f two\x85",
        fields=["robot\x08ics"],
    )

    entry = parse(render(spec, [record])).entries[0]

    assert entry.title == "Grant for AI research"
    assert "Lineone and two" in content_of(entry)
    assert "robotics" in [tag.term for tag in entry.tags]


def test_markup_in_titles_is_text_not_html_in_atom(spec, make_record):
    record = make_record("markup", title="R&D <b>Bold</b> Call")

    data = render_atom(spec, [record])

    assert b'<title>R&amp;D &lt;b&gt;Bold&lt;/b&gt; Call</title>' in data
    assert parse(data).entries[0].title == "R&D <b>Bold</b> Call"
    assert parse(data).entries[0].title_detail.type == "text/plain"


def test_markup_in_titles_is_plain_text_in_rss(spec, make_record):
    # RSS 2.0 titles are plain text; feedparser guesses HTML for them, so read the XML itself.
    record = make_record("markup", title="R&D <b>Bold</b> Call")

    root = etree.fromstring(render_rss(spec, [record]))

    assert root.findtext("channel/item/title") == "R&D <b>Bold</b> Call"


@pytest.mark.parametrize("render", RENDERERS)
def test_categories_are_kind_levels_and_fields(render, spec, records):
    entry = parse(render(spec, records[:1])).entries[0]

    assert [(t.term, t.scheme) for t in entry.tags] == [
        ("grant", "urn:radar:kind"),
        ("faculty", "urn:radar:level"),
        ("postdoc", "urn:radar:level"),
        ("energy", "urn:radar:field"),
        ("electrical engineering", "urn:radar:field"),
    ]


@pytest.mark.parametrize("render", RENDERERS)
def test_content_shows_deadline_amount_and_summary(render, spec, records):
    entries = parse(render(spec, records)).entries

    first = content_of(entries[0])
    assert "April 30, 2031" in first
    assert "€45,000" in first
    assert "<em>solar</em> microgrids" in first
    assert "Invented Energy Foundation" in first
    assert "no deadline given" in content_of(entries[1])
    assert "solar microgrids in Central Asia" in entries[0].summary


def test_atom_timestamps_come_from_the_records_never_from_the_clock(spec, records):
    parsed = parse(render_atom(spec, records))

    assert [_utc(e.updated_parsed) for e in parsed.entries] == [
        datetime(2030, 2, 1, 9, 30, tzinfo=UTC),  # last_changed
        datetime(1970, 1, 1, tzinfo=UTC),  # no timestamps at all: a fixed value
        datetime(2030, 3, 2, 12, 0, tzinfo=UTC),
    ]
    assert [_utc(e.published_parsed) for e in parsed.entries] == [
        datetime(2030, 1, 5, 8, 0, tzinfo=UTC),  # first_seen
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2030, 1, 5, 8, 0, tzinfo=UTC),
    ]
    # The feed is as new as its newest entry.
    assert _utc(parsed.feed.updated_parsed) == datetime(2030, 3, 2, 12, 0, tzinfo=UTC)


def test_rss_dates_come_from_the_records_never_from_the_clock(spec, records):
    parsed = parse(render_rss(spec, records))

    assert [_utc(e.published_parsed) for e in parsed.entries] == [
        datetime(2030, 1, 5, 8, 0, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2030, 1, 5, 8, 0, tzinfo=UTC),
    ]
    assert b"<lastBuildDate>Sat, 02 Mar 2030 12:00:00 +0000</lastBuildDate>" in render_rss(
        spec, records
    )


def test_empty_feed_has_a_fixed_timestamp(spec):
    assert b"<lastBuildDate>Thu, 01 Jan 1970 00:00:00 +0000</lastBuildDate>" in render_rss(
        spec, []
    )
    assert b"<updated>1970-01-01T00:00:00+00:00</updated>" in render_atom(spec, [])


def test_naive_timestamps_are_taken_as_utc(spec, make_record):
    naive = make_record("naive", last_changed=datetime(2030, 5, 6, 7, 8, 9))
    aware = make_record("naive", last_changed=datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC))

    assert render_atom(spec, [naive]) == render_atom(spec, [aware])


def test_spec_updated_overrides_the_feed_timestamp(spec, records):
    fixed = FeedSpec(**{**_spec_fields(spec), "updated": datetime(2032, 1, 1, tzinfo=UTC)})

    parsed = parse(render_atom(fixed, records))

    assert parsed.feed.updated.startswith("2032-01-01T00:00:00")


@pytest.mark.parametrize("render", RENDERERS)
def test_profile_feed_entries_carry_score_and_reasons(render, spec, records, make_match):
    solar, _, water = records
    items = [
        (solar, make_match(solar, 1, 0.91, "Your interest «microgrids» & <energy>")),
        (
            water,
            make_match(water, 2, 0.4, "Level fits: master", eligibility=Eligibility.CHECK),
        ),
    ]

    entries = parse(render(spec, items)).entries

    assert [e.title for e in entries] == [solar.title, water.title]
    first, second = content_of(entries[0]), content_of(entries[1])
    assert "Match score:</strong> 0.91" in first
    assert "Your interest «microgrids» &amp; &lt;energy&gt;" in first
    assert "Level fits: master" in second
    assert "Check the eligibility rules before applying." in second


@pytest.mark.parametrize("render", RENDERERS)
def test_match_first_pairs_are_accepted_too(render, spec, records, make_match):
    solar = records[0]
    match = make_match(solar, 1, 0.5, "reason one")

    assert render(spec, [(match, solar)]) == render(spec, [(solar, match)])


@pytest.mark.parametrize("render", RENDERERS)
def test_repeated_ids_give_one_entry(render, spec, records):
    parsed = parse(render(spec, [records[0], records[1], records[0]]))

    assert [e.id for e in parsed.entries] == [guid_for(records[0].id), guid_for(records[1].id)]


def test_russian_feed_uses_russian_labels_and_dates(spec, records):
    russian = FeedSpec(**{**_spec_fields(spec), "language": "ru"})

    entry = parse(render_atom(russian, records[:1])).entries[0]

    assert "Срок подачи" in content_of(entry)
    assert "30 апреля 2031" in content_of(entry)
    assert "Германия" in content_of(entry)


@pytest.mark.parametrize("render", RENDERERS)
def test_wrong_item_type_is_a_clear_error(render, spec, records):
    with pytest.raises(TypeError, match="feed item 1 is dict"):
        render(spec, [records[0], {"title": "not a record"}])


@pytest.mark.parametrize("render", RENDERERS)
def test_spec_without_absolute_links_is_a_clear_error(render, spec):
    broken = FeedSpec(**{**_spec_fields(spec), "self_url": "feeds/all.atom"})

    with pytest.raises(ValueError, match=r"feed 'all'.*absolute http"):
        render(broken, [])


def test_every_kind_renders(spec, make_record):
    items = [make_record(f"kind-{kind.value}", kind=kind) for kind in Kind]

    parsed = parse(render_rss(spec, items))

    assert [e.tags[0].term for e in parsed.entries] == [kind.value for kind in Kind]


def _utc(parsed_time) -> datetime:
    return datetime(*parsed_time[:6], tzinfo=UTC)


def _spec_fields(spec: FeedSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in FeedSpec.__slots__}


def test_feed_id_comes_from_the_spec_id_not_the_host(spec):
    moved = FeedSpec(**{
        **_spec_fields(spec),
        "id": "profile:staff dilnoza",
        "link": "https://other-host.example.uz/",
        "self_url": "https://other-host.example.uz/feeds/p.atom",
    })

    parsed = parse(render_atom(moved, []))

    assert parsed.feed.id == "urn:radar:feed:profile:staff%20dilnoza"


def test_a_feed_with_no_title_and_a_control_character_id_is_still_written():
    """The id stands in for an empty title, so it is cleaned like a title (hypothesis found
    an escape character reaching lxml there)."""
    spec = FeedSpec(id="\x1b", title="\x1b", link="https://radar.example.org/",
                    self_url="https://radar.example.org/feeds/x.atom")  # fmt: skip
    for render in (render_atom, render_rss):
        title = feedparser.parse(render(spec, [])).feed.title
        assert title == "Opportunity Radar"
