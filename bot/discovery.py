"""Step 1, Conocimiento del cliente: the questionnaire's pages, answers, progress and plugin recommendations.

Answers are a flat mapping {question or follow-up id: value}: "si"/"no" for yes/no questions, an int for
counts, the option id for choices, text otherwise. A question counts as answered when it has a value
and, for a "sí" that asks a follow-up ("¿cuántos?", "¿cuál?"), the follow-up has one too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n import t
from bot.process import ProcessDefinition, Question, Recommendation

QUESTIONS_PER_PAGE = 4
TEXT_MAX = 3000
NUMBER_MAX = 100_000
YES, NO = "si", "no"

Answers = dict[str, Any]


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    questions: tuple[Question, ...]


def pages(process: ProcessDefinition) -> list[Page]:
    questions = process.questionnaire
    return [
        Page(n // QUESTIONS_PER_PAGE + 1, questions[n : n + QUESTIONS_PER_PAGE])
        for n in range(0, len(questions), QUESTIONS_PER_PAGE)
    ]


def read_page(raw: dict[str, Any], page: Page) -> tuple[Answers, dict[str, str]]:
    """Clean what was typed on one page. Returns (answers, errors by question or follow-up id).

    Empty fields are simply unanswered (a page may be saved half done); only malformed values and a
    missing follow-up after "sí" are errors.
    """
    answers: Answers = {}
    errors: dict[str, str] = {}
    for question in page.questions:
        value, error = _clean(question.kind, raw.get(question.id), question)
        if error:
            errors[question.id] = error
        answers[question.id] = value
        if question.follow_up:
            follow = question.follow_up
            value, error = _clean(follow.kind, raw.get(follow.id), follow)
            if error:
                errors[follow.id] = error
            elif answers[question.id] == YES and value is None:
                errors[follow.id] = t("discovery.error.follow_up_missing")
            answers[follow.id] = value if answers[question.id] == YES else None
    return answers, errors


def _clean(kind: str, value: Any, question) -> tuple[Any, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if kind == "number":
        text = str(value).strip()
        if not text.isdigit() or int(text) > NUMBER_MAX:
            return None, t("discovery.error.number", max=NUMBER_MAX)
        return int(text), None
    if kind == "yes_no":
        return (value, None) if value in (YES, NO) else (None, t("start.error.choose"))
    if kind == "choice":
        options = {o.id for o in question.options or ()}
        return (value, None) if value in options else (None, t("start.error.choose"))
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    if len(text) > TEXT_MAX:
        return None, t("discovery.error.too_long", max=TEXT_MAX)
    return text, None


def is_answered(question: Question, answers: Answers) -> bool:
    value = answers.get(question.id)
    if value is None:
        return False
    if question.follow_up and value == YES:
        return answers.get(question.follow_up.id) is not None
    return True


def progress(answers: Answers, process: ProcessDefinition) -> tuple[int, int]:
    """(answered, total), e.g. (7, 11)."""
    questions = process.questionnaire
    return sum(is_answered(q, answers) for q in questions), len(questions)


def is_complete(answers: Answers, process: ProcessDefinition) -> bool:
    answered, total = progress(answers, process)
    return answered == total


def first_page_to_resume(answers: Answers, process: ProcessDefinition) -> int:
    """The first page with an unanswered question (page 1 when everything is answered)."""
    for page in pages(process):
        if not all(is_answered(q, answers) for q in page.questions):
            return page.number
    return 1


def matches(rule: Recommendation, answers: Answers) -> bool:
    value = answers.get(rule.when.question)
    if value is None:
        return False
    if rule.when.equals is not None:
        return value == rule.when.equals
    if rule.when.in_ is not None:
        return value in rule.when.in_
    return isinstance(value, int) and value >= rule.when.at_least


def recommendations(answers: Answers, process: ProcessDefinition) -> list[tuple[str, str]]:
    """[(plugin id, reason)] in the order of the process file, one per plugin."""
    found: dict[str, str] = {}
    for rule in process.recommendations:
        if rule.plugin not in found and matches(rule, answers):
            found[rule.plugin] = rule.reason
    return list(found.items())


def answer_text(question: Question, answers: Answers) -> str:
    """A readable answer: 'Sí (3)', 'No', 'Por ventas', the text, or '—'."""
    value = answers.get(question.id)
    if value is None:
        return t("discovery.unanswered")
    if question.kind == "yes_no":
        text = t("discovery.yes") if value == YES else t("discovery.no")
        follow = answers.get(question.follow_up.id) if question.follow_up and value == YES else None
        return f"{text} ({follow})" if follow is not None else text
    if question.kind == "choice":
        return next((o.label for o in question.options or () if o.id == value), str(value))
    return str(value)
