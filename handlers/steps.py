"""Working on the steps from the card: each step's modal, go-live with its gates, the renewal confirmation."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from slack_bolt import App

from bot import fmt
from bot.credentials import looks_like_credential
from bot.errors import DomainError
from bot.i18n import t
from bot.permissions import Action, Role, can
from bot.process import ProcessDefinition, Step
from bot.projects import ProjectSnapshot, Stage
from bot.steps import StepForm, check_form, facts_of, go_live_blockers, states_of
from bot.usecases import roles as role_cases
from bot.usecases import steps as step_cases
from handlers import cards, ids
from handlers.blocks.kit import escape
from handlers.blocks.notice import notice_modal
from handlers.blocks.steps import step_block, step_modal, step_saved_text
from handlers.blocks.work import go_live_modal, renewal_done, renewal_prompt
from handlers.deps import Deps, team_of
from handlers.discovery import open_owner, open_questionnaire
from handlers.projects import project_id_of
from handlers.replies import error_text, refusal, tell
from handlers.sessions import open_plan
from handlers.state import choice, choices, read_values, text

_URL = re.compile(r"^https?://\S+$")


def _parse_step_value(raw: Any) -> tuple[int, str] | None:
    if not isinstance(raw, str) or ":" not in raw:
        return None
    project_id, _, step_id = raw.partition(":")
    return (int(project_id), step_id) if project_id.isdigit() and len(project_id) < 12 else None


def _date(value: Any) -> str | None:
    """A datepicker's YYYY-MM-DD, checked."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def step_form(step: Step, values: dict[str, Any], process: ProcessDefinition) -> StepForm:
    """What a step's modal submitted, as plain values."""
    v = lambda key: values.get(step_block(key))  # noqa: E731
    details: dict[str, Any] = {}
    if step.id == "crear_empresa":
        details = {"sent_on": _date(v("sent_on")), "recipient": text(v("recipient")).strip()}
    elif step.id == "plugins":
        details = {"activated": sorted(choices(v("activated")) & process.ids("plugins"))}
    elif step.id == "migracion":
        details = {"datasets": {i.id: {"status": choice(v(f"status.{i.id}")) or "pendiente",
                                       "records": _int(v(f"records.{i.id}"))} for i in step.checklist}}
    elif step.id == "capacitacion":
        done = choices(v("modules_done"))
        details = {"modules": {m.id: {"done": m.id in done, "on": _date(v(f"on.{m.id}")),
                                      "attendees": text(v(f"attendees.{m.id}")).strip()}
                               for m in process.training_modules}}
    elif step.id == "seguimiento":
        details = {"result": choice(v("result")), "fixed": _int(v("fixed")), "satisfaction": choice(v("satisfaction"))}
    checked = choices(v("checked")) & {i.id for i in step.checklist}
    return StepForm(checked=frozenset(checked), notes=text(v("notes")), details=details)


def open_step(deps: Deps, client, body, respond, team_id: str, project_id: int, step_id: str) -> None:
    """The card's "work on step" button and step menu: steps 1–3 open their own forms, 10 go-live."""
    if step_id not in deps.process.ids("steps"):
        return
    if step_id == "conocimiento":
        return open_questionnaire(deps, client, body, respond, team_id, project_id)
    if step_id == "responsable":
        return open_owner(deps, client, body, respond, team_id, project_id)
    if step_id == "cronograma":
        return open_plan(deps, client, body, respond, team_id, project_id)
    step = deps.process.step(step_id)
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
            project = step_cases.open_step(session, team_id=team_id, actor=actor, project_id=project_id,
                                           step_id=step_id, process=deps.process, now=deps.clock.now())
    except DomainError as exc:
        tell(client, body, error_text(exc), respond=respond)
        return
    if step_id == step_cases.GO_LIVE_STEP:
        if project.stage is not Stage.IMPLEMENTATION:
            tell(client, body, t("golive.already", go_live=fmt.day(project.go_live_on) if project.go_live_on else "—"),
                 respond=respond)
            return
        blockers = _blockers(project, deps)
        view = go_live_modal(project, step, blockers, deps.clock.now().astimezone(deps.tz).date())
    else:
        view = step_modal(project, deps.process, step)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _blockers(project: ProjectSnapshot, deps: Deps) -> list[str]:
    """What would stop go-live besides the acta, shown in the go-live form before it is submitted."""
    states = {s.id: state for s, state in states_of(project, deps.process)}
    return go_live_blockers(states, facts_of(project, deps.process), with_acta=False)


