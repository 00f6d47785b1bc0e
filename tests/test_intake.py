import pytest

from bot.i18n import t
from bot.projects import Field, IntakeForm, Stage, missing_prerequisites, stage_for, validate_intake

VALID = IntakeForm(
    client_name="  Ferretería   Andina S.A. ",
    ruc="1790085783001",
    product="contable",
    size="mediana",
    issuer_type="sociedad",
    billing_type="anual",
    implemented_by="interno",
    prerequisites=frozenset({"contrato_firmado"}),
)


def test_valid_form_is_normalized(process):
    intake, errors = validate_intake(VALID, process)
    assert errors == {}
    assert intake.client_name == "Ferretería Andina S.A."
    assert intake.ruc.number == "1790085783001"
    assert intake.advisor_id is None


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"client_name": "   "}, Field.CLIENT, "start.error.client_empty"),
        ({"ruc": "123"}, Field.RUC, "ruc.length"),
        ({"product": None}, Field.PRODUCT, "start.error.choose"),
        ({"product": "inventado"}, Field.PRODUCT, "start.error.choose"),
        ({"size": "enorme"}, Field.SIZE, "start.error.choose"),
        ({"issuer_type": None}, Field.ISSUER_TYPE, "start.error.choose"),
        ({"billing_type": "semanal"}, Field.BILLING_TYPE, "start.error.choose"),
        ({"implemented_by": None}, Field.IMPLEMENTED_BY, "start.error.choose"),
        ({"implemented_by": "asesor"}, Field.ADVISOR, "start.error.advisor_missing"),
        ({"advisor_id": "U123"}, Field.ADVISOR, "start.error.advisor_not_needed"),
        ({"prerequisites": frozenset({"otro"})}, Field.PREREQUISITES, "start.error.choose"),
    ],
)
def test_each_field_error(process, changes, field, key):
    form = IntakeForm(**{**VALID.__dict__, **changes})
    intake, errors = validate_intake(form, process)
    assert intake is None
    assert errors == {field: t(key)}


def test_several_errors_at_once_keep_each_field(process):
    form = IntakeForm(client_name="", ruc="abc")
    _, errors = validate_intake(form, process)
    assert {Field.CLIENT, Field.RUC, Field.PRODUCT, Field.SIZE, Field.IMPLEMENTED_BY} <= set(errors)


def test_client_name_too_long(process):
    form = IntakeForm(**{**VALID.__dict__, "client_name": "x" * 201})
    assert Field.CLIENT in validate_intake(form, process)[1]


def test_prerequisites_decide_the_stage(process):
    all_ids = [p.id for p in process.prerequisites]
    assert stage_for(all_ids, process) is Stage.IMPLEMENTATION
    assert stage_for(all_ids[:-1], process) is Stage.PREREQUISITES
    assert missing_prerequisites(["contrato_firmado"], process) == ["factura_emitida", "primer_pago"]
