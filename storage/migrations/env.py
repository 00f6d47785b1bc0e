"""Alembic environment: uses the connection handed in by storage.migrate, or DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context

from bot.config import database_url
from storage.db import make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Run from the alembic CLI: the same safeguards as the app (see storage.migrate._migrating).
    from storage.migrate import _migrating

    engine = make_engine(database_url(os.environ))
    with _migrating(engine) as connection:
        _configure(connection)
        context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("impl-bot migrations run online only: set DATABASE_URL")
run_migrations_online()
