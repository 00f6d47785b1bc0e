"""The portfolio as CSV for a spreadsheet: UTF-8 with BOM (so Excel shows accents), one row per project."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime

from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from bot.sla import project_clocks
from bot.steps import StepState, states_of

COLUMNS = (
    "id", "client", "ruc", "product", "size", "issuer_type", "billing_type", "stage", "implemented_by", "implementer",
    "created_at", "entered_at", "contacted_at", "contact_state", "contact_deadline", "kickoff_at", "kickoff_state",
    "kickoff_deadline", "steps_done", "current_step", "hours_logged", "hours_estimated", "hours_share", "next_session",
    "owner", "owner_email", "go_live_on", "renewal_on", "closed_at",
)


def _local(value: datetime | None, cal: BusinessCalendar) -> str:
    return value.astimezone(cal.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def rows(projects: Iterable[ProjectSnapshot], process: ProcessDefinition, now: datetime, cal: BusinessCalendar,
         name_of: Callable[[str], str]) -> Iterable[list[str]]:
    for p in projects:
        clocks = project_clocks(p, now, cal)
        states = states_of(p, process)
        current = next((s for s, state in states if state is not StepState.DONE), None)
        contact, kickoff = clocks if clocks else (None, None)
        yield [
            str(p.id), p.client_name, p.ruc, process.label("products", p.product),
            process.label("company_sizes", p.company_size), process.label("issuer_types", p.issuer_type),
            process.label("billing_types", p.billing_type), t(f"stage.{p.stage.value}").split(" ", 1)[-1],
            process.label("implementers", p.implemented_by), name_of(p.implementer_id) if p.implementer_id else "",
            _local(p.created_at, cal), _local(p.entered_implementation_at, cal), _local(p.contacted_at, cal),
            t(f"sla.state.{contact.state.value}").split(" ", 1)[-1] if contact else "",
            _local(contact.deadline, cal) if contact else "", _local(p.kickoff_at, cal),
            t(f"sla.state.{kickoff.state.value}").split(" ", 1)[-1] if kickoff else "",
            _local(kickoff.deadline, cal) if kickoff else "",
            str(sum(1 for _, state in states if state is StepState.DONE)),
            f"{current.number}. {current.label}" if current and p.is_open else "",
            _number(p.hours_logged), _number(p.estimated_hours),
            _number(100 * p.hours_logged / p.estimated_hours) if p.estimated_hours else "",
            _local(p.next_session_at, cal), p.owner_name or "", p.owner_email or "",
            p.go_live_on.isoformat() if p.go_live_on else "", p.renewal_on.isoformat() if p.renewal_on else "",
            _local(p.closed_at, cal),
        ]


def portfolio_csv(batches: Iterable[list[ProjectSnapshot]], process: ProcessDefinition, now: datetime,
                  cal: BusinessCalendar, name_of: Callable[[str], str]) -> bytes:
    # Encoded as it is written (one copy of the file in memory, not three); utf-8-sig starts it with the BOM
    # Excel needs to read UTF-8.
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";")  # Spanish Excel expects ";" (the decimal separator is ",")
    writer.writerow([t(f"export.column.{c}") for c in COLUMNS])
    for batch in batches:
        writer.writerows(rows(batch, process, now, cal, name_of))
    text.flush()
    return out.getvalue()


def filename(now: datetime, cal: BusinessCalendar) -> str:
    return f"portafolio-implementacion-{now.astimezone(cal.tz):%Y-%m-%d-%H%M}.csv"


