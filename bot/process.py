"""The implementation process as data: loaded from a versioned YAML file and validated at load.

Errors name the file, the key path and the problem, in Spanish, so that whoever edits the file
(usually the lead, not a developer) can fix it from `impl-bot check` alone.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

DEFAULT_PROCESS_FILE = Path(__file__).with_name("process.yml")

# Step ids the code relies on (gates, restricted step, follow-up). Renaming them breaks features.
REQUIRED_STEP_IDS = (
    "conocimiento",
    "responsable",
    "cronograma",
    "crear_empresa",
    "plugins",
    "migracion",
    "parametrizacion",
    "seguridades",
    "capacitacion",
    "salida_produccion",
    "seguimiento",
)
MIN_HOURS, MAX_HOURS = 4, 16

# Labels become Slack option texts (≤ 75 characters); checklists become checkboxes (≤ 10 options).
Id = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Label = Annotated[StrictStr, Field(min_length=1, max_length=75)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=2000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Model):
    id: Id
    label: Label


class TrainingModule(Item):
    accounting_only: StrictBool = False


class Product(Item):
    accounting: StrictBool
    hours: dict[str, StrictInt | StrictFloat]


class BillingType(Item):
    renewal: Literal["mensual", "anual"]


class ChecklistItem(Item):
    url: StrictStr | None = None


class Step(Item):
    number: StrictInt
    description: Text
    restricted: StrictBool = False
    follow_up_days: StrictInt | None = None
    checklist: Annotated[tuple[ChecklistItem, ...], Field(min_length=1, max_length=10)]


class FollowUp(Item):
    kind: Literal["text", "number"]


class Question(Item):
    kind: Literal["text", "multiline", "yes_no", "number", "choice"]
    placeholder: Annotated[StrictStr, Field(max_length=150)] | None = None
    hint: Text | None = None
    follow_up: FollowUp | None = None
    options: Annotated[tuple[Item, ...], Field(max_length=10)] | None = None


class Condition(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: Id
    equals: StrictStr | None = None
    in_: tuple[StrictStr, ...] | None = Field(default=None, alias="in")
    at_least: StrictInt | StrictFloat | None = None

    @model_validator(mode="after")
    def _exactly_one_test(self) -> Condition:
        given = [v for v in (self.equals, self.in_, self.at_least) if v is not None]
        if len(given) != 1:
            raise ValueError("usa exactamente una de: equals, in, at_least")
        return self


class Recommendation(_Model):
    plugin: Id
    when: Condition
    reason: Text


Catalog = Annotated[tuple[Item, ...], Field(min_length=1, max_length=100)]


class ProcessDefinition(_Model):
    version: Annotated[StrictStr, Field(min_length=1, max_length=40)]
    prerequisites: Annotated[tuple[Item, ...], Field(min_length=1, max_length=10)]
    company_sizes: Catalog
    products: Annotated[tuple[Product, ...], Field(min_length=1, max_length=100)]
    issuer_types: Catalog
    billing_types: Annotated[tuple[BillingType, ...], Field(min_length=1, max_length=100)]
    implementers: Annotated[tuple[Item, ...], Field(min_length=2, max_length=10)]
    contact_channels: Annotated[tuple[Item, ...], Field(min_length=1, max_length=10)]
    modalities: Annotated[tuple[Item, ...], Field(min_length=1, max_length=10)]
    steps: tuple[Step, ...]
    questionnaire: Annotated[tuple[Question, ...], Field(min_length=1)]
    plugins: Catalog
    recommendations: tuple[Recommendation, ...] = ()
    training_modules: Annotated[tuple[TrainingModule, ...], Field(min_length=1, max_length=10)]

    # -- lookups -----------------------------------------------------------------------------
    @cached_property
    def _labels(self) -> dict[str, dict[str, str]]:
        catalogs = {
            "prerequisites": self.prerequisites,
            "company_sizes": self.company_sizes,
            "products": self.products,
            "issuer_types": self.issuer_types,
            "billing_types": self.billing_types,
            "implementers": self.implementers,
            "contact_channels": self.contact_channels,
            "modalities": self.modalities,
            "steps": self.steps,
            "plugins": self.plugins,
            "training_modules": self.training_modules,
        }
        return {name: {i.id: i.label for i in items} for name, items in catalogs.items()}

    def label(self, catalog: str, item_id: str | None) -> str:
        """The label of an item, or the raw id when a newer file no longer lists it."""
        if item_id is None:
            return "—"
        return self._labels[catalog].get(item_id, item_id)

    def ids(self, catalog: str) -> frozenset[str]:
        return frozenset(self._labels[catalog])

    def product(self, product_id: str) -> Product | None:
        return next((p for p in self.products if p.id == product_id), None)

    def required_training(self, product_id: str) -> tuple[TrainingModule, ...]:
        """The training modules a project must complete: accounting ones only for accounting products."""
        product = self.product(product_id)
        accounting = product is not None and product.accounting
        return tuple(m for m in self.training_modules if accounting or not m.accounting_only)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def estimate_hours(self, product_id: str, size_id: str) -> float | None:
        product = self.product(product_id)
        if product is None:
            return None
        hours = product.hours.get(size_id)
        return None if hours is None else float(hours)

    # -- semantic checks ---------------------------------------------------------------------
    @model_validator(mode="after")
    def _check_consistency(self) -> ProcessDefinition:
        problems: list[str] = []
        for name in (
            "prerequisites",
            "company_sizes",
            "products",
            "issuer_types",
            "billing_types",
            "implementers",
            "contact_channels",
            "modalities",
            "steps",
            "plugins",
            "training_modules",
        ):
            problems += _duplicates(name, getattr(self, name))
        problems += self._check_steps()
        problems += self._check_products()
        problems += self._check_questionnaire()
        problems += self._check_recommendations()
        implementer_ids = {i.id for i in self.implementers}
        if not {"interno", "asesor"} <= implementer_ids:
            problems.append("implementers: debe incluir los ids 'interno' y 'asesor'")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _check_steps(self) -> list[str]:
        problems = []
        for position, step in enumerate(self.steps, start=1):
            if step.number != position:
                problems.append(f"steps[{step.id}].number: es {step.number}, debe ser {position} (orden del archivo)")
            problems += _duplicates(f"steps[{step.id}].checklist", step.checklist)
        missing = [s for s in REQUIRED_STEP_IDS if s not in {st.id for st in self.steps}]
        if missing:
            problems.append(f"steps: faltan los pasos {', '.join(missing)}")
        return problems

    def _check_products(self) -> list[str]:
        problems = []
        size_ids = {s.id for s in self.company_sizes}
        for product in self.products:
            where = f"products[{product.id}].hours"
            if set(product.hours) != size_ids:
                problems.append(f"{where}: debe tener exactamente los tamaños {', '.join(sorted(size_ids))}")
            for size, hours in product.hours.items():
                if not MIN_HOURS <= hours <= MAX_HOURS:
                    problems.append(f"{where}.{size}: {hours} h fuera del rango {MIN_HOURS}–{MAX_HOURS} h")
        return problems

    def _check_questionnaire(self) -> list[str]:
        problems = []
        all_ids = [q.id for q in self.questionnaire] + [q.follow_up.id for q in self.questionnaire if q.follow_up]
        for dup in sorted({i for i in all_ids if all_ids.count(i) > 1}):
            problems.append(f"questionnaire: el id '{dup}' está repetido")
        for q in self.questionnaire:
            where = f"questionnaire[{q.id}]"
            if q.kind == "choice" and not q.options:
                problems.append(f"{where}.options: una pregunta 'choice' necesita opciones")
            if q.kind != "choice" and q.options:
                problems.append(f"{where}.options: solo las preguntas 'choice' llevan opciones")
            if q.follow_up and q.kind != "yes_no":
                problems.append(f"{where}.follow_up: solo las preguntas 'yes_no' llevan pregunta de seguimiento")
        return problems

    def _check_recommendations(self) -> list[str]:
        problems = []
        plugins = {p.id for p in self.plugins}
        questions = {q.id: q for q in self.questionnaire}
        for n, rec in enumerate(self.recommendations, start=1):
            where = f"recommendations[#{n}]"
            if rec.plugin not in plugins:
                problems.append(f"{where}.plugin: '{rec.plugin}' no está en plugins")
            question = questions.get(rec.when.question)
            if question is None:
                problems.append(f"{where}.when.question: '{rec.when.question}' no está en questionnaire")
                continue
            allowed = _answer_values(question)
            tested = [rec.when.equals] if rec.when.equals is not None else list(rec.when.in_ or ())
            if rec.when.at_least is not None and question.kind != "number":
                problems.append(f"{where}.when.at_least: solo aplica a preguntas 'number'")
            for value in tested:
                if allowed is not None and value not in allowed:
                    problems.append(f"{where}.when: '{value}' no es una respuesta posible ({', '.join(sorted(allowed))})")
        return problems


def _answer_values(question: Question) -> set[str] | None:
    if question.kind == "yes_no":
        return {"si", "no"}
    if question.kind == "choice":
        return {o.id for o in question.options or ()}
    return None


def _duplicates(where: str, items: Sequence[Item]) -> list[str]:
    ids = [i.id for i in items]
    return [f"{where}: el id '{dup}' está repetido" for dup in sorted({i for i in ids if ids.count(i) > 1})]


class ProcessError(Exception):
    """The process file cannot be used; `problems` are lines 'file: key: problem'."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def load_process(path: Path | str | None = None) -> ProcessDefinition:
    path = Path(path) if path else DEFAULT_PROCESS_FILE
    name = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProcessError([f"{name}: el archivo no existe"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"línea {mark.line + 1}, columna {mark.column + 1}: " if mark else ""
        raise ProcessError([f"{name}: {where}YAML inválido ({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(raw, dict):
        raise ProcessError([f"{name}: el archivo debe ser un mapa de claves (version, steps, …)"])
    try:
        return ProcessDefinition.model_validate(raw)
    except ValidationError as exc:
        raise ProcessError(_describe(name, raw, exc)) from None


_MESSAGES = {
    "missing": "falta este campo",
    "extra_forbidden": "clave desconocida",
    "string_type": "debe ser texto (usa comillas si es un número o sí/no)",
    "bool_type": "debe ser true o false",
    "int_type": "debe ser un número entero",
    "float_type": "debe ser un número",
    "list_type": "debe ser una lista",
    "tuple_type": "debe ser una lista",
    "dict_type": "debe ser un mapa (clave: valor)",
    "model_type": "debe ser un mapa (clave: valor)",
    "model_attributes_type": "debe ser un mapa (clave: valor)",
    "string_pattern_mismatch": "solo minúsculas sin tildes, números y _ (p. ej. crear_empresa)",
}


def _describe(name: str, raw: Any, exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        loc = [part for part in err["loc"] if not (isinstance(part, str) and "[" in part)]
        path = _path(raw, loc)
        kind, ctx = err["type"], err.get("ctx") or {}
        if kind == "value_error":
            # Our own semantic checks: each line already carries its path.
            for line in str(ctx.get("error", err["msg"])).splitlines():
                lines.append(f"{name}: {line}" if not path else f"{name}: {path}: {line}")
            continue
        if kind in _MESSAGES:
            message = _MESSAGES[kind]
        elif kind == "literal_error":
            message = f"valor no permitido; usa uno de: {ctx.get('expected')}"
        elif kind in ("too_short", "too_long"):
            bound = "al menos" if kind == "too_short" else "como máximo"
            count = ctx.get("min_length", ctx.get("max_length"))
            message = f"debe tener {bound} {count} elementos"
        elif kind in ("string_too_short", "string_too_long"):
            message = "no puede estar vacío" if kind == "string_too_short" else f"máximo {ctx.get('max_length')} caracteres"
        else:
            message = err["msg"]
        lines.append(f"{name}: {path or '(raíz)'}: {message}")
    return lines


def _path(raw: Any, loc: Sequence[Any]) -> str:
    """('steps', 3, 'checklist') → 'steps[crear_empresa].checklist', naming items by id when they have one."""
    out, node = "", raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{part + 1}"
            out += f"[{label}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def renewal_date(go_live: date, period: str) -> date:
    """The issuer's next renewal ("fecha renovación") from the go-live date.

    "mensual": the same day next month, clamped to that month's end (31 January → 28/29 February).
    "anual": the same day next year (29 February → 28 February).
    """
    if period == "mensual":
        year, month = (go_live.year + 1, 1) if go_live.month == 12 else (go_live.year, go_live.month + 1)
        return date(year, month, min(go_live.day, calendar.monthrange(year, month)[1]))
    if period == "anual":
        year = go_live.year + 1
        return date(year, go_live.month, min(go_live.day, calendar.monthrange(year, go_live.month)[1]))
    raise ValueError(f"unknown renewal period {period!r} (use 'mensual' or 'anual')")
