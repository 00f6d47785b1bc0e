"""`/impl roles` and the App Home, end to end."""

from __future__ import annotations

from bot.i18n import t
from bot.permissions import Role
from bot.usecases.roles import actor_for
from tests.conftest import ADMIN, BILLING, IMPLEMENTER, LEAD, STRANGER
from tests.fake_slack import TEAM_ID
from tests.helpers import audit, texts


def roles_of(bot, user_id):
    with bot.db.transaction() as session:
        return actor_for(session, TEAM_ID, user_id, bot.settings.admins)


def open_roles(bot, user=ADMIN):
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.command(user, "roles")
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view("roles")


def pick(bot, user, view, person):
    updates = len(bot.fake.calls_to("views.update"))
    bot.slack.click(user, "roles.user_select", view=view, selected_user=person)
    bot.fake.wait_for("views.update", updates + 1)
    return bot.fake.views[view["id"]]


def test_admin_grants_roles_through_the_modal(bot):
    view = open_roles(bot)
    assert "<@ULEAD>" in texts(view["blocks"])  # the current team is listed
    view = pick(bot, ADMIN, view, STRANGER)
    checks = f"roles.for.{STRANGER}"
    assert "initial_options" not in {b.get("block_id"): b for b in view["blocks"]}[checks]["element"]

    response = bot.slack.submit(ADMIN, view, {"roles.user": STRANGER, checks: ["implementer", "may_create_issuers"]})
    body = response.json()
    assert body["response_action"] == "update"
    assert t("roles.saved", user=STRANGER, roles="Implementador") in texts(body["view"]["blocks"])
    person = roles_of(bot, STRANGER)
    assert person.roles == {Role.IMPLEMENTER} and person.may_create_issuers
    assert [e.action for e in audit(bot)] == ["roles.set"]

    # Reopening shows that person's roles ticked; unticking revokes.
    view = pick(bot, ADMIN, open_roles(bot), STRANGER)
    ticked = [o["value"] for o in {b.get("block_id"): b for b in view["blocks"]}[checks]["element"]["initial_options"]]
    assert ticked == ["implementer", "may_create_issuers"]
    bot.slack.submit(ADMIN, view, {"roles.user": STRANGER, checks: ["advisor"]})
    assert roles_of(bot, STRANGER).roles == {Role.ADVISOR}
    assert not roles_of(bot, STRANGER).may_create_issuers


def test_a_lead_manages_roles_but_cannot_make_leads_or_admins(bot):
    view = pick(bot, LEAD, open_roles(bot, LEAD), STRANGER)
    checks = f"roles.for.{STRANGER}"
    body = bot.slack.submit(LEAD, view, {"roles.user": STRANGER, checks: ["lead"]}).json()
    assert body["response_action"] == "errors"
    assert "Administrador" in body["errors"][checks] and "Jefe de Implementación" in body["errors"][checks]
    assert roles_of(bot, STRANGER).roles == frozenset()

    assert bot.slack.submit(LEAD, view, {"roles.user": STRANGER, checks: ["billing"]}).json()["response_action"] == "update"
    assert roles_of(bot, STRANGER).roles == {Role.BILLING}


def test_issuer_flag_needs_the_implementer_role(bot):
    view = pick(bot, ADMIN, open_roles(bot), STRANGER)
    checks = f"roles.for.{STRANGER}"
    body = bot.slack.submit(ADMIN, view, {"roles.user": STRANGER, checks: ["may_create_issuers"]}).json()
    assert body == {"response_action": "errors", "errors": {checks: t("roles.error.issuers_needs_implementer")}}


def test_submitting_without_picking_a_person(bot):
    view = open_roles(bot)
    body = bot.slack.submit(ADMIN, view, {}).json()
    assert body == {"response_action": "errors", "errors": {"roles.user": t("roles.error.pick")}}


def test_others_are_refused_naming_who_may(bot):
    bot.slack.command(BILLING, "roles")
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"].startswith("No puedes administrar los roles del equipo.")
    assert "Jefe de Implementación o Administrador" in reply.args["text"]
    assert bot.fake.calls_to("views.open") == []


def test_a_stale_submission_by_someone_who_lost_the_role_is_refused(bot):
    view = pick(bot, LEAD, open_roles(bot, LEAD), STRANGER)
    bot.grant(LEAD)  # the lead loses every role while the modal is open
    checks = f"roles.for.{STRANGER}"
    body = bot.slack.submit(LEAD, view, {"roles.user": STRANGER, checks: ["billing"]}).json()
    assert body["response_action"] == "errors"
    assert roles_of(bot, STRANGER).roles == frozenset()


def test_home_tab_shows_what_each_person_may_do(bot):
    bot.slack.event({"type": "app_home_opened", "user": BILLING, "channel": "D1", "tab": "home"})
    bot.slack.event({"type": "app_home_opened", "user": STRANGER, "channel": "D2", "tab": "home"})
    bot.slack.event({"type": "app_home_opened", "user": IMPLEMENTER, "channel": "D3", "tab": "messages"})
    bot.fake.wait_for("views.publish", 2)
    billing, stranger = bot.fake.homes[BILLING], bot.fake.homes[STRANGER]
    assert t("home.your_roles", roles="Facturación y cobro") in texts(billing["blocks"])
    assert t("home.start") in texts(billing["blocks"]) and t("home.roles") not in texts(billing["blocks"])
    assert t("home.no_roles") in texts(stranger["blocks"]) and t("home.start") not in texts(stranger["blocks"])
    assert IMPLEMENTER not in bot.fake.homes


def test_home_start_button_opens_the_start_form(bot):
    bot.slack.click(BILLING, "home.start", view={"id": "VHOME", "type": "home"})
    bot.fake.wait_for("views.open")
    assert bot.fake.last_view()["callback_id"] == "start_project"


def test_home_buttons_are_checked_on_the_server_too(bot):
    bot.slack.click(IMPLEMENTER, "home.roles", view={"id": "VHOME", "type": "home"})
    bot.fake.wait_for("views.open")
    notice = bot.fake.last_view()
    assert notice["callback_id"] == "notice"
    assert "No puedes administrar los roles del equipo." in texts(notice["blocks"])
