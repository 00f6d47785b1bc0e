"""Starting projects, completing prerequisites and showing a project's card."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import App

from bot.errors import DomainError
from bot.i18n import t
from bot.permissions import Action, can
from bot.portfolio import View, parse_status
from bot.projects import Field, IntakeForm, ProjectSnapshot, Stage, missing_prerequisites, validate_intake
from bot.usecases import projects as project_cases
from bot.usecases.roles import actor_for
from handlers import cards, ids
from handlers.blocks.prerequisites import prerequisites_modal
from handlers.blocks.start import block_id, start_modal
from handlers.blocks.status import matches_message
from handlers.deps import Deps, team_of
from handlers.portfolio import send_chart, show_page
from handlers.replies import error_text, refusal, tell
from handlers.state import choice, choices, read_values, text
from storage import drafts

log = logging.getLogger(__name__)

_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,}$")
STATUS_LIMIT = 10


# -- /impl start ---------------------------------------------------------------------------------


def open_start_modal(*, ack, body, client, respond, context, deps: Deps, **_) -> None:
    ack()
    team_id, user_id = team_of(context), context["user_id"]
    with deps.db.transaction() as session:
        actor = actor_for(session, team_id, user_id, deps.admins)
        draft = drafts.load(session, team_id, user_id, ids.START_FORM)
    if not can(actor, Action.START_PROJECT):
        tell(client, body, refusal(Action.START_PROJECT), respond=respond)
        return
    channel_id = deps.card_channel or body.get("channel_id")
    client.views_open(trigger_id=body["trigger_id"], view=start_modal(deps.process, draft, channel_id=channel_id))


def form_values(view: dict[str, Any]) -> dict[str, Any]:
    """The start form's values keyed by field, as stored in drafts."""
    values = read_values(view)
    return {f.value: values.get(block_id(f)) for f in Field}


def intake_form(values: dict[str, Any]) -> IntakeForm:
    return IntakeForm(
        client_name=text(values.get(Field.CLIENT)),
        ruc=text(values.get(Field.RUC)),
        product=choice(values.get(Field.PRODUCT)),
        size=choice(values.get(Field.SIZE)),
        issuer_type=choice(values.get(Field.ISSUER_TYPE)),
        billing_type=choice(values.get(Field.BILLING_TYPE)),
        implemented_by=choice(values.get(Field.IMPLEMENTED_BY)),
        advisor_id=choice(values.get(Field.ADVISOR)),
        prerequisites=choices(values.get(Field.PREREQUISITES)),
    )


def _origin_channel(view: dict[str, Any]) -> str | None:
    try:
        channel = json.loads(view.get("private_metadata") or "{}").get("channel")
    except (ValueError, AttributeError):
        return None
    return channel if isinstance(channel, str) and _CHANNEL.match(channel) else None


def register_start(app: App, deps: Deps) -> None:
    @app.view(ids.START_VIEW)
    def submit_start(ack, body, view, client, context):
        team_id, user_id = team_of(context), body["user"]["id"]
        values = form_values(view)
        intake, errors = validate_intake(intake_form(values), deps.process)
        with deps.db.transaction() as session:
            actor = actor_for(session, team_id, user_id, deps.admins)
            if not can(actor, Action.START_PROJECT):
                errors = {Field.CLIENT: refusal(Action.START_PROJECT)}
            elif intake is not None:
                errors = project_cases.check_new_project(session, team_id, intake)
        if errors:
            ack(response_action="errors", errors={block_id(f): msg for f, msg in errors.items()})
            return
        ack()
        now = deps.clock.now()
        try:
            with deps.db.transaction() as session:
                project = project_cases.start_project(
                    session,
                    team_id=team_id,
                    actor=actor,
                    intake=intake,
                    process=deps.process,
                    now=now,
                    origin_channel_id=_origin_channel(view),
                    cal=deps.calendar,
                )
                drafts.discard(session, team_id, user_id, ids.START_FORM)
        except DomainError as exc:
            # Lost a race (e.g. the same RUC submitted twice at once): keep what they typed.
            with deps.db.transaction() as session:
                drafts.save(session, team_id, user_id, ids.START_FORM, values, now)
            tell(client, body, t("start.error.kept_draft", problem=error_text(exc)))
            return
        project = cards.publish(client, deps, project, _origin_channel(view), user_id)
        if project.stage is Stage.IMPLEMENTATION:
            cards.thread(client, project, t("thread.created_ready", user=user_id))
        else:
            cards.thread(client, project, t("thread.created_pending", user=user_id, missing=_missing(project, deps)))

    @app.view_closed(ids.START_VIEW)
    def close_start(ack, body, view, context):
        ack()
        values = form_values(view)
        if not any(values.values()):
            return
        with deps.db.transaction() as session:
            drafts.save(session, team_of(context), body["user"]["id"], ids.START_FORM, values, deps.clock.now())


# -- prerequisites -------------------------------------------------------------------------------


def _missing(project: ProjectSnapshot, deps: Deps) -> str:
    missing = missing_prerequisites(project.met_prerequisites, deps.process)
    return ", ".join(deps.process.label("prerequisites", p) for p in missing)


def project_id_of(raw: Any) -> int | None:
    """A project id from an untrusted button value or private_metadata."""
    return int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 12 else None


