"""Project intake rules: stages, prerequisites and the validation of the `/impl start` form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.i18n import t
from bot.process import ProcessDefinition
from bot.ruc import InvalidRuc, RucCheck, check_ruc

CLIENT_NAME_MAX = 200


class Stage(StrEnum):
    PREREQUISITES = "prerrequisitos"
    IMPLEMENTATION = "implementacion"
    PRODUCTION = "produccion"
    CLOSED = "cerrado"


class Field(StrEnum):
    """The fields of the intake form; handlers map each to an input block."""

    CLIENT = "client"
    RUC = "ruc"
    PRODUCT = "product"
    SIZE = "size"
    ISSUER_TYPE = "issuer_type"
    BILLING_TYPE = "billing_type"
    IMPLEMENTED_BY = "implemented_by"
    ADVISOR = "advisor"
    PREREQUISITES = "prerequisites"


@dataclass(frozen=True)
class IntakeForm:
    client_name: str = ""
    ruc: str = ""
    product: str | None = None
    size: str | None = None
    issuer_type: str | None = None
    billing_type: str | None = None
    implemented_by: str | None = None
    advisor_id: str | None = None
    prerequisites: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Intake:
    """A valid form, normalized."""

    client_name: str
    ruc: RucCheck
    product: str
    size: str
    issuer_type: str
    billing_type: str
    implemented_by: str
    advisor_id: str | None
    prerequisites: frozenset[str]


def clean_name(text: str) -> str:
    return " ".join((text or "").split())


def validate_intake(form: IntakeForm, process: ProcessDefinition) -> tuple[Intake | None, dict[Field, str]]:
    """Check everything that needs no database. Returns the normalized intake or errors per field."""
    errors: dict[Field, str] = {}
    name = clean_name(form.client_name)
    if not name:
        errors[Field.CLIENT] = t("start.error.client_empty")
    elif len(name) > CLIENT_NAME_MAX:
        errors[Field.CLIENT] = t("start.error.client_long", max=CLIENT_NAME_MAX)

    ruc: RucCheck | None = None
    try:
        ruc = check_ruc(form.ruc)
    except InvalidRuc as exc:
        errors[Field.RUC] = t(exc.key)

    choices = {
        Field.PRODUCT: (form.product, "products"),
        Field.SIZE: (form.size, "company_sizes"),
        Field.ISSUER_TYPE: (form.issuer_type, "issuer_types"),
        Field.BILLING_TYPE: (form.billing_type, "billing_types"),
        Field.IMPLEMENTED_BY: (form.implemented_by, "implementers"),
    }
    for fld, (value, catalog) in choices.items():
        if value not in process.ids(catalog):
            errors[fld] = t("start.error.choose")

    if form.implemented_by == "asesor" and not form.advisor_id:
        errors[Field.ADVISOR] = t("start.error.advisor_missing")
    if form.implemented_by == "interno" and form.advisor_id:
        errors[Field.ADVISOR] = t("start.error.advisor_not_needed")

    unknown = form.prerequisites - process.ids("prerequisites")
    if unknown:
        errors[Field.PREREQUISITES] = t("start.error.choose")

    if errors:
        return None, errors
    assert ruc is not None
    return (
        Intake(
            client_name=name,
            ruc=ruc,
            product=form.product or "",
            size=form.size or "",
            issuer_type=form.issuer_type or "",
            billing_type=form.billing_type or "",
            implemented_by=form.implemented_by or "",
            advisor_id=form.advisor_id if form.implemented_by == "asesor" else None,
            prerequisites=form.prerequisites,
        ),
        {},
    )


def missing_prerequisites(met: Iterable[str], process: ProcessDefinition) -> list[str]:
    met = set(met)
    return [p.id for p in process.prerequisites if p.id not in met]


def stage_for(met: Iterable[str], process: ProcessDefinition) -> Stage:
    return Stage.IMPLEMENTATION if not missing_prerequisites(met, process) else Stage.PREREQUISITES


@dataclass(frozen=True)
class ProjectSnapshot:
    """What the rest of the app needs to know about a project, detached from the database."""

    id: int
    team_id: str
    client_name: str
    ruc: str
    ruc_kind: str
    ruc_checksum_warning: bool
    product: str
    company_size: str
    issuer_type: str
    billing_type: str
    implemented_by: str
    advisor_id: str | None
    estimated_hours: float | None
    stage: Stage
    process_version: str
    created_at: datetime
    created_by: str
    entered_implementation_at: datetime | None
    closed_at: datetime | None
    card_channel_id: str | None
    card_ts: str | None
    met_prerequisites: frozenset[str]
    contacted_at: datetime | None = None
    contact_channel: str | None = None
    contact_notes: str | None = None
    contacted_by: str | None = None
    implementer_id: str | None = None
    kickoff_at: datetime | None = None
    kickoff_modality: str | None = None
    kickoff_place: str | None = None
    kickoff_client_decision: bool = False
    kickoff_reason: str | None = None
    next_session_at: datetime | None = None
    owner_name: str | None = None
    owner_role: str | None = None
    owner_email: str | None = None
    owner_phone: str | None = None
    timeline_ts: str | None = None
    discovery: dict = field(default_factory=dict)
    discovery_completed_at: datetime | None = None
    # Facts for the steps (see bot.steps.facts_of): what was recorded and what is still pending.
    step_records: dict = field(default_factory=dict)
    accepted_plugins: frozenset[str] = frozenset()
    pending_recommendations: int = 0
    sessions: int = 0
    sessions_without_attendees: int = 0
    pending_dev_requests: int = 0
    hours_logged: float = 0.0
    go_live_on: date | None = None
    renewal_on: date | None = None
    renewal_confirmed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
