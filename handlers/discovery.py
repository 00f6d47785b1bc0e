"""Step 1 and step 2 from the card: the questionnaire (page by page, never losing an answer) and the owner."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App

from bot.discovery import first_page_to_resume, is_answered, pages, read_page
from bot.errors import DomainError
from bot.i18n import t
from bot.owner import OwnerField, validate_owner
from bot.usecases import discovery as discovery_cases
from bot.usecases import roles as role_cases
from handlers import cards, ids
from handlers.blocks.discovery import (
    page_modal,
    question_block,
    recommendations_message,
    saved_modal,
    summary_message,
)
from handlers.blocks.kit import escape
from handlers.blocks.owner import owner_block, owner_modal
from handlers.deps import Deps, team_of
from handlers.projects import project_id_of
from handlers.replies import error_text, tell
from handlers.state import read_values, text
from storage import discovery as discovery_store


def _page_of(view: dict[str, Any], deps: Deps):
    """(project id, page) from the view's private_metadata, or None if it is not ours."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        project_id, number = int(meta["p"]), int(meta["n"])
    except (ValueError, KeyError, TypeError):
        return None
    all_pages = pages(deps.process)
    return (project_id, all_pages[number - 1]) if 1 <= number <= len(all_pages) else None


def _typed(view: dict[str, Any]) -> dict[str, Any]:
    return {block_id.removeprefix(ids.DISCOVERY_BLOCK_PREFIX): value
            for block_id, value in read_values(view).items() if block_id.startswith(ids.DISCOVERY_BLOCK_PREFIX)}


def _in_catalog_order(recs: list, deps: Deps) -> list:
    order = {p.id: n for n, p in enumerate(deps.process.plugins)}
    return sorted(recs, key=lambda r: order.get(r.plugin_id, len(order)))


def _post_completion(client, deps: Deps, project, answers) -> None:
    """The readable summary and the plugin recommendations, in the card's thread."""
    if not (project.card_channel_id and project.card_ts):
        return
    client.chat_postMessage(channel=project.card_channel_id, thread_ts=project.card_ts,
                            **summary_message(project, answers, deps.process))
    with deps.db.transaction() as session:
        recs = _in_catalog_order(discovery_store.recommendations(session, project.id), deps)
    posted = client.chat_postMessage(channel=project.card_channel_id, thread_ts=project.card_ts,
                                     **recommendations_message(project, recs, deps.process))
    with deps.db.transaction() as session:
        discovery_cases.set_recommendations_message(session, project.id, posted["ts"])


def open_questionnaire(deps: Deps, client, body, respond, team_id: str, project_id: int) -> None:
    """Step 1: open the questionnaire on the first page with an unanswered question, all answers prefilled."""
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
            project, answers = discovery_cases.answers_of(session, team_id=team_id, actor=actor,
                                                          project_id=project_id, now=deps.clock.now())
    except DomainError as exc:
        tell(client, body, error_text(exc), respond=respond)
        return
    page = pages(deps.process)[first_page_to_resume(answers, deps.process) - 1]
    client.views_open(trigger_id=body["trigger_id"], view=page_modal(project, deps.process, page, answers))


