"""Step 3, Cronograma: plan, reschedule and cancel sessions; the timeline and the .ics files in the thread."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import fmt
from bot.errors import DomainError
from bot.i18n import t
from bot.ics import SessionEvent, session_ics
from bot.permissions import Action, can
from bot.projects import ProjectSnapshot
from bot.sessions import (
    DURATIONS,
    SessionField,
    SessionForm,
    SessionView,
    default_start,
    duration_label,
    validate_session,
    warnings,
)
from bot.usecases import projects as project_cases
from bot.usecases import roles as role_cases
from bot.usecases import sessions as session_cases
from handlers import cards, ids
from handlers.blocks.sessions import cancel_modal, plan_block, plan_session_modal, reschedule_modal, timeline_message
from handlers.deps import Deps, team_of
from handlers.intake import epoch
from handlers.projects import load_for, project_id_of
from handlers.replies import error_text, refusal, tell
from handlers.state import choice, choices, read_values, text

log = logging.getLogger(__name__)


def _event(deps: Deps, project: ProjectSnapshot, view: SessionView, link: str | None) -> SessionEvent:
    steps = [f"{deps.process.step(s).number}. {deps.process.step(s).label}" for s in view.steps
             if s in deps.process.ids("steps")]
    description = [t("sessions.ics_description", client=project.client_name)]
    if steps:
        description.append(t("sessions.ics_steps", steps="; ".join(steps)))
    if view.modality:
        description.append(t("sessions.ics_modality", modality=deps.process.label("modalities", view.modality)))
    if link:
        description.append(t("sessions.ics_card", link=link))
    return SessionEvent(
        uid=f"sesion-{view.id}@impl-bot.{project.team_id}",
        sequence=view.sequence,
        starts_at=view.starts_at,
        duration_minutes=view.duration_minutes,
        summary=t("sessions.ics_summary", client=project.client_name),
        description="\n".join(description),
        location=view.place,
        attendees=tuple(n.strip() for n in (view.client_attendees or "").split(",") if n.strip()),
        cancelled=view.cancelled,
        url=link,
    )


def refresh_timeline(client: WebClient, deps: Deps, project: ProjectSnapshot) -> None:
    """The schedule as one message in the card's thread, posted once and then updated in place."""
    if not (project.card_channel_id and project.card_ts):
        return
    with deps.db.transaction() as session:
        sessions = session_cases.timeline(session, project.id)
    body = timeline_message(project, sessions, deps.process, deps.tz)
    if project.timeline_ts:
        client.chat_update(channel=project.card_channel_id, ts=project.timeline_ts, **body)
        return
    posted = client.chat_postMessage(channel=project.card_channel_id, thread_ts=project.card_ts, **body)
    with deps.db.transaction() as session:
        session_cases.set_timeline_message(session, team_id=project.team_id, project_id=project.id, ts=posted["ts"])


def announce(client: WebClient, deps: Deps, project: ProjectSnapshot, view: SessionView, note: str,
             found: list[str] = ()) -> None:
    """Tell the thread with the session's .ics attached, then update the timeline and the card."""
    if found:
        note += "".join(t("thread.warning", warning=w) for w in found)
    if project.card_channel_id and project.card_ts:
        link = cards.permalink(client, project)
        ics = session_ics(_event(deps, project, view, link), tz=deps.tz, now=deps.clock.now())
        try:
            client.files_upload_v2(
                channel=project.card_channel_id, thread_ts=project.card_ts, content=ics,
                filename=f"sesion-{view.id}.ics",
                title=t("sessions.ics_title", when=fmt.short(view.starts_at, deps.tz)), initial_comment=note,
            )
        except (SlackApiError, OSError) as exc:
            # The session is saved: say so in the thread, without the file, and keep the schedule up to date.
            # (The byte upload bypasses the WebClient's retries; an HTTPError there is an OSError.)
            log.warning("could not attach the .ics of session %s: %s", view.id, type(exc).__name__)
            cards.thread(client, project, note + t("sessions.ics_failed"))
    refresh_timeline(client, deps, project)
    cards.refresh(client, deps, project)


def _override(values: dict) -> bool:
    return "si" in choices(values.get(plan_block(SessionField.OVERRIDE)))


def _checked_warnings(deps: Deps, session, project: ProjectSnapshot, form: SessionForm, exclude: int | None = None):
    busy = session_cases.busy(session, team_id=project.team_id, implementer_id=project.implementer_id,
                              around=form.starts_at, exclude=exclude)
    return warnings(form, deps.calendar, busy)


