"""The lead's intake actions on the card: register the contact, assign the implementer, schedule the kickoff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App

from bot import fmt
from bot.errors import DomainError
from bot.i18n import t
from bot.intake import (
    ContactField,
    ContactForm,
    KickoffField,
    KickoffForm,
    off_hours_warning,
    validate_contact,
    validate_kickoff,
)
from bot.permissions import Action, Role, can
from bot.projects import ProjectSnapshot, Stage
from bot.sla import kickoff_deadline
from bot.usecases import intake as intake_cases
from bot.usecases import projects as project_cases
from bot.usecases import roles as role_cases
from handlers import cards, ids
from handlers.blocks.kit import escape
from handlers.blocks.intake import assign_modal, contact_block, contact_modal, kickoff_block, kickoff_modal
from handlers.deps import Deps, team_of
from handlers.projects import project_id_of
from handlers.replies import error_text, refusal, tell
from handlers.state import choice, choices, read_values, text


def epoch(value: Any) -> datetime | None:
    """A datetimepicker's selected_date_time (UNIX seconds) as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def open_form(deps: Deps, action: Action, body, raw_id, client, respond, context, build: Callable) -> None:
    """Check who asks and the project's stage, then open the modal `build(project, session)` returns."""
    team_id, user_id = team_of(context), body["user"]["id"]
    project_id = project_id_of(raw_id)
    if project_id is None:
        return
    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        if not can(actor, action):
            tell(client, body, refusal(action), respond=respond)
            return
        try:
            project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id,
                                         now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        if project.stage is not Stage.IMPLEMENTATION:
            tell(client, body, t("intake.error.not_in_implementation"), respond=respond)
            return
        view = build(project, session)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_contact_form(deps: Deps, body, raw_id, client, respond, context) -> None:
    """Registrar contacto: from the card, or from a reminder marked done."""
    open_form(deps, Action.REGISTER_CONTACT, body, raw_id, client, respond, context,
              lambda project, _s: contact_modal(project, deps.process, deps.clock.now()))