def open_owner(deps: Deps, client, body, respond, team_id: str, project_id: int) -> None:
    """Step 2: the client's project owner."""
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
            project, _ = discovery_cases.answers_of(session, team_id=team_id, actor=actor, project_id=project_id,
                                                    now=deps.clock.now())
    except DomainError as exc:
        tell(client, body, error_text(exc), respond=respond)
        return
    client.views_open(trigger_id=body["trigger_id"], view=owner_modal(project))


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    @app.action(ids.CARD_DISCOVERY)
    def open_from_card(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is not None:
            open_questionnaire(deps, client, body, respond, team_of(context), project_id)

    @app.view(ids.DISCOVERY_VIEW)
    def submit_page(ack, body, view, client, context):
        found = _page_of(view, deps)
        if found is None:
            ack()
            return
        project_id, page = found
        team_id, user_id = team_of(context), body["user"]["id"]
        answers, errors = read_page(_typed(view), page)
        if errors:
            ack(response_action="errors", errors={question_block(k): v for k, v in errors.items()})
            return
        # Each page is saved before answering, so that no page is lost even if what follows fails.
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                saved = discovery_cases.save_page(session, team_id=team_id, actor=actor, project_id=project_id,
                                                  page_answers=answers, process=deps.process, now=deps.clock.now())
        except DomainError as exc:
            ack(response_action="errors", errors={question_block(page.questions[0].id): error_text(exc)})
            return
        all_pages = pages(deps.process)
        if page.number < len(all_pages):
            next_page = all_pages[page.number]
            ack(response_action="update", view=page_modal(saved.project, deps.process, next_page, saved.answers))
        else:
            missing = [q.label for q in deps.process.questionnaire if not is_answered(q, saved.answers)]
            ack(response_action="update", view=saved_modal(saved.answered, saved.total, missing))
        cards.refresh(client, deps, saved.project)
        if saved.completed_now:
            _post_completion(client, deps, saved.project, saved.answers)
        elif saved.new_recommendations:
            cards.thread(client, saved.project, t("discovery.new_recommendations", user=user_id))
            _post_completion(client, deps, saved.project, saved.answers)

    @app.view_closed(ids.DISCOVERY_VIEW)
    def close_page(ack, body, view, client, context):
        ack()
        found = _page_of(view, deps)
        if found is None:
            return
        project_id, page = found
        answers, _errors = read_page(_typed(view), page)  # a draft keeps whatever is valid, even half done
        team_id = team_of(context)
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
            saved = discovery_cases.save_page(session, team_id=team_id, actor=actor, project_id=project_id,
                                              page_answers=answers, process=deps.process, now=deps.clock.now())
        cards.refresh(client, deps, saved.project)
        if saved.completed_now:
            _post_completion(client, deps, saved.project, saved.answers)

    def decide(ack, body, action, client, respond, context, accept: bool):
        ack()
        try:
            value = json.loads(action.get("value") or "")
            project_id, plugin_id = int(value["p"]), str(value["g"])
        except (ValueError, KeyError, TypeError):
            return
        team_id = team_of(context)
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
                project, recs = discovery_cases.decide(session, team_id=team_id, actor=actor, project_id=project_id,
                                                       plugin_id=plugin_id, accept=accept, now=deps.clock.now())
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        recs = _in_catalog_order(recs, deps)
        container = body.get("container") or {}
        client.chat_update(channel=container.get("channel_id"), ts=container.get("message_ts"),
                           **recommendations_message(project, recs, deps.process))

    @app.action(ids.RECOMMENDATION_ACCEPT)
    def accept(ack, body, action, client, respond, context):
        decide(ack, body, action, client, respond, context, accept=True)

    @app.action(ids.RECOMMENDATION_REJECT)
    def reject(ack, body, action, client, respond, context):
        decide(ack, body, action, client, respond, context, accept=False)

    # -- Step 2: Responsable del proyecto ----------------------------------------------------------
    @app.action(ids.CARD_OWNER)
    def open_owner_from_card(ack, body, action, client, respond, context):
        ack()
        project_id = project_id_of(action.get("value"))
        if project_id is not None:
            open_owner(deps, client, body, respond, team_of(context), project_id)

    @app.view(ids.OWNER_VIEW)
    def submit_owner(ack, body, view, client, context):
        values = read_values(view)
        owner, errors = validate_owner(*(text(values.get(owner_block(f))) for f in OwnerField))
        if errors:
            ack(response_action="errors", errors={owner_block(f): m for f, m in errors.items()})
            return
        team_id, user_id = team_of(context), body["user"]["id"]
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
                project = discovery_cases.set_owner(session, team_id=team_id, actor=actor,
                                                    project_id=project_id_of(view.get("private_metadata")) or 0,
                                                    owner=owner, now=deps.clock.now())
        except DomainError as exc:
            ack(response_action="errors", errors={owner_block(OwnerField.NAME): error_text(exc)})
            return
        ack()
        cards.refresh(client, deps, project)
        cards.thread(client, project, t("thread.owner", user=user_id, name=escape(owner.name), role=escape(owner.role)))