def load_for(deps: Deps, action: Action, body, client, respond, team_id: str, project_id: int | None):
    """(actor, project) if `action` is allowed on the project (its implementer counts as the assignee); else
    tell the user what was wrong or who may, and return None."""
    if project_id is None:
        return None
    try:
        with deps.db.transaction() as session:
            actor = actor_for(session, team_id, body["user"]["id"], deps.admins)
            project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id,
                                         now=deps.clock.now())
    except DomainError as exc:
        tell(client, body, error_text(exc), respond=respond)
        return None
    if not can(actor, action, assignee=project.implementer_id):
        tell(client, body, refusal(action), respond=respond)
        return None
    return actor, project


def register_prerequisites(app: App, deps: Deps) -> None:
    @app.action(ids.CARD_PREREQUISITES)
    def open_prerequisites(ack, body, action, client, respond, context):
        ack()
        team_id = team_of(context)
        project_id = project_id_of(action.get("value"))
        if project_id is None:
            return
        with deps.db.transaction() as session:
            actor = actor_for(session, team_id, body["user"]["id"], deps.admins)
            if not can(actor, Action.COMPLETE_PREREQUISITES):
                tell(client, body, refusal(Action.COMPLETE_PREREQUISITES), respond=respond)
                return
            try:
                project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id,
                                             now=deps.clock.now())
            except DomainError as exc:
                tell(client, body, error_text(exc), respond=respond)
                return
        if project.stage is not Stage.PREREQUISITES:
            tell(client, body, t("prerequisites.error.already_done"), respond=respond)
            return
        client.views_open(trigger_id=body["trigger_id"], view=prerequisites_modal(project, deps.process))

    @app.view(ids.PREREQUISITES_VIEW)
    def submit_prerequisites(ack, body, view, client, context):
        team_id, user_id = team_of(context), body["user"]["id"]
        project_id = project_id_of(view.get("private_metadata"))
        met = choices(read_values(view).get(ids.PREREQUISITES_BLOCK))
        with deps.db.transaction() as session:
            actor = actor_for(session, team_id, user_id, deps.admins)
        if not can(actor, Action.COMPLETE_PREREQUISITES):
            ack(response_action="errors", errors={ids.PREREQUISITES_BLOCK: refusal(Action.COMPLETE_PREREQUISITES)})
            return
        ack()
        try:
            with deps.db.transaction() as session:
                project, entered = project_cases.complete_prerequisites(
                    session,
                    team_id=team_id,
                    actor=actor,
                    project_id=project_id or 0,
                    met=met,
                    process=deps.process,
                    now=deps.clock.now(),
                    cal=deps.calendar,
                )
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        cards.refresh(client, deps, project)
        if entered:
            cards.thread(client, project, t("thread.entered_implementation", user=user_id))
        else:
            cards.thread(client, project, t("thread.prerequisites_updated", user=user_id, missing=_missing(project, deps)))


# -- /impl status <cliente> ----------------------------------------------------------------------


def show_status(*, ack, args, body, client, respond, context, deps: Deps, **_) -> None:
    """`/impl status`: the portfolio (or `mios`, `vencidos`, `@implementador`), `grafico`, or a client's card."""
    ack()
    query = parse_status(args)
    if query.view is View.CHART:  # at once: the chart waits in the queue of long work
        respond(text=t("chart.preparing"), response_type="ephemeral")
    deps.later(lambda: _status(deps, args, query, client, respond, team_of(context), context["user_id"]),
               long=query.view is View.CHART, body=body, client=client, context=context, respond=respond)


def _status(deps: Deps, args: str, query, client, respond, team_id: str, user_id: str) -> None:
    if query.view is View.CHART:
        try:
            send_chart(deps, client, team_id, user_id)
        except DomainError as exc:
            respond(text=error_text(exc), response_type="ephemeral")
        return
    if query.view is not View.CLIENT:
        show_page(deps, respond, team_id, user_id, query, 0)
        return
    try:
        with deps.db.transaction() as session:
            actor = actor_for(session, team_id, user_id, deps.admins)
            projects, total = project_cases.find(session, team_id=team_id, actor=actor, query=args, limit=STATUS_LIMIT,
                                                 now=deps.clock.now())
    except DomainError as exc:
        respond(text=error_text(exc), response_type="ephemeral")
        return
    if total == 1:
        respond(**cards.card_body(deps, projects[0]), response_type="ephemeral")
    else:
        respond(**matches_message(args, projects, total, deps.process), response_type="ephemeral")


def register_status(app: App, deps: Deps) -> None:
    @app.action(ids.STATUS_SHOW_PROJECT)
    def show_project(ack, body, action, client, respond, context):
        ack()
        team_id = team_of(context)
        project_id = project_id_of(action.get("value"))
        try:
            with deps.db.transaction() as session:
                actor = actor_for(session, team_id, body["user"]["id"], deps.admins)
                project = project_cases.view(session, team_id=team_id, actor=actor, project_id=project_id or 0,
                                             now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        respond(**cards.card_body(deps, project), response_type="ephemeral", replace_original=True)


def register(app: App, deps: Deps) -> None:
    register_start(app, deps)
    register_prerequisites(app, deps)
    register_status(app, deps)
