"""Alembic's environment: run on the connection `workbench.store.migrate` hands over (no
alembic.ini, no URL of its own)."""

from __future__ import annotations

from alembic import context

from workbench.store.db import Base
from workbench.store.migrate import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters a table by copying it: later revisions' ALTERs go through batch mode.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
