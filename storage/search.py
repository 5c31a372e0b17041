"""Full-text search over opportunities: SQLite FTS5 (migration 0101) or PostgreSQL's
to_tsvector, with the column filters in SQL. Returns ids with a relevance score."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, literal_column, or_, select, text

from domain import Status
from storage.models import Opportunity

_TABLE = Opportunity.__table__
_WORD = re.compile(r"\w+", re.UNICODE)
CLOSED = (Status.CLOSED.value, Status.EXPIRED.value)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What the SQL can filter on; list-valued fields (levels) are filtered by the caller."""

    words: str = ""
    kind: str = ""
    host_country: str = ""
    source: str = ""
    status: str = "open"  # open | closed | any
    today: date | None = None  # "open" and "closed" are judged on this day
    deadline_to: date | None = None


def search_ids(engine: Engine, filters: SearchFilters) -> list[tuple[str, float]]:
    """Canonical opportunity ids that match, each with a relevance (higher is better; 0.0
    without words), in no particular order."""
    words = _WORD.findall(filters.words)[:20]
    stmt = select(_TABLE.c.id).where(_TABLE.c.canonical_id.is_(None))
    stmt = _column_filters(stmt, filters)
    if not words:
        with engine.connect() as conn:
            return [(row[0], 0.0) for row in conn.execute(stmt)]
    if engine.dialect.name == "sqlite":
        # Each word quoted (no FTS syntax reaches FTS5 from users) and prefix-matched.
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        hits = (
            text(
                "SELECT rowid AS rid, -bm25(opportunities_fts) AS score FROM opportunities_fts "
                "WHERE opportunities_fts MATCH :match"
            )
            .columns(literal_column("rid"), literal_column("score"))
            .subquery("hits")
        )
        joined = _TABLE.join(hits, literal_column("opportunities.rowid") == hits.c.rid)
        stmt = stmt.add_columns(hits.c.score).select_from(joined)
        params = {"match": match}
    else:
        document = func.to_tsvector(
            "simple",
            func.concat_ws(" ", _TABLE.c.title, _TABLE.c.summary, _TABLE.c.funder,
                           _TABLE.c.host_institution),
        )  # fmt: skip
        query = func.to_tsquery("simple", " & ".join(f"{w}:*" for w in words))
        stmt = stmt.add_columns(func.ts_rank(document, query).label("score")).where(
            document.op("@@")(query)
        )
        params = {}
    with engine.connect() as conn:
        return [(row[0], float(row[1])) for row in conn.execute(stmt, params)]


def _column_filters(stmt, f: SearchFilters):  # type: ignore[no-untyped-def]
    if f.kind:
        stmt = stmt.where(_TABLE.c.kind == f.kind)
    if f.host_country:
        stmt = stmt.where(_TABLE.c.host_country == f.host_country.upper())
    if f.source:
        stmt = stmt.where(_TABLE.c.source == f.source)
    if f.deadline_to is not None:
        stmt = stmt.where(_TABLE.c.deadline <= f.deadline_to)
    if f.status != "any" and f.today is not None:
        open_ = (_TABLE.c.status.notin_(CLOSED)) & or_(
            _TABLE.c.deadline.is_(None), _TABLE.c.deadline >= f.today
        )
        stmt = stmt.where(open_ if f.status == "open" else ~open_)
    return stmt


def source_names(engine: Engine) -> list[str]:
    """Every source that stored an opportunity, for the filter's list."""
    with engine.connect() as conn:
        return list(
            conn.execute(select(_TABLE.c.source).distinct().order_by(_TABLE.c.source)).scalars()
        )


def copies_of(engine: Engine, opportunity_id: str) -> list[dict]:
    """The other sites' rows merged into this call (their id, source, URL, why merged)."""
    stmt = select(_TABLE.c.id, _TABLE.c.source, _TABLE.c.url, _TABLE.c.title).where(
        _TABLE.c.canonical_id == opportunity_id
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt.order_by(_TABLE.c.id)).mappings()]


def last_verified(engine: Engine, opportunity_id: str) -> datetime | None:
    """When a crawl last confirmed the call's page (None: never checked)."""
    stmt = select(_TABLE.c.last_verified).where(_TABLE.c.id == opportunity_id)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()
