"""Institution writes (merge ranks and aliases by id) and reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Engine, select

from domain import InstitutionRecord
from storage.bulk import bulk_upsert
from storage.convert import rows_to_institution
from storage.models import Institution, InstitutionRank
from storage.opportunities import UpsertCounts

_INST = Institution.__table__
_RANK = InstitutionRank.__table__


def upsert_institutions(engine: Engine, records: Sequence[InstitutionRecord]) -> UpsertCounts:
    """Insert or update institutions and their ranks; aliases accumulate, ranks upsert per system+year."""
    counts = UpsertCounts()
    if not records:
        return counts
    merged: dict[str, InstitutionRecord] = {}
    for rec in records:
        if rec.id in merged:
            prev = merged[rec.id]
            prev.aliases = sorted({*prev.aliases, *rec.aliases})
            prev.subjects = sorted({*prev.subjects, *rec.subjects})
            prev.ranks.extend(rec.ranks)
        else:
            merged[rec.id] = InstitutionRecord(
                rec.id,
                rec.name,
                rec.country,
                rec.url,
                list(rec.aliases),
                list(rec.ranks),
                list(rec.subjects),
            )
    with engine.begin() as conn:
        existing = {
            r["id"]: dict(r)
            for r in conn.execute(select(_INST).where(_INST.c.id.in_(list(merged)))).mappings()
        }
        rows, rank_rows = [], {}
        for rid, rec in merged.items():
            old = existing.get(rid)
            aliases = sorted({*(old["aliases"] if old else []), *rec.aliases} - {rec.name})
            row = {
                "id": rid,
                "name": rec.name,
                "country": rec.country or (old or {}).get("country"),
                "url": rec.url or (old or {}).get("url"),
                "aliases": aliases,
                "subjects": sorted({*(old["subjects"] if old else []), *rec.subjects}),
            }
            if old is None:
                counts.new += 1
            elif {k: old[k] for k in row} != row:
                counts.updated += 1
            else:
                counts.unchanged += 1
            rows.append(row)
            for r in rec.ranks:
                rank_rows[(rid, r.system, r.year)] = {
                    "institution_id": rid,
                    "system": r.system,
                    "year": r.year,
                    "rank": r.rank,
                    "rank_lower": r.rank_lower,
                }
        bulk_upsert(conn, _INST, rows, keys=["id"])
        bulk_upsert(
            conn, _RANK, list(rank_rows.values()), keys=["institution_id", "system", "year"]
        )
    return counts


def load_institutions(engine: Engine) -> list[InstitutionRecord]:
    """All institutions with their ranks, by id."""
    with engine.connect() as conn:
        ranks = defaultdict(list)
        for r in conn.execute(select(_RANK).order_by(_RANK.c.system, _RANK.c.year)).mappings():
            ranks[r["institution_id"]].append(r)
        return [
            rows_to_institution(row, ranks[row["id"]])
            for row in conn.execute(select(_INST).order_by(_INST.c.id)).mappings()
        ]
