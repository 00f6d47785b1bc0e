"""Tables (SQLAlchemy 2.0 declarative). Every row belongs to a workspace (team_id)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, MetaData, Numeric, String, Text, false, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.db import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")
TeamId = String(32)
UserId = String(32)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    client_name: Mapped[str] = mapped_column(String(200))
    client_key: Mapped[str] = mapped_column(String(200))
    ruc: Mapped[str] = mapped_column(String(13))
    ruc_kind: Mapped[str] = mapped_column(String(20))
    ruc_checksum_warning: Mapped[bool] = mapped_column(default=False)
    product: Mapped[str] = mapped_column(String(40))
    company_size: Mapped[str] = mapped_column(String(40))
    issuer_type: Mapped[str] = mapped_column(String(40))
    billing_type: Mapped[str] = mapped_column(String(40))
    implemented_by: Mapped[str] = mapped_column(String(40))
    advisor_id: Mapped[str | None] = mapped_column(UserId)
    estimated_hours: Mapped[float | None]
    stage: Mapped[str] = mapped_column(String(30))
    process_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(UserId)
    entered_implementation_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # The lead's intake actions (contact, implementer, kickoff).
    contacted_at: Mapped[datetime | None]
    contact_channel: Mapped[str | None] = mapped_column(String(40))
    contact_notes: Mapped[str | None] = mapped_column(Text)
    contacted_by: Mapped[str | None] = mapped_column(UserId)
    implementer_id: Mapped[str | None] = mapped_column(UserId)
    assigned_at: Mapped[datetime | None]
    assigned_by: Mapped[str | None] = mapped_column(UserId)
    kickoff_at: Mapped[datetime | None]
    kickoff_modality: Mapped[str | None] = mapped_column(String(40))
    kickoff_place: Mapped[str | None] = mapped_column(String(500))
    kickoff_client_decision: Mapped[bool] = mapped_column(default=False, server_default=false())
    kickoff_reason: Mapped[str | None] = mapped_column(Text)
    kickoff_scheduled_at: Mapped[datetime | None]
    kickoff_scheduled_by: Mapped[str | None] = mapped_column(UserId)
    # Step 2: the client's project owner.
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_role: Mapped[str | None] = mapped_column(String(120))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    owner_phone: Mapped[str | None] = mapped_column(String(20))
    # Step 10: go-live and the issuer's renewal date; step 11 closes the project.
    go_live_on: Mapped[date | None]
    renewal_on: Mapped[date | None]
    renewal_confirmed_at: Mapped[datetime | None]
    renewal_confirmed_by: Mapped[str | None] = mapped_column(UserId)
    # Step 3: the schedule's timeline message in the card's thread (updated in place).
    timeline_ts: Mapped[str | None] = mapped_column(String(32))
    origin_channel_id: Mapped[str | None] = mapped_column(String(32))
    card_channel_id: Mapped[str | None] = mapped_column(String(32))
    card_ts: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
    # The SLA clock still running: its deadline and at-risk moment (bot.sla.open_deadline), kept so that a
    # portfolio is ordered by urgency in the database. States are still derived from timestamps.
    sla_deadline_at: Mapped[datetime | None]
    sla_at_risk_at: Mapped[datetime | None]
    # The project version whose reminders are planned; a pass replans projects where it differs.
    reminders_planned_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    prerequisites: Mapped[list[ProjectPrerequisite]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # One open project per RUC and workspace, enforced by the database too (race-safe).
        Index(
            "uq_projects_open_ruc",
            "team_id",
            "ruc",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index("ix_projects_team_stage", "team_id", "stage"),
        Index("ix_projects_team_client_key", "team_id", "client_key"),
        Index("ix_projects_team_implementer", "team_id", "implementer_id"),
        Index("ix_projects_team_open_deadline", "team_id", "closed_at", "sla_deadline_at"),
        Index(
            "ix_projects_reminders_stale",
            "id",
            sqlite_where=text("reminders_planned_version <> version AND closed_at IS NULL"),
            postgresql_where=text("reminders_planned_version <> version AND closed_at IS NULL"),
        ),
    )

    @property
    def met_prerequisites(self) -> frozenset[str]:
        return frozenset(p.prerequisite_id for p in self.prerequisites)


class WorkSession(Base):
    """A scheduled working session of a project (the implementation schedule)."""

    __tablename__ = "work_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    status: Mapped[str] = mapped_column(String(20), default="agendada")
    modality: Mapped[str | None] = mapped_column(String(40))
    place: Mapped[str | None] = mapped_column(String(500))
    attendees: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default=text("'[]'"))
    client_attendees: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default=text("'[]'"))
    # iCalendar SEQUENCE: +1 at every reschedule or cancellation, so calendars update the same event.
    sequence: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    cancelled_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(UserId)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_work_sessions_project_starts", "project_id", "starts_at"),
        Index("ix_work_sessions_team_starts", "team_id", "starts_at"),
    )


class DiscoveryAnswers(Base):
    """Step 1: the answers to the questionnaire, saved page by page (a draft until complete)."""

    __tablename__ = "discovery_answers"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    answers: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(UserId)
    completed_at: Mapped[datetime | None]
    recommendations_ts: Mapped[str | None] = mapped_column(String(32))


class PluginRecommendation(Base):
    """A plugin recommended by the questionnaire, with the implementer's decision."""

    __tablename__ = "plugin_recommendations"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    plugin_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(UserId)
    decided_at: Mapped[datetime | None]


