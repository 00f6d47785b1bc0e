"""Projects that predate the stored deadline column get theirs from the reminders pass, in batches; once a pass
finds none left the runner stops scanning the portfolio for them (that scan reads every open project)."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from bot import sla
from bot.usecases import reminders as usecase
from storage.models import Project
from tests.helpers import start_project


def _forget_deadlines(bot, copies: int) -> None:
    """Make `copies` projects look as if they were created before the column existed."""
    with bot.db.transaction() as session:
        template = dict(session.execute(select(Project.__table__)).mappings().one())
        if copies:
            session.execute(insert(Project.__table__), [
                {**template, "id": template["id"] + 1 + n, "ruc": f"{n + 1:010d}001", "client_name": f"Antiguo {n}"}
                for n in range(copies)])
        session.execute(update(Project).values(sla_deadline_at=None, sla_at_risk_at=None))


def _missing(bot) -> int:
    with bot.db.transaction() as session:
        return len(session.execute(select(Project.id).where(Project.sla_deadline_at.is_(None))).all())


def test_the_pass_stores_missing_deadlines_in_batches_then_stops_looking(bot, monkeypatch):
    monkeypatch.setattr(usecase, "BACKFILL_BATCH", 3)
    snap = start_project(bot)
    _forget_deadlines(bot, copies=4)
    runner = bot.runtime.reminders
    assert _missing(bot) == 5 and runner.backfill_pending

    assert runner.run().backfilled == 3
    assert _missing(bot) == 2 and runner.backfill_pending  # a full batch: there may be more
    assert runner.run().backfilled == 2
    assert _missing(bot) == 0 and not runner.backfill_pending

    with bot.db.transaction() as session:
        row = session.execute(select(Project).where(Project.id == snap.id)).scalar_one()
        expected = sla.open_deadline(row.entered_implementation_at, row.contacted_at, row.kickoff_at,
                                     runner.deps.calendar)
        assert (row.sla_deadline_at, row.sla_at_risk_at) == expected and expected[0] is not None

    with bot.db.transaction() as session:  # found only by a scan the runner no longer makes
        session.execute(update(Project).where(Project.id == snap.id).values(sla_deadline_at=None))
    assert runner.run().backfilled == 0 and _missing(bot) == 1


def test_a_dry_run_does_not_end_the_backfill(bot):
    start_project(bot)
    _forget_deadlines(bot, copies=0)
    runner = bot.runtime.reminders
    assert runner.run(dry_run=True).backfilled == 1
    assert _missing(bot) == 1 and runner.backfill_pending
