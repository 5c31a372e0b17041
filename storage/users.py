"""Staff accounts (hashes only; hashing is the caller's) and the failed-login counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.models import LoginThrottle, User

_USERS = User.__table__
_THROTTLE = LoginThrottle.__table__


@dataclass(frozen=True, slots=True)
class Account:
    """One staff account as the web app and the CLI see it."""

    id: int
    email: str
    password_hash: str
    role: str
    auth_version: int
    created_at: datetime
    language: str | None = None  # the web UI's language; None: the browser's


def _account(row) -> Account:  # type: ignore[no-untyped-def]
    return Account(row.id, row.email, row.password_hash, row.role, row.auth_version,
                   row.created_at, row.language)  # fmt: skip


def add_user(engine: Engine, email: str, password_hash: str, role: str) -> Account:
    """Create an account; raises ValueError when the address already has one."""
    if find_user(engine, email) is not None:
        raise ValueError(f"an account for {email} already exists")
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(_USERS.insert().values(
            email=email.lower(), password_hash=password_hash, role=role, auth_version=1,
            created_at=now, updated_at=now,
        ))  # fmt: skip
    found = find_user(engine, email)
    assert found is not None
    return found


def find_user(engine: Engine, email: str) -> Account | None:
    """The account of ``email`` (case-insensitive), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(_USERS).where(_USERS.c.email == email.lower())).first()
    return _account(row) if row else None


def get_user(engine: Engine, user_id: int) -> Account | None:
    """The account with this id, or None (deleted)."""
    with engine.connect() as conn:
        row = conn.execute(select(_USERS).where(_USERS.c.id == user_id)).first()
    return _account(row) if row else None


def list_users(engine: Engine) -> list[Account]:
    """Every account, by address."""
    with engine.connect() as conn:
        return [_account(r) for r in conn.execute(select(_USERS).order_by(_USERS.c.email))]


def remove_user(engine: Engine, email: str) -> bool:
    """Delete an account; False when there was none."""
    with engine.begin() as conn:
        return conn.execute(delete(_USERS).where(_USERS.c.email == email.lower())).rowcount > 0


def set_language(engine: Engine, user_id: int, language: str | None) -> None:
    """The account's web UI language (a preference: sessions stay valid)."""
    with engine.begin() as conn:
        conn.execute(update(_USERS).where(_USERS.c.id == user_id).values(language=language))


def set_password_hash(engine: Engine, email: str, password_hash: str) -> bool:
    """Store a new hash and bump the auth version (every older session ends); False if unknown."""
    with engine.begin() as conn:
        done = conn.execute(
            update(_USERS)
            .where(_USERS.c.email == email.lower())
            .values(
                password_hash=password_hash,
                auth_version=_USERS.c.auth_version + 1,
                updated_at=utcnow(),
            )
        )
        return done.rowcount > 0


def failures_in_window(engine: Engine, key: str, window: timedelta) -> int:
    """Failed logins of ``key`` in its current window (0 once the window has passed)."""
    with engine.connect() as conn:
        row = conn.execute(select(_THROTTLE).where(_THROTTLE.c.key == key)).first()
    if row is None or utcnow() - row.window_start >= window:
        return 0
    return row.failures


def record_failure(engine: Engine, key: str, window: timedelta) -> int:
    """Count one failed login of ``key``; a passed window starts a new one. Returns the count.
    Read and write share one transaction, so concurrent failures are all counted."""
    now = utcnow()
    with engine.begin() as conn:
        old = conn.execute(select(_THROTTLE).where(_THROTTLE.c.key == key)).first()
        fresh = old is None or now - old.window_start >= window
        row = {"key": key, "failures": 1 if fresh else old.failures + 1,
               "window_start": now if fresh else old.window_start}  # fmt: skip
        bulk_upsert(conn, _THROTTLE, [row], keys=["key"])
    return row["failures"]


def clear_failures(engine: Engine, key: str) -> None:
    """Forget the failures of ``key`` (after a successful login)."""
    with engine.begin() as conn:
        conn.execute(delete(_THROTTLE).where(_THROTTLE.c.key == key))