class ProjectStep(Base):
    """What was recorded for one of steps 4–11: the ticked checklist, notes and the step's details."""

    __tablename__ = "project_steps"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    step_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    checked: Mapped[list[str]] = mapped_column(JSONType, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(UserId)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(UserId)


class TimeEntry(Base):
    """Hours an implementer worked on a project (optionally on one step)."""

    __tablename__ = "time_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    step_id: Mapped[str | None] = mapped_column(String(40))
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    worked_on: Mapped[date]
    user_id: Mapped[str] = mapped_column(UserId)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_time_entries_project", "project_id"),)


class DevRequest(Base):
    """A custom-development request, answered by a product owner."""

    __tablename__ = "dev_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[str] = mapped_column(String(200))
    urgency: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(UserId)
    created_at: Mapped[datetime]
    answered_by: Mapped[str | None] = mapped_column(UserId)
    answered_at: Mapped[datetime | None]
    has_cost: Mapped[bool | None]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    priority: Mapped[str | None] = mapped_column(String(20))
    answer_notes: Mapped[str | None] = mapped_column(Text)
    # The DMs sent to the product owners, to update them once answered: [[channel, ts], ...]
    messages: Mapped[list[list[str]]] = mapped_column(JSONType, default=list)

    __table_args__ = (Index("ix_dev_requests_project", "project_id"),)


class ReminderOutbox(Base):
    """One reminder to one recipient: planned once (unique key), claimed atomically, marked sent after Slack's ok."""

    __tablename__ = "reminder_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    occurrence: Mapped[str] = mapped_column(String(120))
    recipient: Mapped[str] = mapped_column(String(32))
    deliver_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    due_at: Mapped[datetime]  # when the row may be attempted: deliver_at, or the next retry
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None]
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_reminder_outbox_status_due", "status", "due_at"),
        Index("ix_reminder_outbox_project_status", "project_id", "status"),
        Index("ix_reminder_outbox_message", "message_channel", "message_ts"),
    )


class HomeView(Base):
    """What a person's App Home showed last: it is republished only when its content changes."""

    __tablename__ = "home_views"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    user_id: Mapped[str] = mapped_column(UserId, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]


class ReminderMute(Base):
    """A kind of reminder a person chose not to receive."""

    __tablename__ = "reminder_mutes"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    user_id: Mapped[str] = mapped_column(UserId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime]


class ProjectPrerequisite(Base):
    """A prerequisite that is met: who ticked it and when. Unmet ones have no row."""

    __tablename__ = "project_prerequisites"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    prerequisite_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    met_at: Mapped[datetime]
    met_by: Mapped[str] = mapped_column(UserId)

    project: Mapped[Project] = relationship(back_populates="prerequisites")


class RoleGrant(Base):
    __tablename__ = "role_grants"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    user_id: Mapped[str] = mapped_column(UserId, primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)
    may_create_issuers: Mapped[bool] = mapped_column(default=False)
    granted_by: Mapped[str] = mapped_column(UserId)
    granted_at: Mapped[datetime]

    __table_args__ = (Index("ix_role_grants_team_role", "team_id", "role"),)


class Draft(Base):
    """What a user typed into a form that was closed or not yet accepted: never lose it."""

    __tablename__ = "drafts"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    user_id: Mapped[str] = mapped_column(UserId, primary_key=True)
    form: Mapped[str] = mapped_column(String(80), primary_key=True)
    values: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class AuditEntry(Base):
    """Who changed what and when, written in the same transaction as the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    actor_id: Mapped[str] = mapped_column(UserId)
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict[str, Any]]

    __table_args__ = (
        Index("ix_audit_log_project_at", "project_id", "at"),
        Index("ix_audit_log_team_at", "team_id", "at"),
    )


# Installations in several workspaces (OAuth): slack_sdk's own tables, declared here so that Alembic
# migrates them with the rest (slack_sdk's stores read and write them).
SQLAlchemyInstallationStore.build_installations_table(Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(Base.metadata,
                                                         SQLAlchemyInstallationStore.default_bots_table_name)
SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, SQLAlchemyOAuthStateStore.default_table_name)
