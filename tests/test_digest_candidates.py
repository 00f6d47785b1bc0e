"""The lead's digest reads only the projects the database pre-selects: that selection must hold every project
the digest rules would list (in every combination of stage and facts), and leave out projects under way."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from bot.calendar import BusinessCalendar
from bot.permissions import Actor, Role
from bot.process import load_process
from bot.projects import IntakeForm, Stage, validate_intake
from bot.reminders import digest_items
from bot.usecases import projects as project_cases
from storage import migrate
from storage import reminders as store
from storage.db import Database
from storage.models import Project
from tests.conftest import GYE
from tests.fake_slack import TEAM_ID

ENTERED = datetime(2026, 12, 7, 9, 0, tzinfo=GYE)
ROLES = (("ULEAD",), ())


def test_candidates_hold_every_project_the_digest_lists(database_url):
    db = Database.from_url(database_url)
    migrate.upgrade(db.engine)
    process, cal = load_process(), BusinessCalendar.default()
    intake, _ = validate_intake(IntakeForm(
        client_name="Plantilla", ruc="1790085783001", product="comercial", size="mediana", issuer_type="sociedad",
        billing_type="anual", implemented_by="interno",
        prerequisites=frozenset({"contrato_firmado", "factura_emitida", "primer_pago"})), process)
    with db.transaction() as session:
        snap = project_cases.start_project(session, team_id=TEAM_ID, actor=Actor("UADMIN", frozenset({Role.ADMIN})),
                                           intake=intake, process=process, now=ENTERED, origin_channel_id="C1", cal=cal)
        template = dict(session.execute(select(Project.__table__).where(Project.id == snap.id)).mappings().one())
        later = ENTERED + timedelta(hours=2)
        combos = itertools.product(list(Stage), (None, later), (None, later), (None, "UIMPL"),
                                   (None, date(2026, 12, 20)), (None, later), (None, later))
        rows = [{**template, "id": template["id"] + 1 + n, "ruc": f"{n + 1:010d}001", "client_name": f"C{n}",
                 "stage": stage.value, "contacted_at": contacted, "kickoff_at": kickoff, "implementer_id": implementer,
                 "go_live_on": go_live, "renewal_confirmed_at": renewal, "closed_at": closed}
                for n, (stage, contacted, kickoff, implementer, go_live, renewal, closed) in enumerate(combos)]
        session.execute(insert(Project.__table__), rows)
    with db.transaction() as session:
        everything = list(session.execute(select(*store.DIGEST_COLUMNS)))
        candidates = {row.id for row in store.digest_candidates(session, TEAM_ID)}
    db.dispose()
    assert len(everything) == 1 + 4 * 2 ** 6
    for now in (ENTERED + timedelta(hours=1), datetime(2026, 12, 11, 9, tzinfo=GYE), datetime(2027, 1, 5, 9, tzinfo=GYE)):
        listed = {row.id for row in everything if digest_items(store.light_facts(row, ROLES), now, cal)}
        assert listed and listed <= candidates, sorted(listed - candidates)
    under_way = {row.id for row in everything if row.stage == Stage.IMPLEMENTATION.value and row.contacted_at
                 and row.kickoff_at and row.implementer_id}
    closed = {row.id for row in everything if row.closed_at is not None}
    assert under_way and not (under_way | closed) & candidates