def _after(client, deps: Deps, project: ProjectSnapshot, thread_text: str) -> None:
    cards.refresh(client, deps, project)
    cards.thread(client, project, thread_text)


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    # -- Registrar contacto --------------------------------------------------------------------
    @app.action(ids.CARD_CONTACT)
    def open_contact(ack, body, action, client, respond, context):
        ack()
        open_contact_form(deps, body, action.get("value"), client, respond, context)

    @app.view(ids.CONTACT_VIEW)
    def submit_contact(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        values = read_values(view)
        form = ContactForm(
            when=epoch(values.get(contact_block(ContactField.WHEN))),
            channel=choice(values.get(contact_block(ContactField.CHANNEL))),
            notes=text(values.get(contact_block(ContactField.NOTES))),
        )
        errors = {contact_block(f): m for f, m in validate_contact(form, now, deps.process).items()}
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        if not can(actor, Action.REGISTER_CONTACT):
            errors = {contact_block(ContactField.WHEN): refusal(Action.REGISTER_CONTACT)}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project = intake_cases.register_contact(session, team_id=team_id, actor=actor,
                                                        project_id=project_id_of(view.get("private_metadata")) or 0,
                                                        form=form, process=deps.process, now=now,
                                                        cal=deps.calendar)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        notes = t("thread.notes", notes=escape(project.contact_notes)) if project.contact_notes else ""
        _after(client, deps, project, t("thread.contact", user=user_id, when=fmt.when(form.when, deps.tz),
                                        channel=deps.process.label("contact_channels", form.channel), notes=notes))

    # -- Asignar implementador -----------------------------------------------------------------
    def build_assign(project, session):
        team = role_cases.team(session, project.team_id, admins=())
        return assign_modal(project, team[Role.IMPLEMENTER], team[Role.ADVISOR])

    @app.action(ids.CARD_ASSIGN)
    def open_assign(ack, body, action, client, respond, context):
        ack()
        open_form(deps, Action.ASSIGN_IMPLEMENTER, body, action.get("value"), client, respond, context, build_assign)

    @app.view(ids.ASSIGN_VIEW)
    def submit_assign(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        chosen = choice(read_values(view).get(ids.ASSIGN_BLOCK))
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
            eligible = chosen is not None and intake_cases.check_assignee(session, team_id, chosen)
        if not can(actor, Action.ASSIGN_IMPLEMENTER):
            ack(response_action="errors", errors={ids.ASSIGN_BLOCK: refusal(Action.ASSIGN_IMPLEMENTER)})
            return
        if not eligible:
            ack(response_action="errors", errors={ids.ASSIGN_BLOCK: t("assign.error.not_assignable")})
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project, before = intake_cases.assign_implementer(
                    session, team_id=team_id, actor=actor, project_id=project_id_of(view.get("private_metadata")) or 0,
                    implementer_id=chosen, now=now)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        key = "thread.reassigned" if before and before != chosen else "thread.assigned"
        _after(client, deps, project, t(key, user=user_id, implementer=chosen, before=before or ""))
        if before != chosen:
            link = cards.permalink(client, project)
            key = "assign.dm" if link else "assign.dm_no_link"
            client.chat_postMessage(channel=chosen, text=t(key, lead=user_id, client=escape(project.client_name),
                                                           link=link or ""))

    # -- Agendar inicio ------------------------------------------------------------------------
    def build_kickoff(project, _session):
        deadline = kickoff_deadline(project.entered_implementation_at, deps.calendar)
        suggested = deps.calendar.next_opening(deps.calendar.add_business_hours(deps.clock.now(), 8))
        return kickoff_modal(project, deps.process, deadline=deadline, suggested=suggested, tz=deps.tz)

    @app.action(ids.CARD_KICKOFF)
    def open_kickoff(ack, body, action, client, respond, context):
        ack()
        open_form(deps, Action.SCHEDULE_KICKOFF, body, action.get("value"), client, respond, context, build_kickoff)

    @app.view(ids.KICKOFF_VIEW)
    def submit_kickoff(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        project_id = project_id_of(view.get("private_metadata")) or 0
        values = read_values(view)
        form = KickoffForm(
            when=epoch(values.get(kickoff_block(KickoffField.WHEN))),
            modality=choice(values.get(kickoff_block(KickoffField.MODALITY))),
            place=text(values.get(kickoff_block(KickoffField.PLACE))),
            client_decision="si" in choices(values.get(kickoff_block(KickoffField.DECISION))),
            reason=text(values.get(kickoff_block(KickoffField.REASON))),
        )
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id, now=now)
        except DomainError as exc:
            ack(response_action="errors", errors={kickoff_block(KickoffField.WHEN): error_text(exc)})
            return
        if not can(actor, Action.SCHEDULE_KICKOFF):
            ack(response_action="errors", errors={kickoff_block(KickoffField.WHEN): refusal(Action.SCHEDULE_KICKOFF)})
            return
        deadline = kickoff_deadline(project.entered_implementation_at, deps.calendar)
        errors = validate_kickoff(form, now=now, deadline=deadline, process=deps.process, cal=deps.calendar)
        if errors:
            ack(response_action="errors", errors={kickoff_block(f): m for f, m in errors.items()})
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project = intake_cases.schedule_kickoff(session, team_id=team_id, actor=actor, project_id=project_id,
                                                        form=form, process=deps.process, cal=deps.calendar, now=now)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        text_ = t("thread.kickoff", user=user_id, when=fmt.when_with_year(form.when, deps.tz),
                  modality=deps.process.label("modalities", form.modality), place=escape(form.place.strip()))
        if project.kickoff_client_decision:
            text_ += t("thread.kickoff_decision", reason=escape(project.kickoff_reason or ""))
        warning = off_hours_warning(form.when, deps.calendar)
        if warning:
            text_ += t("thread.warning", warning=warning)
        _after(client, deps, project, text_)