def _leads(deps: Deps, team_id: str) -> list[str]:
    with deps.db.transaction() as session:
        return role_cases.team(session, team_id, admins=())[Role.LEAD]


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    @app.action(ids.CARD_STEP)
    def work_on_step(ack, body, action, client, respond, context):
        ack()
        parsed = _parse_step_value(action.get("value"))
        if parsed:
            open_step(deps, client, body, respond, team_of(context), *parsed)

    @app.action(ids.CARD_STEP_SELECT)
    def go_to_step(ack, body, action, client, respond, context):
        ack()
        parsed = _parse_step_value((action.get("selected_option") or {}).get("value"))
        if parsed:
            open_step(deps, client, body, respond, team_of(context), *parsed)

    @app.view(ids.STEP_VIEW)
    def submit_step(ack, body, view, client, context):
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            project_id, step_id = int(meta["p"]), str(meta["s"])
            step = deps.process.step(step_id)
        except (ValueError, KeyError, TypeError, StopIteration):
            ack()
            return
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        values = read_values(view)
        form = step_form(step, values, deps.process)
        blocks = {b.get("block_id") for b in view.get("blocks", [])}

        def errors_for(found: dict[str, str]) -> dict[str, str]:
            mapped = {}
            for key, message in found.items():
                block_id = step_block(key) if step_block(key) in blocks else step_block("notes")
                mapped.setdefault(block_id, message)
            return mapped

        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project = step_cases.open_step(session, team_id=team_id, actor=actor, project_id=project_id,
                                               step_id=step_id, process=deps.process, now=now)
                _, errors = check_form(step, form, deps.process, facts_of(project, deps.process),
                                       today=now.astimezone(deps.tz).date(), go_live=project.go_live_on)
                if errors:
                    ack(response_action="errors", errors=errors_for(errors))
                    return
                saved = step_cases.save_step(session, team_id=team_id, actor=actor, project_id=project_id,
                                             step_id=step_id, form=form, process=deps.process, now=now,
                                             today=now.astimezone(deps.tz).date())
        except DomainError as exc:
            ack(response_action="errors", errors={step_block("notes"): error_text(exc)})
            return
        ack(response_action="update",
            view=notice_modal(t("steps.title", number=step.number), step_saved_text(step, saved.complete, saved.closed)))
        cards.refresh(client, deps, saved.project)
        if saved.closed:
            cards.thread(client, saved.project, t("steps.thread.closed", user=user_id))
        elif saved.complete and not saved.was_complete:
            cards.thread(client, saved.project, t("steps.thread.done", user=user_id, number=step.number, step=step.label))
        elif saved.was_complete and not saved.complete:
            cards.thread(client, saved.project, t("steps.thread.reopened", user=user_id, number=step.number,
                                                  step=step.label))

    @app.view(ids.GO_LIVE_VIEW)
    def submit_go_live(ack, body, view, client, context):
        g = ids.GO_LIVE_BLOCK_PREFIX
        values = {k.removeprefix(g): v for k, v in read_values(view).items() if k.startswith(g)}
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        today = now.astimezone(deps.tz).date()
        errors: dict[str, str] = {}
        on = _date(values.get("on"))
        if on is None:
            errors[g + "on"] = t("golive.error.date")
        elif date.fromisoformat(on) > today:
            errors[g + "on"] = t("golive.error.future")
        files = values.get("file") or []
        link = text(values.get("link")).strip()
        acta: dict[str, Any] = {}
        if isinstance(files, list) and files and isinstance(files[0], dict) and files[0].get("id"):
            first = files[0]
            acta = {"file_id": str(first["id"]), "name": str(first.get("name") or "acta"),
                    "url": str(first.get("permalink") or first.get("url_private") or "")}
        elif link:
            if not _URL.match(link):
                errors[g + "link"] = t("golive.error.link")
            else:
                acta = {"link": link}
        if not acta and g + "link" not in errors:
            errors[g + "file"] = t("golive.error.acta")
        checked = choices(values.get("checked"))
        if not {"acta_firmada", "desarrollos"} <= checked:
            errors[g + "checked"] = t("golive.error.items")
        notes = text(values.get("notes"))
        if looks_like_credential(notes):
            errors[g + "notes"] = t("steps.error.credential")
        if errors:
            ack(response_action="errors", errors=errors)
            return
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project, renewal = step_cases.go_live(
                    session, team_id=team_id, actor=actor, project_id=project_id_of(view.get("private_metadata")) or 0,
                    go_live_on=date.fromisoformat(on), acta=acta, checked=frozenset(checked), notes=notes,
                    process=deps.process, now=now)
        except DomainError as exc:
            ack(response_action="errors", errors={g + "file": error_text(exc)})
            return
        ack()
        cards.refresh(client, deps, project)
        acta_text = f"<{acta['url']}|{escape(acta['name'])}>" if acta.get("url") else escape(acta.get("link") or acta.get("name", ""))
        cards.thread(client, project, t("golive.thread", user=user_id, on=fmt.day(project.go_live_on), acta=acta_text))
        if project.card_channel_id and project.card_ts:
            billing = next((b for b in deps.process.billing_types if b.id == project.billing_type), None)
            period = t(f"golive.period.{billing.renewal}") if billing else ""
            client.chat_postMessage(channel=project.card_channel_id, thread_ts=project.card_ts,
                                    **renewal_prompt(project, renewal, period, _leads(deps, team_id)))

    @app.action(ids.RENEWAL_CONFIRM)
    def confirm_renewal(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is None:
            return
        team_id, user_id = team_of(context), body["user"]["id"]
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                if not can(actor, Action.CONFIRM_RENEWAL):
                    tell(client, body, refusal(Action.CONFIRM_RENEWAL), respond=respond)
                    return
                project = step_cases.confirm_renewal(session, team_id=team_id, actor=actor, project_id=project_id,
                                                     now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        container = body.get("container") or {}
        client.chat_update(channel=container.get("channel_id"), ts=container.get("message_ts"),
                           **renewal_done(project, project.renewal_on, user_id))
        cards.refresh(client, deps, project)
