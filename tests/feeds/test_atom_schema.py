"""Every Atom file we publish is valid against RFC 4287's schema, and the check can fail."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from domain import Kind, Level, Match, OpportunityRecord, Profile, Role, Status
from feeds import FeedSpec, render_atom
from radar.jobs.publish import publish_feeds
from storage import repository as repo
from tests.feeds.atom_schema import ATOM_RNC, ATOM_RNG, NS, atom_errors

A = "{http://www.w3.org/2005/Atom}"
BASE = "https://radar.example.uz"
# RFC 2141: "urn:" NID ":" NSS, the NSS of letters, digits, ()+,-.:=@;$_!*' and %XX only.
URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:(?:[A-Za-z0-9()+,\-.:=@;$_!*']|%[0-9A-Fa-f]{2})+")
# No NUL: PostgreSQL text cannot hold one (crawlers strip it); the any-text test has it.
HOSTILE = "<script>alert(1)</script> ]]> &amp; \x0b\x1b\u202e Ўзбекистон 🎓"


def seed_everything(engine) -> None:  # type: ignore[no-untyped-def]
    """Calls of every kind and level, several countries, picks, a group, a moved deadline and
    amount, hostile text, one closed and one hidden call: every feed `radar publish` writes."""
    calls = [
        OpportunityRecord(
            f"demo/{kind.value}-{i}", "demo", f"https://calls.example.org/{kind.value}/{i}",
            f"{kind.value} {i} {HOSTILE}", summary=f"<p>{HOSTILE}</p><a href='javascript:x'>a</a>",
            kind=kind, levels=[list(Level)[i % len(Level)]], fields=["physics", HOSTILE],
            host_country=("DE", "uz", "KR", "")[i % 4], funder=HOSTILE, amount=1000.0 * i,
            currency=("EUR", "US$", None)[i % 3], deadline=date(2027, 1, 1 + i) if i else None,
            status=Status.OPEN,
        )
        for i, kind in enumerate(Kind)
    ]  # fmt: skip
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 20))
    moved = copy.copy(calls[1])
    moved.deadline, moved.amount = date(2027, 5, 1), 99.5
    closed = copy.copy(calls[2])
    closed.status = Status.CLOSED
    repo.upsert_opportunities(engine, [moved, closed], datetime(2026, 11, 25))
    repo.upsert_profiles(engine, [Profile("m1", "M", Role.STUDENT, details={"groups": ["masters"]})])
    repo.set_flags(engine, calls[3].id, featured=True)
    repo.set_flags(engine, calls[4].id, hidden=True)
    repo.recommend(engine, calls[5].id, group="masters", note=HOSTILE)


def test_every_atom_file_radar_publish_writes_is_valid(engine, tmp_path):
    seed_everything(engine)
    publish_feeds(engine, tmp_path, date(2026, 11, 27), BASE)
    files = sorted(tmp_path.rglob("*.atom"))
    folders = {p.parent.name for p in files}
    assert {"kind", "level", "country", "group"} <= folders and (tmp_path / "picks.atom") in files
    for path in files:
        assert atom_errors(path.read_bytes()) == [], path
    # Entry ids are RFC 2141 URNs in every format (the W3C validator rejected "urn:radar:a/b").
    ids = [e.text for p in files for e in etree.parse(str(p)).iter(f"{A}id")]
    ids += [g.text for p in tmp_path.rglob("*.rss") for g in etree.parse(str(p)).iter("guid")]
    ids += [line[4:].strip() for p in tmp_path.rglob("*.ics")
            for line in p.read_text().splitlines() if line.startswith("UID:")]  # fmt: skip
    assert len(ids) > 100 and all(URN.fullmatch(i) for i in ids), [i for i in ids if not URN.fullmatch(i)]


def _mutations() -> dict:
    def drop(tag):  # type: ignore[no-untyped-def]
        return lambda root: root.remove(root.find(tag))

    def entry(change):  # type: ignore[no-untyped-def]
        return lambda root: change(root.find(f"{A}entry"))

    return {
        "feed without id": drop(f"{A}id"),
        "feed without author and its entries too": drop(f"{A}author"),
        "two titles": lambda r: r.insert(0, copy.deepcopy(r.find(f"{A}title"))),
        "updated is not a date": lambda r: setattr(r.find(f"{A}updated"), "text", "yesterday"),
        "bad xml:lang": lambda r: r.set("{http://www.w3.org/XML/1998/namespace}lang", "en us"),
        "entry without title": entry(lambda e: e.remove(e.find(f"{A}title"))),
        "entry without link or content": entry(
            lambda e: [e.remove(x) for x in e.findall(f"{A}link") + e.findall(f"{A}content")]),
        "unknown atom element": entry(lambda e: e.append(etree.Element(f"{A}bogus"))),
        "month 13": entry(lambda e: setattr(e.find(f"{A}published"), "text", "2026-13-01")),
        "media type without slash": entry(lambda e: e.find(f"{A}content").set("type", "weird")),
        "link without href": entry(lambda e: e.find(f"{A}link").attrib.pop("href")),
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_a_broken_atom_file_fails_the_check(engine, tmp_path, name):
    seed_everything(engine)
    publish_feeds(engine, tmp_path, date(2026, 11, 27), BASE)
    root = etree.fromstring((tmp_path / "all.atom").read_bytes())
    assert root.find(f"{A}entry") is not None and atom_errors(etree.tostring(root)) == []
    _mutations()[name](root)
    assert atom_errors(etree.tostring(root)), name


def test_not_xml_fails_the_check():
    assert atom_errors(b"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</feed>")
    assert atom_errors(b'<rss version="2.0"><channel/></rss>')  # RSS is not Atom


def test_the_rng_is_trangs_translation_of_the_rfc_text(tmp_path):
    trang = shutil.which("trang")
    if trang is None:
        pytest.skip("Debian's trang is not installed; atom.rng was made with it from atom.rnc")
    out = tmp_path / "atom.rng"
    subprocess.run([trang, "-I", "rnc", "-O", "rng", str(ATOM_RNC), str(out)], check=True)
    assert out.read_bytes() == ATOM_RNG.read_bytes()


def test_the_schema_holds_the_rfcs_rules():
    grammar = etree.parse(str(ATOM_RNG))
    defines = {d.get("name") for d in grammar.iter("{http://relaxng.org/ns/structure/1.0}define")}
    assert {"atomFeed", "atomEntry", "atomPersonConstruct", "atomLink", "xhtmlDiv"} <= defines
    assert NS["atom"] in ATOM_RNC.read_text()


_text = st.text(max_size=40) | st.sampled_from([HOSTILE, "]]>", "\x1b[0m", "", " "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, summary=_text, field=_text, reason=_text, country=_text, language=_text)
def test_any_text_gives_a_valid_atom_feed(title, summary, field, reason, country, language):
    record = OpportunityRecord(
        "src/x", "src", "https://calls.example.org/x", title, summary=summary, fields=[field],
        host_country=country, kind=Kind.GRANT, deadline=date(2027, 1, 1),
    )  # fmt: skip
    spec = FeedSpec(id=title or "x", title=title, link=f"{BASE}/p/t/",
                    self_url=f"{BASE}/p/t/feed.atom", description=summary, language=language)  # fmt: skip
    match = Match("p", "src/x", 0.5, 1, reasons=[reason])
    assert atom_errors(render_atom(spec, [(record, match)])) == []
