"""`radar crawl` and `radar sources` show a source's whole error, wrapped, never cut mid-word."""

from __future__ import annotations

import io
from datetime import datetime

from rich.console import Console

from radar.cli import render

REASON = (
    "http://127.0.0.1:8000/feed.xml: refused: 127.0.0.1 is a private address; "
    "to crawl it set allow_private = true on this source in the sources file [sic]"
)


def _last_column(draw) -> str:  # type: ignore[no-untyped-def]
    """The text of the table's last column, its wrapped lines joined again."""
    out = io.StringIO()
    draw(Console(file=out, width=100, color_system=None))
    cells = [line.split("│")[-2].strip() for line in out.getvalue().splitlines() if "│" in line]
    return "".join("".join(cells).split())  # folded cells split words anywhere: no spaces


def test_crawl_table_shows_the_whole_reason():
    results = [{"source": "local", "status": "failed", "errors": [REASON, "second"]}]
    cell = _last_column(lambda c: render.crawl_table(c, results))
    assert cell.startswith("".join(REASON.split()))
    assert cell.endswith("(+1more:radarsources)")


def test_sources_table_shows_the_whole_reason():
    sources = [{"name": "local", "health": "failing", "consecutive_failures": 2}]
    runs = [{"source": "local", "status": "failed", "errors": [REASON],
             "started_at": datetime(2026, 11, 27, 9, 0), "stats": {}}]  # fmt: skip
    cell = _last_column(lambda c: render.sources_table(c, sources, runs))
    assert cell == "".join(REASON.split())
