"""Matcher speed on a synthetic corpus, as ratios against bm25s and rank_bm25 in the same run.

Usage: python bench/match.py [--profiles 10000] [--opportunities 100000] [--rank-bm25-sample 20]

Measures: a full rematch (index build + every profile, top 50, with eligibility and reasons),
its peak memory, single-profile rescoring latency, adding 1,000 new opportunities and scoring
only them against every profile; then bm25s (index + top-50 retrieval of the same profile
texts over the same opportunity texts, no eligibility) and rank_bm25 (extrapolated from a
sample of queries: it loops in Python over every document for every query term).
Both baselines run single-threaded, like the matcher.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain import (
    InstitutionRecord,
    Kind,
    Level,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
)
from matcher import MatchIndex, merge_matches
from matcher.engine import call_concepts, document_fields

TODAY = date(2025, 3, 8)
COUNTRIES = ["UZ", "KZ", "KG", "TJ", "TM", "RU", "DE", "FR", "US", "CN", "IN", "TR", "EG", "BR"]
GROUPS = ["Central Asia", "developing countries", "EU", "Partner Countries", "CIS"]


def _vocabulary(n: int, rng: np.random.Generator) -> np.ndarray:
    """Pronounceable lower-case pseudo-words, so the tokenizer and stemmer do real work."""
    consonants, vowels = list("bdfgklmnprstvz"), list("aeiou")
    words = set()
    while len(words) < n:
        syllables = rng.integers(2, 5)
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return np.array(sorted(words))


class Corpus:
    """Zipf-Mandelbrot distributed words (p ~ 1/(rank + 20)^1.05): the most frequent word is
    0.75% of tokens and the top 100 are 27%, like content words of English text once the
    stopwords are gone (the tokenizer removes real stopwords; these pseudo-words have none).
    Profiles draw from the same distribution as calls."""

    def __init__(self, seed: int = 1, vocab: int = 40_000):
        self.rng = np.random.default_rng(seed)
        self.words = _vocabulary(vocab, self.rng)
        ranks = np.arange(1, vocab + 1)
        p = 1.0 / (ranks + 20) ** 1.05
        self.p = p / p.sum()

    def text(self, n_words: int) -> str:
        return " ".join(self.words[self.rng.choice(len(self.words), n_words, p=self.p)])

    def texts(self, count: int, n_words: int) -> list[str]:
        picks = self.rng.choice(len(self.words), (count, n_words), p=self.p)
        return [" ".join(row) for row in self.words[picks]]

    def opportunities(self, count: int, start: int = 0) -> list[OpportunityRecord]:
        rng = self.rng
        titles = self.texts(count, 8)
        summaries = self.texts(count, 70)
        fields = self.texts(count, 2)
        kinds = list(Kind)
        levels = list(Level)
        opps = []
        for i in range(count):
            details: dict = {}
            roll = rng.random(6)
            if roll[0] < 0.3:
                details["any_nationality"] = True
            if roll[1] < 0.15:
                details["max_age"] = int(rng.choice([30, 35, 40]))
            if roll[2] < 0.15:
                details["language_requirements"] = {"IELTS": float(rng.choice([6.0, 6.5, 7.0]))}
            if roll[3] < 0.1:
                details["min_gpa"] = float(rng.choice([0.7, 0.75, 0.8]))
            if roll[4] < 0.2:
                details["fully_funded"] = True
            countries = []
            if roll[5] < 0.4:
                countries = list(rng.choice(COUNTRIES + GROUPS, int(rng.integers(1, 4))))
            opps.append(
                OpportunityRecord(
                    id=f"syn/{start + i}",
                    source="syn",
                    url=f"https://example.org/{start + i}",
                    title=titles[i],
                    summary=summaries[i],
                    fields=[fields[i]],
                    funder=f"Funder {i % 500}",
                    kind=kinds[int(rng.integers(len(kinds)))],
                    levels=list(rng.choice(levels, int(rng.integers(0, 3)), replace=False)),
                    eligible_countries=countries,
                    host_institution=f"University {int(rng.integers(0, 3000))}",
                    deadline=TODAY + timedelta(days=int(rng.integers(-60, 300))),
                    details=details,
                )
            )
        return opps

    def profiles(self, count: int) -> list[Profile]:
        rng = self.rng
        interests = self.texts(count, 12)
        keywords = self.texts(count, 3)
        roles = list(Role)
        out = []
        for i in range(count):
            role = roles[int(rng.integers(len(roles)))]
            level = {
                Role.STUDENT: [Level.BACHELOR, Level.MASTER, Level.PHD],
                Role.FACULTY: [Level.FACULTY, Level.POSTDOC],
                Role.STAFF: [Level.STAFF],
            }[role][int(rng.integers(0, 3 if role == Role.STUDENT else 1))]
            details: dict = {}
            if rng.random() < 0.5:
                details["language_tests"] = {"IELTS": float(rng.choice([5.5, 6.5, 7.5]))}
            if role == Role.STUDENT and rng.random() < 0.7:
                details["gpa"] = f"{rng.choice([2.8, 3.2, 3.6, 3.9])}/4"
            out.append(
                Profile(
                    id=f"p{i}",
                    name=f"Person {i}",
                    role=role,
                    level=level,
                    interests=interests[i],
                    keywords=keywords[i].split(),
                    citizenship=str(rng.choice(COUNTRIES[:6])),
                    birth_date=date(int(rng.integers(1965, 2006)), 6, 15),
                    details=details,
                )
            )
        return out

    def institutions(self) -> list[InstitutionRecord]:
        return [
            InstitutionRecord(
                id=f"inst/{k}", name=f"University {k}", ranks=[RankEntry("THE", 2024, str(k + 1))]
            )
            for k in range(0, 3000, 2)
        ]


# -- measuring --------------------------------------------------------------------------------


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class Measure:
    """Wall time and peak resident memory growth of a block (Linux /proc)."""

    def __enter__(self):
        self.can_peak = _reset_peak()
        self.rss0 = _rss_kib("VmRSS")
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        growth = max(0, _rss_kib("VmHWM") - self.rss0) / 1024
        self.peak_mib = growth if self.can_peak else float("nan")


def _doc_text(opp: OpportunityRecord) -> str:
    return " ".join(text for text, _ in document_fields(opp) if isinstance(text, str))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=100_000)
    parser.add_argument("--rank-bm25-sample", type=int, default=20)
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    corpus = Corpus()
    opps = corpus.opportunities(args.opportunities)
    profiles = corpus.profiles(args.profiles)
    institutions = corpus.institutions()
    new_opps = corpus.opportunities(1_000, start=args.opportunities)
    print(f"corpus generated in {time.perf_counter() - t:.1f}s", file=sys.stderr)

    with Measure() as build:
        index = MatchIndex(opps, institutions)
    with Measure() as rematch:
        matches = index.match(profiles, TODAY, limit=50)
    full_seconds = build.seconds + rematch.seconds
    print(
        f"full rematch: build {build.seconds:.1f}s + match {rematch.seconds:.1f}s, "
        f"{len(matches)} matches",
        file=sys.stderr,
    )

    latencies = []
    for p in profiles[:25]:
        t = time.perf_counter()
        index.match([p], TODAY, limit=50)
        latencies.append(time.perf_counter() - t)
    single = statistics.median(latencies)

    # after a crawl: score only the new calls, and only where they can enter a stored top 50
    floors: dict[str, list[float]] = {}
    for m in matches:
        floors.setdefault(m.profile_id, []).append(m.score)
    above = {pid: min(scores) for pid, scores in floors.items() if len(scores) == 50}
    new_ids = [o.id for o in new_opps]
    with Measure() as add:
        index.add(new_opps)
        fresh = index.match(profiles, TODAY, limit=50, only=new_ids, above=above)
        merged = merge_matches(matches, fresh, rescored=new_ids, limit=50)
    print(
        f"add 1000: {add.seconds:.1f}s, {len(fresh)} new matches kept, {len(merged)} merged",
        file=sys.stderr,
    )

    # the cross-language path: glossary concepts of every call (part of the build above),
    # timed alone for a full rebuild and for a day's 1,000 new calls
    with Measure() as concepts_all:
        for o in opps:
            call_concepts(o)
    with Measure() as concepts_new:
        for o in new_opps:
            call_concepts(o)

    rows = [
        (
            "matcher: full rematch (build index + match all, top 50, eligibility, reasons)",
            full_seconds,
            rematch.peak_mib + build.peak_mib,
        ),
        ("  of which index build", build.seconds, build.peak_mib),
        ("  of which matching", rematch.seconds, rematch.peak_mib),
        ("matcher: rescore one profile (median of 25, index built)", single, float("nan")),
        (
            "matcher: add 1,000 opportunities, score them against all profiles, merge",
            add.seconds,
            add.peak_mib,
        ),
        (
            f"cross-language concepts (glossary): full rebuild, {len(opps):,} calls",
            concepts_all.seconds,
            concepts_all.peak_mib,
        ),
        ("cross-language concepts (glossary): 1,000 new calls", concepts_new.seconds, float("nan")),
    ]
    ratios = []
    if not args.skip_baselines:
        import bm25s
        import rank_bm25

        texts = [_doc_text(o) for o in opps]
        queries = [p.text() for p in profiles]
        with Measure() as b_build:
            tokens = bm25s.tokenize(texts, stopwords="en", show_progress=False)
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
        with Measure() as b_query:
            q_tokens = bm25s.tokenize(queries, stopwords="en", show_progress=False)
            retriever.retrieve(q_tokens, k=50, show_progress=False, n_threads=1)
        b_total = b_build.seconds + b_query.seconds
        rows += [
            (
                "bm25s: index + top-50 retrieval for all profiles (no eligibility)",
                b_total,
                b_build.peak_mib + b_query.peak_mib,
            ),
            ("  of which retrieval", b_query.seconds, b_query.peak_mib),
        ]
        ratios.append(
            ("full rematch throughput vs bm25s (higher = faster)", b_total / full_seconds)
        )
        ratios.append(("matching vs bm25s retrieval alone", b_query.seconds / rematch.seconds))

        with Measure() as r_build:
            okapi = rank_bm25.BM25Okapi([t.lower().split() for t in texts])
        sample = queries[: args.rank_bm25_sample]
        t = time.perf_counter()
        for q in sample:
            scores = okapi.get_scores(q.lower().split())
            np.argpartition(-scores, 50)[:50]
        per_query = (time.perf_counter() - t) / len(sample)
        r_total = r_build.seconds + per_query * len(queries)
        rows.append(
            (
                f"rank_bm25: index + all profiles (extrapolated from {len(sample)} queries)",
                r_total,
                r_build.peak_mib,
            )
        )
        ratios.append(("full rematch speed-up vs rank_bm25", r_total / full_seconds))

    print(
        f"## Matcher benchmark ({args.profiles:,} profiles x {args.opportunities:,} opportunities)"
    )
    print()
    print(
        f"Command: `python bench/match.py --profiles {args.profiles} "
        f"--opportunities {args.opportunities}`  "
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}; single-threaded."
    )
    print()
    print("| step | seconds | peak memory growth (MiB) |")
    print("| --- | --- | --- |")
    for name, seconds, mib in rows:
        mem = "–" if mib != mib else f"{mib:,.0f}"
        shown = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f}"
        print(f"| {name} | {shown} | {mem} |")
    if ratios:
        print()
        print("| ratio | value |")
        print("| --- | --- |")
        for name, value in ratios:
            print(f"| {name} | {value:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
