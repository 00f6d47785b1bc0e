"""The time log (`/impl horas` and the card's button), custom-development requests, and the history."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_bolt import App

from bot import fmt
from bot.credentials import looks_like_credential
from bot.errors import DomainError
from bot.hours import find_step, parse_hours, split_hours_command
from bot.i18n import t
from bot.permissions import Action, Role, can
from bot.usecases import projects as project_cases
from bot.usecases import roles as role_cases
from bot.usecases import work as work_cases
from handlers import cards, ids
from handlers.blocks.kit import clip, escape
from handlers.blocks.notice import notice_modal
from handlers.blocks.work import (
    HISTORY_LIMIT,
    answer_text,
    development_answer_modal,
    development_dm,
    development_modal,
    development_summary,
    history_message,
    hours_modal,
)
from handlers.deps import Deps, team_of
from handlers.projects import load_for, project_id_of
from handlers.replies import error_text, refusal, tell
from handlers.state import choice, read_values, text

H, D = ids.HOURS_BLOCK_PREFIX, ids.DEVELOPMENT_BLOCK_PREFIX


def _values(view: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in read_values(view).items() if k.startswith(prefix)}


def _step_label(deps: Deps, step_id: str | None) -> str:
    if not step_id:
        return t("hours.no_step")
    step = deps.process.step(step_id)
    return t("hours.on_step", number=step.number, step=step.label)


def _log(deps: Deps, client, team_id: str, user_id: str, project_id: int, hours: Decimal, step_id: str | None,
         worked_on: date, notes: str):
    """Log the hours; warn the card's thread at 80 % of the estimate and when it is exceeded."""
    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        logged = work_cases.log_hours(session, team_id=team_id, actor=actor, project_id=project_id, hours=hours,
                                      step_id=step_id, worked_on=worked_on, notes=notes, now=deps.clock.now())
    cards.refresh(client, deps, logged.project)
    for crossed in logged.crossed:
        cards.thread(client, logged.project, t(f"hours.{crossed}", total=fmt.hours(float(logged.total)),
                                               estimate=fmt.hours(float(logged.estimate or 0))))
    return logged


def _confirmation(deps: Deps, logged, step_id: str | None) -> str:
    return t("hours.saved", hours=fmt.hours(float(logged.hours)), step=_step_label(deps, step_id),
             client=escape(logged.project.client_name), total=fmt.hours(float(logged.total)),
             estimate=fmt.hours(float(logged.estimate or 0)))


def horas(*, ack, args, body, client, respond, context, deps: Deps, **_) -> None:
    """`/impl horas <cliente> <horas> [paso]`."""
    ack()
    parts = split_hours_command(args)
    if parts is None:
        respond(text=t("hours.error.usage"), response_type="ephemeral")
        return
    query, amount, step_text = parts
    step_id = find_step(step_text, deps.process) if step_text else None
    if step_text and step_id is None:
        respond(text=t("hours.error.step", step=step_text), response_type="ephemeral")
        return
    team_id, user_id, now = team_of(context), context["user_id"], deps.clock.now()
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
            projects, total = project_cases.find(session, team_id=team_id, actor=actor, query=query, limit=5, now=now,
                                                 open_only=True)
    except DomainError as exc:
        respond(text=error_text(exc), response_type="ephemeral")
        return
    if total != 1:
        key = "status.none" if total == 0 else "hours.error.several"
        respond(text=t(key, query=query, count=total), response_type="ephemeral")
        return
    try:
        logged = _log(deps, client, team_id, user_id, projects[0].id, parse_hours(amount), step_id,
                      now.astimezone(deps.tz).date(), "")
    except DomainError as exc:
        respond(text=error_text(exc), response_type="ephemeral")
        return
    respond(text=_confirmation(deps, logged, step_id), response_type="ephemeral")


