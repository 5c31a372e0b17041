"""Private link tokens: 256 random bits handed out once, kept only as their sha256."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import Engine, delete, select

from storage.clock import utcnow
from storage.models import AccessToken

_TABLE = AccessToken.__table__
# secrets.token_urlsafe(32) gives 43 URL-safe characters; anything else cannot be a token.
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def token_hash(token: str) -> str:
    """The stored form of a token (sha256 suffices: the token itself has 256 bits of entropy)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(engine: Engine, profile_id: str, *, revoke_others: bool = False) -> str:
    """A new token for ``profile_id``; with ``revoke_others`` every older link stops working."""
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        if revoke_others:
            conn.execute(delete(_TABLE).where(_TABLE.c.profile_id == profile_id))
        conn.execute(
            _TABLE.insert().values(
                token_hash=token_hash(token), profile_id=profile_id, created_at=utcnow()
            )
        )
    return token


def profile_for_token(engine: Engine, token: str) -> str | None:
    """The profile a token opens, or None (malformed, unknown or revoked)."""
    if not isinstance(token, str) or not _SHAPE.fullmatch(token):
        return None
    with engine.connect() as conn:
        return conn.execute(
            select(_TABLE.c.profile_id).where(_TABLE.c.token_hash == token_hash(token))
        ).scalar()


def revoke_tokens(engine: Engine, profile_id: str) -> int:
    """Revoke every token of a profile; returns how many there were."""
    with engine.begin() as conn:
        return conn.execute(delete(_TABLE).where(_TABLE.c.profile_id == profile_id)).rowcount
