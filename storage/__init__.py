"""Persistence: SQLAlchemy 2 models, engine with SQLite pragmas, repository functions, migrations."""
