"""Alembic: an empty database upgrades to head, matches the models, and downgrades one revision."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from storage import migrate
from storage.db import make_engine

NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def _roundtrip(url: str) -> None:
    engine = make_engine(url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert migrate.schema_differences(engine) == []
        assert {"projects", "role_grants", "drafts", "audit_log", "project_prerequisites"} <= set(
            inspect(engine).get_table_names()
        )
        migrate.downgrade(engine, "-1")
        assert migrate.current_revision(engine) != migrate.head_revision()
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert migrate.pending_revisions(engine) == []
    finally:
        engine.dispose()


def test_sqlite_upgrade_check_and_downgrade(tmp_path):
    _roundtrip(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_postgres_upgrade_check_and_downgrade(postgres_schema_url):
    _roundtrip(postgres_schema_url)


def _insert_project(conn, ruc: str, closed: bool) -> None:
    conn.execute(
        text(
            "INSERT INTO projects (team_id, client_name, client_key, ruc, ruc_kind, ruc_checksum_warning, product,"
            " company_size, issuer_type, billing_type, implemented_by, stage, process_version, created_at, created_by,"
            " updated_at, version, closed_at) VALUES ('T1', 'X', 'x', :ruc, 'sociedad', false, 'p', 's', 'i', 'b',"
            " 'interno', 'implementacion', '1', :now, 'U1', :now, 1, :closed)"
        ),
        {"ruc": ruc, "now": NOW.replace(tzinfo=None), "closed": NOW.replace(tzinfo=None) if closed else None},
    )


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_one_open_project_per_ruc_is_enforced_by_the_database(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'u.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_schema_url")
    engine = make_engine(url)
    migrate.upgrade(engine)
    try:
        with engine.begin() as conn:
            _insert_project(conn, "1790085783001", closed=True)
            _insert_project(conn, "1790085783001", closed=False)  # a closed project does not block a new one
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _insert_project(conn, "1790085783001", closed=False)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_migration_applies_over_existing_data(backend, tmp_path, request):
    """Each revision upgrades a database that already holds projects (new NOT NULL columns need defaults)."""
    url = f"sqlite:///{tmp_path / 'd.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_schema_url")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            _insert_project(conn, "1790085783001", closed=False)
        migrate.upgrade(engine)
        assert migrate.schema_differences(engine) == []
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM projects")).scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_session_details_migrate_over_existing_sessions(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 's.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_schema_url")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            _insert_project(conn, "1790085783001", closed=False)
            conn.execute(text(
                "INSERT INTO work_sessions (team_id, project_id, starts_at, duration_minutes, status, created_by,"
                " created_at, updated_at) VALUES ('T1', 1, :now, 60, 'agendada', 'U1', :now, :now)"),
                {"now": NOW.replace(tzinfo=None)})
        migrate.upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT attendees, steps, sequence FROM work_sessions")).one()
        assert [json.loads(value) if isinstance(value, str) else value for value in row] == [[], [], 0]
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_upgrading_keeps_every_child_row(backend, tmp_path, request):
    """SQLite rebuilds altered tables: with foreign keys on, that would cascade-delete child rows."""
    url = f"sqlite:///{tmp_path / 'c.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_schema_url")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            _insert_project(conn, "1790085783001", closed=False)
            conn.execute(text("INSERT INTO project_prerequisites (project_id, prerequisite_id, met_at, met_by)"
                              " VALUES (1, 'primer_pago', :now, 'U1')"), {"now": NOW.replace(tzinfo=None)})
            conn.execute(text("INSERT INTO audit_log (team_id, project_id, at, actor_id, action, details)"
                              " VALUES ('T1', 1, :now, 'U1', 'project.start', '{}')"), {"now": NOW.replace(tzinfo=None)})
        migrate.upgrade(engine)
        with engine.connect() as conn:
            counts = [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("projects", "project_prerequisites", "audit_log")]
        assert counts == [1, 1, 1]
    finally:
        engine.dispose()
