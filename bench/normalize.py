"""Extraction accuracy of crawlers/normalize on the real saved records (fields right / expected).

Reuses the hand-written expectations and fixture readers of
tests/crawlers/normalize/test_real_records.py (real records, needs ../shared/fixtures) and
tests/crawlers/normalize/test_demo_feeds.py (the demo feeds' summaries, our own content), so the
tests and this report never disagree.
Run: ``python bench/normalize.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawlers.normalize.opportunity import normalize_opportunity  # noqa: E402
from domain.eligibility import evidence_text  # noqa: E402


def _test_module(name: str):
    path = REPO / "tests" / "crawlers" / "normalize" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"normalize_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _percent(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "0/0"


def report() -> str:
    """The accuracy report as Markdown."""
    rr = _test_module("test_real_records")
    demo = _demo_feeds(_test_module("test_demo_feeds"))
    if not rr.available():
        return f"Shared fixtures not found at {rr.FIXTURES}; real records not measured.\n\n" + (
            "\n".join(demo) + "\n"
        )
    result = rr.score(rr.TODAY)
    totals, misses = result["totals"], result["misses"]
    lines = [
        "# Normalisation accuracy on real saved records",
        "",
        "Measured by `python bench/normalize.py` on the saved responses in `../shared/fixtures`",
        "(expected values written by hand in `tests/crawlers/normalize/test_real_records.py`).",
        "",
        "| group | fields right / expected |",
        "|---|---|",
    ]
    for group in ("deadline", "country", "amount", "host", "all"):
        if group in totals:
            lines.append(f"| {group} | {_percent(*totals[group])} |")
    lines += ["", "| source | fields right / expected |", "|---|---|"]
    for key in sorted(k for k in totals if k.startswith("source:")):
        lines.append(f"| {key.removeprefix('source:')} | {_percent(*totals[key])} |")
    lines += ["", "## Misses", ""]
    for expected, got in misses:
        why = f" — known: {expected.known_miss}" if expected.known_miss else ""
        shown = got if not isinstance(got, list) or len(got) < 8 else f"{len(got)} codes"
        lines.append(
            f"- {expected.source} `{expected.key}` {expected.field}: expected "
            f"{expected.value!r}, got {shown!r}{why}"
        )
    if not misses:
        lines.append("- none")
    lines += ["", *_unrequested_countries(rr), "", *demo, "", *_throughput(rr)]
    return "\n".join(lines) + "\n"


def _demo_feeds(df) -> list[str]:
    """Accuracy on the demo blog and news feeds, whose facts are only in summary lines."""
    result = df.score(df.TODAY)
    totals, misses = result["totals"], result["misses"]
    lines = [
        "## Demo feeds (facts only in the summaries' labelled lines)",
        "",
        "Measured on `radar/demo/sites/blog/feed.xml` and `news/atom.xml` (our own invented",
        "content; expected values in `tests/crawlers/normalize/test_demo_feeds.py`).",
        "",
        "| group | fields right / expected |",
        "|---|---|",
    ]
    for group in ("deadline", "country", "amount", "other", "all"):
        lines.append(f"| {group} | {_percent(*totals[group])} |")
    lines += ["", "Misses:", ""]
    for expected, got in misses:
        why = f" — known: {expected.known_miss}" if expected.known_miss else ""
        lines.append(
            f"- {expected.source} `{expected.key}` {expected.field}: expected "
            f"{expected.value!r}, got {got!r}{why}"
        )
    if not misses:
        lines.append("- none")
    return lines


def _unrequested_countries(rr) -> list[str]:
    """Abstracts that say nothing about nationality should give no countries: list any that do."""
    flagged, total = [], 0
    for source in ("eu-grants-feed", "nih-grants", "grants-gov", "eu-funding-tenders"):
        for key, item in rr.LOADERS[source]().items():
            total += 1
            record = normalize_opportunity(item, today=rr.TODAY)
            if record.eligible_countries or record.details.get("any_nationality"):
                evidence = (evidence_text(record.details) or "")[:160]
                flagged.append(
                    f"- {source} `{key}`: {record.eligible_countries[:6]} — “{evidence}”"
                )
    return [
        "## Countries read from abstracts (review for wrong guesses)",
        "",
        f"{len(flagged)} of {total} feed/API records got eligible countries from their summary:",
        "",
        *(flagged or ["- none"]),
    ]


def _throughput(rr) -> list[str]:
    items = [item for loader in rr.LOADERS.values() for item in loader().values()]
    start = time.perf_counter()
    for item in items:
        normalize_opportunity(item, today=rr.TODAY)
    elapsed = time.perf_counter() - start
    return [
        "## Speed",
        "",
        f"{len(items)} real items normalised in {elapsed:.2f} s "
        f"({len(items) / elapsed:.0f} items/s, one process, after warm-up of the country index).",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args()
    text = report()
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
