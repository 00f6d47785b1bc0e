import pytest

from bot.permissions import RULES, Action, Actor, Role, allowed_roles, can, require
from bot.errors import PermissionDenied
from handlers.replies import refusal

R = Role
A = Action


@pytest.mark.parametrize(
    ("roles", "action", "allowed"),
    [
        ({R.BILLING}, A.START_PROJECT, True),
        ({R.LEAD}, A.START_PROJECT, True),
        ({R.ADMIN}, A.START_PROJECT, True),
        ({R.IMPLEMENTER}, A.START_PROJECT, False),
        ({R.ADVISOR}, A.START_PROJECT, False),
        ({R.PRODUCT_OWNER}, A.START_PROJECT, False),
        (set(), A.START_PROJECT, False),
        ({R.BILLING}, A.COMPLETE_PREREQUISITES, True),
        ({R.LEAD}, A.COMPLETE_PREREQUISITES, True),
        ({R.IMPLEMENTER}, A.COMPLETE_PREREQUISITES, False),
        ({R.LEAD}, A.MANAGE_ROLES, True),
        ({R.ADMIN}, A.MANAGE_ROLES, True),
        ({R.BILLING}, A.MANAGE_ROLES, False),
        ({R.LEAD}, A.MANAGE_PRIVILEGED_ROLES, False),
        ({R.ADMIN}, A.MANAGE_PRIVILEGED_ROLES, True),
        ({R.IMPLEMENTER}, A.VIEW_PROJECTS, True),
        ({R.PRODUCT_OWNER}, A.VIEW_PROJECTS, True),
        (set(), A.VIEW_PROJECTS, False),
    ],
)
def test_rules(roles, action, allowed):
    actor = Actor("U1", frozenset(roles))
    assert can(actor, action) is allowed
    if allowed:
        require(actor, action)
    else:
        with pytest.raises(PermissionDenied):
            require(actor, action)


def test_admin_may_do_everything():
    admin = Actor("U1", frozenset({R.ADMIN}))
    assert all(can(admin, action) for action in Action)


def test_every_action_has_a_rule_and_a_refusal_naming_who_may():
    for action in Action:
        assert action in RULES
        text = refusal(action)
        for role in allowed_roles(action):
            from bot.i18n import t

            assert t(f"roles.name.{role.value}") in text


def test_refusal_names_the_roles_in_spanish():
    assert refusal(A.START_PROJECT) == (
        "No puedes iniciar proyectos de implementación. Solo pueden hacerlo: Jefe de Implementación, "
        "Facturación y cobro o Administrador. Si necesitas el permiso, pídelo al Jefe de Implementación."
    )


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (Actor("U1", frozenset({R.LEAD})), True),
        (Actor("U1", frozenset({R.ADMIN})), True),
        (Actor("U1", frozenset({R.IMPLEMENTER}), may_create_issuers=True), True),
        (Actor("U1", frozenset({R.IMPLEMENTER})), False),
        (Actor("U1", frozenset({R.ADVISOR}), may_create_issuers=True), False),  # the flag belongs to implementers
    ],
)
def test_creating_the_issuer_company_is_restricted(actor, allowed):
    assert can(actor, A.CREATE_ISSUER, assignee="U1") is allowed


def test_the_refusal_for_step_4_names_the_flag():
    text = refusal(A.CREATE_ISSUER)
    assert "Jefe de Implementación, los implementadores habilitados para crear empresas emisoras o Administrador" in text


def test_the_assignee_may_log_hours_but_not_answer_developments():
    implementer = Actor("U1", frozenset({R.IMPLEMENTER}))
    assert can(implementer, A.LOG_HOURS, assignee="U1") and not can(implementer, A.LOG_HOURS, assignee="U2")
    assert not can(implementer, A.ANSWER_DEVELOPMENT, assignee="U1")
    assert can(Actor("U3", frozenset({R.PRODUCT_OWNER})), A.ANSWER_DEVELOPMENT)
