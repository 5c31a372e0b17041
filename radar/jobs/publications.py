"""Publications job: enrich a faculty profile from an ORCID record or a BibTeX file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine

from matcher.publications import PublicationError, parse_bibtex, parse_orcid
from storage import repository as repo


class PublicationsError(ValueError):
    """The file cannot be used (unknown profile, unreadable or malformed file)."""


@dataclass
class PublicationsSummary:
    """How many publications a profile had before and after."""

    profile_id: str
    added: int
    total: int


def import_publications(engine: Engine, profile_id: str, path: Path) -> PublicationsSummary:
    """Add the file's publications (title, abstract, keywords) to the profile; re-import is a no-op."""
    path = Path(path)
    found = repo.load_profiles(engine, ids=[profile_id])
    if not found:
        raise PublicationsError(f"no profile with id {profile_id!r}; import the profile first")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PublicationsError(f"{path}: cannot read the file ({exc})") from exc
    try:
        if path.suffix.lower() == ".bib":
            pubs = parse_bibtex(text)
        elif path.suffix.lower() == ".json":
            pubs = parse_orcid(text)
        else:
            raise PublicationsError(f"{path}: expected an ORCID .json or a BibTeX .bib file")
    except PublicationError as exc:
        raise PublicationsError(f"{path}: {exc}") from exc
    profile = found[0]
    existing = list(profile.details.get("publications") or [])
    seen = {_key(p) for p in existing}
    fresh = [p for p in pubs if _key(p) not in seen]
    details = {**profile.details, "publications": existing + fresh}
    repo.upsert_profiles(engine, [replace(profile, details=details)])
    return PublicationsSummary(profile_id, len(fresh), len(existing) + len(fresh))


def _key(pub: dict) -> str:
    return " ".join(str(pub.get("title", "")).casefold().split())
