"""The process definition: the shipped file is complete and valid; broken files get precise errors."""

from pathlib import Path

import pytest
import yaml

from bot.process import DEFAULT_PROCESS_FILE, REQUIRED_STEP_IDS, ProcessError, load_process


def test_shipped_process_covers_the_seed(process):
    assert [s.number for s in process.steps] == list(range(1, 12))
    assert tuple(s.id for s in process.steps) == REQUIRED_STEP_IDS
    assert {p.id for p in process.prerequisites} == {"contrato_firmado", "factura_emitida", "primer_pago"}
    assert [m.label for m in process.training_modules] == [
        "Introducción", "Inventarios", "Ventas", "Compras", "Cuentas por cobrar", "Cuentas por pagar",
        "Contabilidad", "Gerencial",
    ]
    assert len(process.questionnaire) == 11
    assert any(p.accounting for p in process.products)
    for product in process.products:
        assert all(4 <= h <= 16 for h in product.hours.values())
    assert process.step("crear_empresa").restricted
    assert process.step("seguimiento").follow_up_days == 14
    issuer_labels = {i.label for i in process.issuer_types}
    assert {"Sociedad", "RIMPE Emprendedor", "RIMPE Negocio Popular", "Contribuyente especial"} <= issuer_labels


def test_estimates(process):
    assert process.estimate_hours("contable", "grande") == 16.0
    assert process.estimate_hours("facturacion", "pequena") == 4.0
    assert process.estimate_hours("nada", "pequena") is None


def _broken(tmp_path: Path, change) -> list[str]:
    raw = yaml.safe_load(DEFAULT_PROCESS_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "proceso.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProcessError) as info:
        load_process(path)
    assert all(line.startswith(f"{path}: ") for line in info.value.problems)
    return [line.removeprefix(f"{path}: ") for line in info.value.problems]


def _set(path, value):
    def change(raw):
        node = raw
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda raw: raw["steps"][3]["checklist"][0].pop("id"), "steps[crear_empresa].checklist[#1].id: falta este campo"),
        (lambda raw: raw.update(extra=1), "extra: clave desconocida"),
        (lambda raw: raw.pop("version"), "version: falta este campo"),
        (_set(["questionnaire", 9, "options", 0, "id"], False), "questionnaire[comisiones].options[#1].id: debe ser texto"),
        (_set(["products", 0, "hours", "pequena"], 20), "products[facturacion].hours.pequena: 20 h fuera del rango 4–16 h"),
        (_set(["products", 0, "accounting"], "si"), "products[facturacion].accounting: debe ser true o false"),
        (_set(["steps", 0, "id"], "Conocimiento"), "steps[Conocimiento].id: solo minúsculas"),
        (_set(["steps", 1, "number"], 5), "steps[responsable].number: es 5, debe ser 2"),
        (_set(["plugins", 1, "id"], "importaciones"), "plugins: el id 'importaciones' está repetido"),
        (_set(["recommendations", 0, "plugin"], "xx"), "recommendations[#1].plugin: 'xx' no está en plugins"),
        (_set(["recommendations", 0, "when", "equals"], "tal vez"), "recommendations[#1].when: 'tal vez' no es una respuesta posible"),
        (_set(["billing_types", 0, "renewal"], "semanal"), "billing_types[mensual].renewal: valor no permitido"),
        (_set(["plugins", 0, "label"], "x" * 80), "plugins[importaciones].label: máximo 75 caracteres"),
        (lambda raw: raw["steps"].pop(), "steps: faltan los pasos seguimiento"),
        (lambda raw: raw["steps"][6]["checklist"].extend([{"id": f"x{i}", "label": "x"} for i in range(5)]),
         "steps[parametrizacion].checklist: debe tener como máximo 10 elementos"),
    ],
)
def test_broken_file_errors_name_key_and_problem(tmp_path, change, expected):
    problems = _broken(tmp_path, change)
    assert any(p.startswith(expected) for p in problems), problems


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text("version: '1'\nsteps: [\n", encoding="utf-8")
    with pytest.raises(ProcessError) as info:
        load_process(path)
    assert info.value.problems[0].startswith(f"{path}: línea ")


def test_missing_file(tmp_path):
    with pytest.raises(ProcessError, match="el archivo no existe"):
        load_process(tmp_path / "no.yml")
