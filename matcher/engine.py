"""The matching index: opportunities prepared once, matched against any profiles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np

from domain import InstitutionRecord, Match, OpportunityRecord, Profile
from matcher.bm25 import FIELD_WEIGHTS, TextIndex, Words
from matcher.columns import Columns
from matcher.facts import OpportunityFacts
from matcher.glossary import concepts, names_no_topic
from matcher.ranking import CELLS_PER_CHUNK, Curation, Run
from matcher.semantic import DIM, Semantic, opportunity_text, resolve
from matcher.tokenize import raw_words


def call_concepts(opp: OpportunityRecord, words: list[str] | None = None) -> list[str]:
    """Glossary concepts of a call's title and summary, plus its stored fields (``words``:
    the ``raw_words`` of title and summary, when already split)."""
    return concepts(f"{opp.title or ''}. {opp.summary or ''}", opp.fields, words)


def _prepared(opp: OpportunityRecord) -> tuple[list, list[str]]:
    """A call's weighted fields and concepts, its title and summary split into words once
    for both (the BM25 index and the glossary read the same words)."""
    title, summary = raw_words(opp.title or ""), raw_words(opp.summary or "")
    topics = call_concepts(opp, title + summary)
    fields = document_fields(opp, topics)
    fields[0] = (Words(title), fields[0][1])
    fields[1] = (Words(summary), fields[1][1])
    return fields, topics


def document_fields(
    opp: OpportunityRecord, topics: list[str] | None = None
) -> list[tuple[str | list[str], float]]:
    """The weighted text fields of an opportunity that relevance is computed on; the last
    holds its glossary concepts (language-free terms, so a Russian profile meets an English
    call on the same topic; ``topics`` when already computed)."""
    topics = call_concepts(opp) if topics is None else topics
    return [
        (opp.title or "", FIELD_WEIGHTS["title"]),
        (opp.summary or "", FIELD_WEIGHTS["summary"]),
        (" ".join(opp.fields), FIELD_WEIGHTS["fields"]),
        (opp.funder or "", FIELD_WEIGHTS["funder"]),
        (topics, FIELD_WEIGHTS["concepts"]),
    ]


class MatchIndex:
    """Opportunities prepared for matching: text index, eligibility facts, host ranks.

    Build once, then ``match`` any profiles (all of them, or one after an edit), optionally
    against only some opportunities (the new ones after a crawl). ``add`` appends new or
    changed opportunities without re-tokenising the others.

    ``semantic`` (needs the ``semantic`` extra) blends a dense similarity into relevance:
    ``True`` for the default settings, or a ``matcher.semantic.Semantic`` (on-disk cache,
    weights). Off by default: relevance is then lexical and nothing heavy is imported.
    """

    def __init__(
        self,
        opportunities: Sequence[OpportunityRecord],
        institutions: Sequence[InstitutionRecord] | None = None,
        *,
        semantic: Semantic | bool | None = None,
    ):
        self.semantic = resolve(semantic)
        self.vectors = np.zeros((0, DIM), np.float32)  # sentence vectors, one row per record
        self.institutions = list(institutions or [])
        self.records: list[OpportunityRecord] = []
        self.text = TextIndex()
        self.alive = np.zeros(0, bool)
        self.open_topic = np.zeros(0, bool)  # calls that name no topic (open to any field)
        self.facts = OpportunityFacts.build([], self.institutions)
        self._doc_terms: dict[int, dict[str, float]] = {}
        self._columns: dict[date | None, Columns] = {}
        self.add(opportunities)

    def add(self, opportunities: Iterable[OpportunityRecord]) -> None:
        """Append opportunities; one whose id is already indexed replaces the old version."""
        new = list(opportunities)
        if not new:
            return
        alive = np.concatenate([self.alive, np.ones(len(new), bool)])
        for opp in new:
            old = self.facts.index.get(opp.id)
            if old is not None:
                alive[old] = False
        topics: list[list[str]] = []

        def fields_of_each():  # streamed: the words of every call at once would be large
            for opp in new:
                fields, found = _prepared(opp)
                topics.append(found)
                yield fields

        self.text.add(fields_of_each())
        free = [
            names_no_topic(o.title or "", o.summary or "", t)
            for o, t in zip(new, topics, strict=True)
        ]
        self.open_topic = np.concatenate([self.open_topic, np.asarray(free, bool)])
        if self.semantic is not None:  # unchanged texts come from the cache, never re-embedded
            vectors = self.semantic.embed([opportunity_text(opp) for opp in new])
            self.vectors = np.concatenate([self.vectors, vectors])
        facts = OpportunityFacts.build(new, self.institutions)
        self.facts = facts if not self.records else self.facts.extend(facts)
        self.records.extend(new)
        self.alive = alive
        self.facts.index = {opp.id: i for i, opp in enumerate(self.records) if alive[i]}
        self._doc_terms = {}
        self._columns = {}

    def doc_weights(self, o: int) -> dict[str, float]:
        """BM25 weight of each term of opportunity row ``o`` (cached: shown to many people)."""
        cached = self._doc_terms.get(o)
        if cached is None:
            w = self.text.weights()
            start, end = w.indptr[o], w.indptr[o + 1]
            terms = self.text.terms
            pairs = zip(w.indices[start:end].tolist(), w.data[start:end].tolist(), strict=True)
            cached = {terms[t]: v for t, v in pairs}
            self._doc_terms[o] = cached
        return cached

    def _usable(self, today: date | None) -> np.ndarray:
        return self.alive.copy() if today is None else self.facts.open_on(today) & self.alive

    def columns(self, today: date | None, only: Iterable[str] | None = None) -> Columns:
        """The usable opportunities of a day (all alive ones when ``today`` is None)."""
        if only is None:
            cached = self._columns.get(today)
            if cached is None:
                if len(self._columns) >= 4:
                    self._columns.clear()
                cached = self._columns[today] = self._new_columns(self._usable(today), today)
            return cached
        wanted = np.zeros(len(self.records), bool)
        rows = [self.facts.index[i] for i in only if i in self.facts.index]
        wanted[rows] = True
        return self._new_columns(self._usable(today) & wanted, today)

    def _new_columns(self, usable: np.ndarray, today: date | None) -> Columns:
        cols = Columns(self.text, self.facts, usable, today)
        cols.open_topic = self.open_topic[cols.cols]
        if self.semantic is not None:
            cols.vectors = self.vectors[cols.cols]
        return cols

    def match(
        self,
        profiles: Sequence[Profile],
        today: date,
        *,
        curation: Mapping | Curation | None = None,
        limit: int = 50,
        only: Iterable[str] | None = None,
        above: Mapping[str, float] | None = None,
    ) -> list[Match]:
        """Ranked matches for every profile (ranks 1..N, at most ``limit`` each).

        With ``only``, just those opportunity ids are considered (incremental scoring after a
        crawl); scores stay comparable with a full run because corpus statistics are global.
        ``above`` maps a profile id to a score its matches must reach (pass each person's
        stored k-th score, so matches the merge would drop are never built).
        """
        cur = curation if isinstance(curation, Curation) else Curation.from_dict(curation)
        if not profiles or not self.records:
            return []
        run = Run(self, self.columns(today, only), profiles, today, cur, limit, above)
        return run.execute()

    def relevance(self, profiles: Sequence[Profile]) -> np.ndarray:
        """The relevance component alone: profiles x every indexed opportunity (open or not),
        before eligibility and boosts. Used by the evaluations."""
        out = np.zeros((len(profiles), len(self.records)), np.float32)
        if not profiles or not self.records:
            return out
        cols = self.columns(None)
        run = Run(self, cols, profiles, None, Curation(), 0)
        step = max(1, CELLS_PER_CHUNK // max(cols.n, 1))
        for start in range(0, len(profiles), step):
            end = min(len(profiles), start + step)
            out[start:end, cols.cols] = run.relevance(start, end).rel
        return out
