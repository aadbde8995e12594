"""Schema migrations (Alembic), applied when a Database opens, on SQLite and PostgreSQL.

The revisions live in `migrations/versions/` inside the package, so users need no alembic.ini.
A database made before migrations existed (by `create_all`) has tables but no
`alembic_version`: the baseline revision creates only what is missing, so it is upgraded like
an empty one. Several processes may open a database at once (app servers, the CLI): the one
that migrates holds a lock (PostgreSQL: an advisory lock; SQLite: the write lock), and the
others find the work done once they get it.

A schema change is a new revision, made from the models (tests/store/test_migrate.py fails
while the models and the revisions differ):

    python -m workbench.store.migrate "what changed"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, text

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: the key of the PostgreSQL advisory lock that migrating processes share.
_LOCK_KEY = 7_340_512_001


def include_object(dialect_name: str):  # type: ignore[no-untyped-def]
    """Autogenerate's filter: a table meant for one database (`info={"dialect": ...}`, e.g.
    PostgreSQL's keyword postings) is left out of the comparison on the others."""

    def include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        table = obj if type_ == "table" else getattr(obj, "table", None)
        wanted = getattr(table, "info", {}).get("dialect") if table is not None else None
        return wanted in (None, dialect_name)

    return include


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (nothing to do: one read)."""
    target = head()
    with engine.connect() as connection:
        if current(connection) == target:
            return
    with engine.connect() as connection:
        _lock(connection)
        if current(connection) != target:  # another process may have done it meanwhile
            command.upgrade(config(connection), "head")
        connection.commit()


def _lock(connection: Connection) -> None:
    """Hold the migration lock until this connection's transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # The driver begins transactions lazily; take the write lock before reading.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def new_revision(message: str) -> None:
    """Write a revision of what the models have and the migrations lack (autogenerate)."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'head.db'}")
        upgrade(engine)
        with engine.connect() as connection:
            command.revision(config(connection), message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    new_revision(" ".join(sys.argv[1:]) or "schema change")
