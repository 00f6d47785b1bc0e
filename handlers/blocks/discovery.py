"""Step 1: the questionnaire's pages, its summary in the thread and the plugin recommendations."""

from __future__ import annotations

import json
from typing import Any

from bot.discovery import NUMBER_MAX, TEXT_MAX, YES, Answers, Page, answer_text, pages, progress
from bot.i18n import t
from bot.process import FollowUp, ProcessDefinition, Question
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.kit import (
    actions,
    button,
    clip,
    context,
    escape,
    header,
    input_block,
    message,
    modal,
    option,
    plain,
    section,
)


def question_block(question_id: str) -> str:
    return f"{ids.DISCOVERY_BLOCK_PREFIX}{question_id}"


def _element(question: Question | FollowUp, value: Any) -> dict[str, Any]:
    kind = question.kind
    if kind in ("yes_no", "choice"):
        choices = ((YES, t("discovery.yes")), ("no", t("discovery.no"))) if kind == "yes_no" else (
            (o.id, o.label) for o in question.options or ())
        opts = [option(label, value_id) for value_id, label in choices]
        element: dict[str, Any] = {"type": "radio_buttons", "action_id": ids.INPUT, "options": opts}
        chosen = next((o for o in opts if o["value"] == value), None)
        if chosen is not None:
            element["initial_option"] = chosen
        return element
    if kind == "number":
        element = {"type": "number_input", "action_id": ids.INPUT, "is_decimal_allowed": False,
                   "min_value": "0", "max_value": str(NUMBER_MAX)}
        if isinstance(value, int):
            element["initial_value"] = str(value)
        return element
    element = {"type": "plain_text_input", "action_id": ids.INPUT, "max_length": TEXT_MAX,
               "multiline": kind == "multiline"}
    placeholder = getattr(question, "placeholder", None)
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    if isinstance(value, str) and value:
        element["initial_value"] = value[:TEXT_MAX]
    return element


def page_modal(project: ProjectSnapshot, process: ProcessDefinition, page: Page, answers: Answers) -> dict[str, Any]:
    all_pages = pages(process)
    answered, total = progress(answers, process)
    blocks = [context(t("discovery.page_intro", client=escape(project.client_name), answered=answered, total=total))]
    for question in page.questions:
        blocks.append(input_block(question_block(question.id), question.label, _element(question, answers.get(question.id)),
                                  optional=True, hint=question.hint))
        if question.follow_up:
            follow = question.follow_up
            blocks.append(input_block(question_block(follow.id), follow.label,
                                      _element(follow, answers.get(follow.id)), optional=True,
                                      hint=t("discovery.follow_up_hint")))
    last = page.number == len(all_pages)
    return modal(
        ids.DISCOVERY_VIEW,
        t("discovery.title", page=page.number, pages=len(all_pages)),
        blocks,
        submit=t("discovery.save") if last else t("discovery.next"),
        close=t("common.close"),
        private_metadata=json.dumps({"p": project.id, "n": page.number}),
        notify_on_close=True,
    )


def saved_modal(answered: int, total: int, missing: list[str]) -> dict[str, Any]:
    if answered == total:
        text = t("discovery.saved_complete", total=total)
    else:
        text = t("discovery.saved_partial", answered=answered, total=total,
                 missing=", ".join(escape(m) for m in missing))
    return modal(ids.NOTICE_VIEW, t("discovery.title_done"), [section(text)], close=t("common.close"))


def summary_message(project: ProjectSnapshot, answers: Answers, process: ProcessDefinition) -> dict[str, Any]:
    blocks = [header(t("discovery.summary_title", client=project.client_name))]
    for question in process.questionnaire:
        label = f"*{escape(question.label)}*\n"
        blocks.append(section(label + clip(escape(answer_text(question, answers)), 3000 - len(label))))
    fallback = t("discovery.summary_fallback", client=project.client_name)
    return message(fallback, blocks)


def recommendation_value(project_id: int, plugin_id: str) -> str:
    return json.dumps({"p": project_id, "g": plugin_id}, separators=(",", ":"))


def recommendations_message(project: ProjectSnapshot, recommendations: list, process: ProcessDefinition) -> dict[str, Any]:
    """One section per recommended plugin with its reason, and Aceptar / Rechazar until decided."""
    text = t("discovery.recommendations_title", client=escape(project.client_name))
    blocks = [section(text)]
    if not recommendations:
        blocks.append(context(t("discovery.no_recommendations")))
    for rec in recommendations:
        label = escape(process.label("plugins", rec.plugin_id))
        blocks.append(section(t("discovery.recommendation", plugin=label, reason=escape(rec.reason))))
        if rec.status == "pendiente":
            value = recommendation_value(project.id, rec.plugin_id)
            blocks.append(actions(button(t("discovery.accept"), ids.RECOMMENDATION_ACCEPT, value, style="primary"),
                                  button(t("discovery.reject"), ids.RECOMMENDATION_REJECT, value)))
        else:
            blocks.append(context(t(f"discovery.decided.{rec.status}", user=rec.decided_by or "")))
    return message(t("discovery.recommendations_fallback", client=project.client_name), blocks)