def open_plan(deps: Deps, client, body, respond, team_id: str, project_id: int) -> None:
    """Step 3: plan a session, starting at the next business hour with the implementer invited."""
    loaded = load_for(deps, Action.SCHEDULE_SESSION, body, client, respond, team_id, project_id)
    if loaded is None:
        return
    project = loaded[1]
    attendees = list(dict.fromkeys(u for u in (project.implementer_id, body["user"]["id"]) if u))
    start = default_start(deps.clock.now(), deps.calendar)
    client.views_open(trigger_id=body["trigger_id"],
                      view=plan_session_modal(project, deps.process, starts_at=start, attendees=attendees))


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    @app.action(ids.CARD_PLAN_SESSION)
    def open_plan_from_card(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is not None:
            open_plan(deps, client, body, respond, team_of(context), project_id)

    @app.view(ids.PLAN_SESSION_VIEW)
    def submit_plan(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        values = read_values(view)
        duration = choice(values.get(plan_block(SessionField.DURATION)))
        form = SessionForm(
            starts_at=epoch(values.get(plan_block(SessionField.WHEN))),
            duration_minutes=int(duration) if duration and duration.isdigit() else None,
            modality=choice(values.get(plan_block(SessionField.MODALITY))),
            place=text(values.get(plan_block(SessionField.PLACE))),
            attendees=tuple(sorted(choices(values.get(plan_block(SessionField.ATTENDEES))))),
            client_attendees=text(values.get(plan_block(SessionField.CLIENT_ATTENDEES))),
            steps=tuple(s.id for s in deps.process.steps
                        if s.id in choices(values.get(plan_block(SessionField.STEPS)))),
            override=_override(values),
        )
        errors = {plan_block(f): m for f, m in validate_session(form, now=now, process=deps.process).items()}
        project_id = project_id_of(view.get("private_metadata")) or 0
        found: list[str] = []
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id, now=now)
                if not errors:
                    found = _checked_warnings(deps, session, project, form)
        except DomainError as exc:
            ack(response_action="errors", errors={plan_block(SessionField.WHEN): error_text(exc)})
            return
        if not can(actor, Action.SCHEDULE_SESSION, assignee=project.implementer_id):
            errors = {plan_block(SessionField.WHEN): refusal(Action.SCHEDULE_SESSION)}
        elif found and not form.override and not errors:
            errors = {plan_block(SessionField.WHEN): t("sessions.warning.needs_override", warnings=" ".join(found))}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project, created = session_cases.schedule_session(session, team_id=team_id, actor=actor,
                                                                  project_id=project_id, starts_at=form.starts_at,
                                                                  now=now, form=form)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        if created is not None:
            announce(client, deps, project, created, session_note(user_id, created, deps), found)

    @app.action(ids.TIMELINE_SESSION_MENU)
    def menu(ack, body, action, client, respond, context):
        ack()
        try:
            choice_ = json.loads((action.get("selected_option") or {}).get("value") or "")
            session_id, what = int(choice_["s"]), choice_["a"]
        except (ValueError, KeyError, TypeError):
            return
        team_id = team_of(context)
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
                project, view = session_cases.for_edit(session, team_id=team_id, actor=actor, session_id=session_id,
                                                       now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        builder = reschedule_modal if what == "r" else cancel_modal
        client.views_open(trigger_id=body["trigger_id"], view=builder(project, view, deps.tz))

    @app.view(ids.RESCHEDULE_VIEW)
    def submit_reschedule(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        values = read_values(view)
        when = epoch(values.get(plan_block(SessionField.WHEN)))
        session_id = project_id_of(view.get("private_metadata")) or 0
        when_block = plan_block(SessionField.WHEN)
        if when is None or when <= now:
            ack(response_action="errors", errors={when_block: t("schedule.error.past")})
            return
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project, current = session_cases.for_edit(session, team_id=team_id, actor=actor,
                                                          session_id=session_id, now=now)
                moved = SessionForm(starts_at=when, duration_minutes=current.duration_minutes, modality=current.modality)
                found = _checked_warnings(deps, session, project, moved, exclude=session_id)
        except DomainError as exc:
            ack(response_action="errors", errors={when_block: error_text(exc)})
            return
        if found and not _override(values):
            ack(response_action="errors", errors={when_block: t("sessions.warning.needs_override",
                                                                  warnings=" ".join(found))})
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project, moved_view, before = session_cases.reschedule(session, team_id=team_id, actor=actor,
                                                                       session_id=session_id, starts_at=when, now=now)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        note = t("sessions.thread.rescheduled", user=user_id, before=fmt.when_with_year(before, deps.tz),
                 when=fmt.when_with_year(when, deps.tz))
        announce(client, deps, project, moved_view, note, found)

    @app.view(ids.CANCEL_SESSION_VIEW)
    def submit_cancel(ack, body, view, client, context):
        ack()
        team_id, user_id = team_of(context), body["user"]["id"]
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project, cancelled = session_cases.cancel(session, team_id=team_id, actor=actor,
                                                          session_id=project_id_of(view.get("private_metadata")) or 0,
                                                          now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        note = t("sessions.thread.cancelled", user=user_id, when=fmt.when_with_year(cancelled.starts_at, deps.tz))
        announce(client, deps, project, cancelled, note)


def _duration(view: SessionView) -> str:
    return duration_label(view.duration_minutes) if view.duration_minutes in DURATIONS else f"{view.duration_minutes} min"


def session_note(user_id: str, view: SessionView, deps: Deps) -> str:
    return t("sessions.thread.scheduled", user=user_id, when=fmt.when_with_year(view.starts_at, deps.tz),
             duration=_duration(view))

