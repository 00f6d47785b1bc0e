"""Alembic, driven from code: `impl-bot db upgrade`, the upgrade at start, and the schema checks."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from storage.models import Base

log = logging.getLogger(__name__)

_HERE = Path(__file__).parent
_LOCK_ID = 0x1A9B_0001  # PostgreSQL advisory lock: one instance migrates at a time


def _config(connection=None) -> Config:
    cfg = Config(str(_HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(_HERE / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def pending_revisions(engine: Engine) -> list[str]:
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    return [rev.revision for rev in script.iterate_revisions("head", current)]


@contextmanager
def _migrating(engine: Engine) -> Iterator:
    """A connection for migrations, in one transaction.

    On SQLite, Alembic's batch mode rebuilds a table by copying it, dropping the original and renaming the
    copy; with foreign keys on, dropping `projects` would cascade and delete every child row. Foreign keys
    are therefore off while migrating (SQLite only honours the pragma outside a transaction), and checked
    afterwards. On PostgreSQL an advisory lock lets one instance migrate at a time.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
                yield conn
                if sqlite:
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"foreign key check failed after migrating: {problems[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _migrating(engine) as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(_config(conn), revision)
        after = MigrationContext.configure(conn).get_current_revision()
    if before != after:
        log.info("database migrated: %s -> %s", before or "empty", after)


def downgrade(engine: Engine, revision: str) -> None:
    with _migrating(engine) as conn:
        command.downgrade(_config(conn), revision)


def schema_differences(engine: Engine) -> list:
    """Differences between the models and the migrated database (empty when they match)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)