def open_hours(deps: Deps, client, body, respond, context, project_id: int) -> None:
    loaded = load_for(deps, Action.LOG_HOURS, body, client, respond, team_of(context), project_id)
    if loaded:
        project = loaded[1]
        with deps.db.transaction() as session:
            by_step = work_cases.hours_by_step(session, project.id)
        today = deps.clock.now().astimezone(deps.tz).date()
        client.views_open(trigger_id=body["trigger_id"], view=hours_modal(project, deps.process, today, by_step=by_step))


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    # -- time log ------------------------------------------------------------------------------------
    @app.action(ids.CARD_HOURS)
    def open_hours_from_card(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is not None:
            open_hours(deps, client, body, respond, context, project_id)

    @app.view(ids.HOURS_VIEW)
    def submit_hours(ack, body, view, client, context):
        values = _values(view, H)
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        errors = {}
        hours = parse_hours(text(values.get("hours")))
        if hours is None:
            errors[H + "hours"] = t("hours.error.amount")
        try:
            worked_on = date.fromisoformat(values.get("on") or "")
        except (TypeError, ValueError):
            worked_on = None
            errors[H + "on"] = t("golive.error.date")
        if worked_on and worked_on > now.astimezone(deps.tz).date():
            errors[H + "on"] = t("hours.error.future")
        notes = text(values.get("notes"))
        if looks_like_credential(notes):
            errors[H + "notes"] = t("steps.error.credential")
        step_id = choice(values.get("step"))
        step_id = step_id if step_id in deps.process.ids("steps") else None
        if errors:
            ack(response_action="errors", errors=errors)
            return
        try:
            logged = _log(deps, client, team_id, user_id, project_id_of(view.get("private_metadata")) or 0, hours,
                          step_id, worked_on, notes)
        except DomainError as exc:
            ack(response_action="errors", errors={H + "hours": error_text(exc)})
            return
        ack(response_action="update", view=notice_modal(t("hours.title"), _confirmation(deps, logged, step_id)))

    # -- custom developments -------------------------------------------------------------------------
    @app.action(ids.CARD_DEVELOPMENT)
    def open_development(ack, body, action, client, respond, context):
        ack()
        loaded = load_for(deps, Action.REQUEST_DEVELOPMENT, body, client, respond, team_of(context),
                          project_id_of(action.get("value")))
        if loaded:
            client.views_open(trigger_id=body["trigger_id"], view=development_modal(loaded[1]))

    @app.view(ids.DEVELOPMENT_VIEW)
    def submit_development(ack, body, view, client, context):
        values = _values(view, D)
        description, asked_by = text(values.get("description")).strip(), text(values.get("asked_by")).strip()
        urgency = choice(values.get("urgency")) or "media"
        errors = {}
        if not description:
            errors[D + "description"] = t("developments.error.description")
        if not asked_by:
            errors[D + "asked_by"] = t("developments.error.asked_by")
        for key, value in (("description", description), ("asked_by", asked_by)):
            if looks_like_credential(value):
                errors[D + key] = t("steps.error.credential")
        if errors:
            ack(response_action="errors", errors=errors)
            return
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project, request = work_cases.request_development(
                    session, team_id=team_id, actor=actor, project_id=project_id_of(view.get("private_metadata")) or 0,
                    description=description, asked_by=asked_by, urgency=urgency, now=now)
                owners = role_cases.team(session, team_id, admins=())[Role.PRODUCT_OWNER]
        except DomainError as exc:
            ack(response_action="errors", errors={D + "description": error_text(exc)})
            return
        ack()
        link = cards.permalink(client, project)
        sent = []
        for owner in owners:
            posted = client.chat_postMessage(channel=owner, **development_dm(request, project, link))
            sent.append([posted["channel"], posted["ts"]])
        with deps.db.transaction() as session:
            work_cases.set_development_messages(session, team_id=team_id, request_id=request.id, messages=sent)
        key = "developments.thread.requested" if owners else "developments.thread.no_owner"
        cards.thread(client, project, t(key, summary=development_summary(request, project),
                                        owners=", ".join(f"<@{o}>" for o in owners)))
        cards.refresh(client, deps, project)

    def open_answer(ack, body, action, client, respond, context, viable: bool):
        ack()
        request_id = project_id_of(action.get("value"))
        if request_id is None:
            return
        team_id = team_of(context)
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
            if not can(actor, Action.ANSWER_DEVELOPMENT):
                tell(client, body, refusal(Action.ANSWER_DEVELOPMENT), respond=respond)
                return
            try:
                request = work_cases.development(session, team_id=team_id, request_id=request_id)
            except DomainError as exc:
                tell(client, body, error_text(exc), respond=respond)
                return
        client.views_open(trigger_id=body["trigger_id"], view=development_answer_modal(request, viable))

    @app.action(ids.DEVELOPMENT_VIABLE)
    def viable(ack, body, action, client, respond, context):
        open_answer(ack, body, action, client, respond, context, True)

    @app.action(ids.DEVELOPMENT_NOT_VIABLE)
    def not_viable(ack, body, action, client, respond, context):
        open_answer(ack, body, action, client, respond, context, False)

    @app.view(ids.DEVELOPMENT_ANSWER_VIEW)
    def submit_answer(ack, body, view, client, context):
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            request_id, is_viable = int(meta["r"]), bool(meta["v"])
        except (ValueError, KeyError, TypeError):
            ack()
            return
        values = _values(view, D)
        has_cost = choice(values.get("cost")) == "si"
        amount = None
        errors = {}
        if has_cost and values.get("amount"):
            try:
                amount = Decimal(str(values["amount"])).quantize(Decimal("0.01"))
            except InvalidOperation:
                errors[D + "amount"] = t("developments.error.amount")
        notes = text(values.get("notes"))
        if looks_like_credential(notes):
            errors[D + "notes"] = t("steps.error.credential")
        if errors:
            ack(response_action="errors", errors=errors)
            return
        team_id, user_id = team_of(context), body["user"]["id"]
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project, request, before = work_cases.answer_development(
                    session, team_id=team_id, actor=actor, request_id=request_id, viable=is_viable, has_cost=has_cost,
                    amount=amount, priority=choice(values.get("priority")) or "media", notes=notes,
                    now=deps.clock.now())
        except DomainError as exc:
            ack(response_action="errors", errors={D + "cost": error_text(exc)})
            return
        ack()
        link = cards.permalink(client, project)
        for channel, ts in request.messages or []:
            client.chat_update(channel=channel, ts=ts, **development_dm(request, project, link))
        key = "developments.thread.changed" if before else "developments.thread.answered"
        cards.thread(client, project, t(key, description=clip(escape(request.description), 300),
                                        answer=answer_text(request)))
        cards.refresh(client, deps, project)

    # -- history -------------------------------------------------------------------------------------
    @app.action(ids.CARD_HISTORY)
    def show_history(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is None:
            return
        team_id = team_of(context)
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
                project, entries = work_cases.history(session, team_id=team_id, actor=actor, project_id=project_id,
                                                      limit=HISTORY_LIMIT, now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        history = history_message(project, entries, deps.tz)
        if body.get("response_url"):  # the card is a message: answer only to whoever asked
            respond(**history, response_type="ephemeral", replace_original=False)
        else:
            tell(client, body, history["text"])
