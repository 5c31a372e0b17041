"""Engine factory: SQLite pragmas (WAL, busy timeout, foreign keys) and immediate write locks."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event

# Seconds a writer waits for another writer before SQLite gives up; crawls and matches
# write in short bulk transactions, so a generous wait means "never locked" in practice.
SQLITE_BUSY_TIMEOUT_S = 60


def make_engine(url: str, **kwargs: object) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout, foreign keys and BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
            **kwargs,  # type: ignore[arg-type]
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)  # type: ignore[arg-type]


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # A deferred transaction that later upgrades to a write lock fails at once with
        # "database is locked" when another writer holds it (busy_timeout is not honoured
        # for the upgrade). Taking the write lock up front makes writers queue instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
