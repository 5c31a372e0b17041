"""Clusters through `radar crawl` and `radar export` over feeds on 127.0.0.1 (issue 9's cases).

Distinct calls with look-alike titles stay apart; a repost of one lot joins that lot only;
one call posted by two sites with different titles is one item; staff split/merge survive re-crawls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from radar.cli import app
from radar.demo.server import serve_folder

pytestmark = pytest.mark.slow
runner = CliRunner()


def _feed(items: list[tuple[str, str, str]]) -> str:
    """RSS with (title, link, description HTML) items; guids are the links."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<description><![CDATA[{d}]]></description></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>http://example.org/</link><description>t</description>{body}</channel></rss>"
    )


class Sites:
    """Feeds written into a folder served on 127.0.0.1, and a database to crawl them into."""

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path / "site"
        self.folder.mkdir()
        (self.folder / "robots.txt").write_text("User-agent: *\nAllow: /\n")
        self.db = f"sqlite:///{tmp_path / 'radar.db'}"
        self.sources = tmp_path / "sources.toml"
        self.names: list[str] = []

    def add(self, name: str, items: list[tuple[str, str, str]]) -> None:
        (self.folder / f"{name}.xml").write_text(_feed(items), encoding="utf-8")
        self.names.append(name)

    def crawl(self) -> None:
        with serve_folder(self.folder) as base:
            self.sources.write_text("".join(
                f'[[sources]]\nname = "{n}"\nspider = "feed"\nurl = "{base}/{n}.xml"\n'
                "allow_private = true\ndownload_delay = 0\n\n"
                for n in self.names
            ))  # fmt: skip
            result = self.cli("crawl", "--sources", str(self.sources))
        assert "ok" in result

    def cli(self, *args: str) -> str:
        result = runner.invoke(app, [*args, "--database-url", self.db], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.output

    def export(self) -> dict[str, dict]:
        rows = [
            json.loads(line) for line in self.cli("export", "opportunities").splitlines() if line
        ]
        return {r["id"]: r for r in rows}


DEADLINE = "<p>Deadline: 1 March 2027</p>"


def test_fifteen_look_alike_calls_export_fifteen(tmp_path):
    sites = Sites(tmp_path)
    for n in range(3):
        sites.add(f"good{n}", [
            (f"good{n} scholarship number {i} for engineering students",
             f"https://good{n}.example.org/calls/{i}", DEADLINE)
            for i in range(5)
        ])  # fmt: skip
    sites.crawl()
    exported = sites.export()
    assert len(exported) == 15
    assert all(row["also_seen_at"] == [] and row["cluster"] is None for row in exported.values())


def test_lots_and_a_repost_export_three_and_staff_rulings_survive_recrawls(tmp_path):
    sites = Sites(tmp_path)
    sites.add("site-a", [
        (f"Research Mobility Grants 2027 - Lot {k}", f"https://a.example.org/rmg-lot-{k}", DEADLINE)
        for k in (1, 2, 3)
    ])  # fmt: skip
    sites.add(
        "site-b",
        [
            (
                "Research Mobility Grants 2027 - Lot 2",
                "https://b.example.org/2026/12/rmg-lot2",
                DEADLINE,
            )
        ],
    )
    sites.crawl()
    exported = sites.export()
    assert len(exported) == 3
    (lot2,) = [r for r in exported.values() if r["title"].endswith("Lot 2")]
    assert lot2["also_seen_at"] == ["https://b.example.org/2026/12/rmg-lot2"]
    (merge,) = lot2["cluster"]["merges"]
    assert merge["rule"] == "same-title" and merge["by"] == "radar" and merge["score"] >= 0.9

    copy = next(m for m in lot2["cluster"]["members"] if m != lot2["id"])
    sites.cli("clusters", "split", copy, "--by", "dilnoza")
    assert len(sites.export()) == 4
    sites.crawl()  # a re-crawl re-clusters: the split stays
    after = sites.export()
    assert len(after) == 4
    split = after[lot2["id"]]["cluster"]["splits"][0]
    assert split["by"] == "dilnoza" and split["at"].startswith("2026-11-27")

    lot1 = next(r["id"] for r in after.values() if r["title"].endswith("Lot 1"))
    shown = sites.cli("clusters", "merge", lot1, copy, "--by", "aziz")
    assert "manual" in shown and "aziz" in shown
    sites.crawl()
    merged = sites.export()
    assert len(merged) == 3
    cluster = next(
        r["cluster"] for r in merged.values() if r["cluster"] and copy in r["cluster"]["members"]
    )
    assert lot1 in cluster["members"]
    assert [m["rule"] for m in cluster["merges"]] == ["manual"]
    listing = sites.cli("clusters", "--id", copy)
    assert "kept apart" in listing and "dilnoza" in listing


def test_two_sites_different_titles_one_official_link_export_one_item_with_both_links(tmp_path):
    official = '<p>Apply on the <a href="https://fund.example.org/calls/visiting-2027?utm_source=blog">funder\'s page</a>.</p>'
    sites = Sites(tmp_path)
    sites.add("blog-a", [(
        "Visiting researcher positions at Tashkent Tech", "https://a.example.org/p/77",
        DEADLINE + official + '<p><a href="https://facebook.com/sharer?u=x">Share</a></p>',
    )])  # fmt: skip
    sites.add("blog-b", [(
        "Short research stays for young scientists (Uzbekistan)", "https://b.example.org/stays",
        DEADLINE + official.replace("https://fund", "http://www.fund").replace("?utm_source=blog", "/"),
    )])  # fmt: skip
    sites.crawl()
    (item,) = sites.export().values()
    links = {item["url"], *item["also_seen_at"]}
    assert links == {"https://a.example.org/p/77", "https://b.example.org/stays"}
    assert item["cluster"]["merges"][0]["rule"] == "official-link"
