"""Several workspaces: installed through OAuth (/slack/install → Slack → /slack/oauth_redirect), each
workspace works with its own bot token, and nothing of one workspace shows in another."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from bot.i18n import t
from bot.permissions import Role
from storage import roles as role_store
from storage.models import Project, ReminderOutbox
from tests.conftest import GYE, SIGNING_SECRET, RunningBot, make_settings
from tests.fake_slack import FakeSlack
from tests.helpers import start_project
from tests.slack_driver import SlackDriver

CLIENT_ID, CLIENT_SECRET = "1111.2222", "app-client-secret"
ANDES, COSTA = "TANDES", "TCOSTA"
ANDES_TOKEN, COSTA_TOKEN = "xoxb-andes", "xoxb-costa"
ANDES_ADMIN, COSTA_ADMIN = "UANDESADM", "UCOSTAADM"
LEAD = "ULEADWS"  # the same person id in both workspaces (Enterprise Grid users can be in several)


@pytest.fixture
def multi(fake_slack: FakeSlack, database_url: str, clock) -> Iterator[RunningBot]:
    fake_slack.client_credentials = (CLIENT_ID, CLIENT_SECRET)
    settings = make_settings(fake_slack, database_url, bot_token=None, client_id=CLIENT_ID,
                             client_secret=CLIENT_SECRET)
    running = RunningBot(settings, clock, fake_slack).start()
    yield running
    running.stop()


def install(bot: RunningBot, team_id: str | None, token: str, installer: str, code: str | None = None,
            enterprise_id: str | None = None):
    """What a browser does: open /slack/install, consent on Slack, come back to /slack/oauth_redirect."""
    started = bot.slack.browse("/slack/install")
    assert started.status == 302, started.body
    authorize = urlsplit(started.headers["Location"])
    query = parse_qs(authorize.query)
    assert authorize.netloc == "slack.com" and query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == ["commands", "chat:write", "chat:write.public", "files:write",
                                            "im:write", "users:read"]
    cookie = started.headers["Set-Cookie"].split(";")[0]
    code = code or f"code-{team_id}"
    bot.fake.accept_install(code, team_id=team_id, token=token, installer=installer, enterprise_id=enterprise_id)
    return bot.slack.browse("/slack/oauth_redirect?" + urlencode({"code": code, "state": query["state"][0]}),
                            cookie=cookie)


def workspace(bot: RunningBot, team_id: str, enterprise_id: str | None = None) -> RunningBot:
    """The same running app, driven from another workspace."""
    return dataclasses.replace(bot, slack=SlackDriver(bot.slack.url, SIGNING_SECRET, bot.fake, team_id=team_id,
                                                      enterprise_id=enterprise_id))


def reply(bot: RunningBot, user: str, text: str) -> str:
    """What the person sees after a command: the immediate answer, or the one sent to response_url."""
    before = len(bot.fake.calls_to("response_url"))
    response = bot.slack.command(user, text)
    if response.body:
        return response.body.decode()
    return str(bot.fake.wait_for("response_url", before + 1)[-1].args)


def grant(bot: RunningBot, team_id: str, user_id: str, *roles: Role) -> None:
    with bot.db.transaction() as session:
        role_store.replace(session, team_id, user_id, {r.value for r in roles}, may_create_issuers=False,
                           by="UTEST", at=bot.clock.now())


def test_installing_makes_the_installer_admin_and_shows_a_spanish_page(multi):
    page = install(multi, ANDES, ANDES_TOKEN, ANDES_ADMIN)
    assert page.status == 200
    html = page.body.decode()
    assert 'lang="es"' in html and "impl-bot quedó instalado" in html and "/impl roles" in html
    assert "slack://app?team=TANDES" in html
    andes = workspace(multi, ANDES)
    response = andes.slack.command(ANDES_ADMIN, "roles")  # admins manage roles: the installer may
    assert response.status == 200
    opened = multi.fake.wait_for("views.open")[-1]
    assert opened.token == ANDES_TOKEN  # the workspace's own token, from the installation store
    # Someone else reinstalling (e.g. to accept new scopes) does not become admin.
    assert install(multi, ANDES, ANDES_TOKEN, "UOTHER", code="second").status == 200
    with multi.db.transaction() as session:
        admins = [g.user_id for g in role_store.all_grants(session, ANDES) if g.role == Role.ADMIN]
    assert admins == [ANDES_ADMIN]
    # Nor when the installer has meanwhile given up being admin: only the first install ever grants it.
    with multi.db.transaction() as session:
        role_store.replace(session, ANDES, ANDES_ADMIN, {Role.LEAD.value}, may_create_issuers=False,
                           by=ANDES_ADMIN, at=multi.clock.now())
    assert install(multi, ANDES, ANDES_TOKEN, "UMALLORY", code="third").status == 200
    with multi.db.transaction() as session:
        assert [g for g in role_store.all_grants(session, ANDES) if g.role == Role.ADMIN] == []


def test_each_workspace_uses_its_token_and_sees_only_its_projects(multi):
    install(multi, ANDES, ANDES_TOKEN, ANDES_ADMIN)
    install(multi, COSTA, COSTA_TOKEN, COSTA_ADMIN)
    andes, costa = workspace(multi, ANDES), workspace(multi, COSTA)
    grant(multi, ANDES, LEAD, Role.LEAD)
    andino = start_project(andes, user=ANDES_ADMIN)
    costeno = start_project(costa, user=COSTA_ADMIN, client="Camaronera del Pacífico", ruc="0992339411001")
    with multi.db.transaction() as session:
        teams = dict(session.execute(select(Project.client_name, Project.team_id)).all())
    assert teams == {andino.client_name: ANDES, "Camaronera del Pacífico": COSTA}
    cards = {c.args["text"]: c.token for c in multi.fake.calls_to("chat.postMessage") if not c.args.get("thread_ts")}
    assert {token for text, token in cards.items() if "Ferretería" in text} == {ANDES_TOKEN}
    assert {token for text, token in cards.items() if "Camaronera" in text} == {COSTA_TOKEN}

    # The lead of Andes sees Andes' project; in Costa the same person has no role and no projects.
    seen = reply(andes, LEAD, "status")
    assert "Ferretería" in seen and "Camaronera" not in seen
    refused = reply(costa, LEAD, "status")
    assert "Ferretería" not in refused and "Solo pueden hacerlo" in refused
    # A button of Andes' card replayed from Costa finds nothing.
    before = len(multi.fake.calls_to("response_url"))
    costa.slack.click(COSTA_ADMIN, "card.history", str(andino.id))
    [answer] = multi.fake.wait_for("response_url", before + 1)[before:]
    assert answer.args["text"] == t("project.not_found")
    assert costeno.id != andino.id


def test_reminders_go_out_with_each_workspaces_token(multi):
    install(multi, ANDES, ANDES_TOKEN, ANDES_ADMIN)
    install(multi, COSTA, COSTA_TOKEN, COSTA_ADMIN)
    grant(multi, ANDES, LEAD, Role.LEAD)
    grant(multi, COSTA, "UCOSTALEAD", Role.LEAD)
    start_project(workspace(multi, ANDES), user=ANDES_ADMIN)
    start_project(workspace(multi, COSTA), user=COSTA_ADMIN, client="Camaronera del Pacífico", ruc="0992339411001")
    multi.clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=GYE))  # both contacts at risk
    report = multi.runtime.reminders.run()
    assert report.sent >= 4 and report.failed == 0
    tokens = {c.args["channel"]: c.token for c in multi.fake.calls_to("chat.postMessage")
              if c.args["channel"] in (LEAD, "UCOSTALEAD")}
    assert tokens == {LEAD: ANDES_TOKEN, "UCOSTALEAD": COSTA_TOKEN}


def test_uninstalling_forgets_the_workspace(multi):
    install(multi, ANDES, ANDES_TOKEN, ANDES_ADMIN)
    install(multi, COSTA, COSTA_TOKEN, COSTA_ADMIN)
    grant(multi, COSTA, "UCOSTALEAD", Role.LEAD)
    start_project(workspace(multi, COSTA), user=COSTA_ADMIN, client="Camaronera del Pacífico", ruc="0992339411001")
    costa = workspace(multi, COSTA)
    assert costa.slack.event({"type": "app_uninstalled"}).status == 200
    store = multi.runtime.app.installation_store
    deadline = time.monotonic() + 10  # the event is handled after Slack got its 200
    while store.find_bot(enterprise_id=None, team_id=COSTA) is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert store.find_bot(enterprise_id=None, team_id=COSTA) is None
    assert store.find_bot(enterprise_id=None, team_id=ANDES) is not None
    # A command from the uninstalled workspace is told, in Spanish, what to do.
    assert "no está instalado en este workspace" in reply(costa, COSTA_ADMIN, "status")
    # Its reminders fail for good (no token to send them with) instead of retrying forever.
    multi.clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=GYE))
    before = len(multi.fake.calls_to("chat.postMessage"))
    report = multi.runtime.reminders.run()
    assert report.sent == 0 and report.failed >= 1
    assert len(multi.fake.calls_to("chat.postMessage")) == before
    with multi.db.transaction() as session:
        errors = set(session.scalars(select(ReminderOutbox.last_error).where(ReminderOutbox.team_id == COSTA)))
    assert "team_not_installed" in errors


@pytest.mark.parametrize("query, cookie, status, expected", [
    ({"error": "access_denied", "state": "x"}, True, 200, "Cancelaste la instalación"),  # not an error
    ({"code": "c", "state": "forged"}, True, 400, "caducó o se abrió en otro navegador"),
    ({"code": "c", "state": "any"}, False, 400, "caducó o se abrió en otro navegador"),
])
def test_a_failed_install_says_what_to_do_and_installs_nothing(multi, query, cookie, status, expected):
    started = multi.slack.browse("/slack/install")
    jar = started.headers["Set-Cookie"].split(";")[0] if cookie else None
    if query.get("state") == "x":
        query = {**query, "state": parse_qs(urlsplit(started.headers["Location"]).query)["state"][0]}
    multi.fake.accept_install("c", team_id=ANDES, token=ANDES_TOKEN, installer=ANDES_ADMIN)
    page = multi.slack.browse("/slack/oauth_redirect?" + urlencode(query), cookie=jar)
    assert page.status == status and expected in page.body.decode() and 'lang="es"' in page.body.decode()
    assert multi.runtime.app.installation_store.find_bot(enterprise_id=None, team_id=ANDES) is None


def test_a_code_slack_rejects_installs_nothing(multi):
    multi.fake.client_credentials = (CLIENT_ID, "another-secret")  # e.g. a rotated client secret
    page = install(multi, ANDES, ANDES_TOKEN, ANDES_ADMIN)
    assert page.status >= 400 and "Slack no confirmó la instalación" in page.body.decode()
    assert multi.runtime.app.installation_store.find_bot(enterprise_id=None, team_id=ANDES) is None


def test_a_workspace_of_an_enterprise_grid_gets_its_reminders_with_its_token(multi):
    assert install(multi, "TGRID", "xoxb-grid", "UGRIDADM", enterprise_id="EGRID").status == 200
    grant(multi, "TGRID", "UGRIDLEAD", Role.LEAD)
    start_project(workspace(multi, "TGRID", "EGRID"), user="UGRIDADM")
    multi.clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=GYE))  # the contact is at risk
    report = multi.runtime.reminders.run()
    assert report.sent >= 2 and report.failed == 0
    assert {c.token for c in multi.fake.calls_to("chat.postMessage") if c.args["channel"] == "UGRIDLEAD"} \
        == {"xoxb-grid"}


def test_an_org_wide_install_is_refused_and_not_kept(multi):
    page = install(multi, None, "xoxb-org", "UORGADM", enterprise_id="EORG")
    assert page.status == 400 and t("install.failure.enterprise") in page.body.decode()
    store = multi.runtime.app.installation_store
    assert store.find_installation(enterprise_id="EORG", team_id=None, is_enterprise_install=True) is None
    assert store.find_bot(enterprise_id="EORG", team_id=None, is_enterprise_install=True) is None


def test_expired_install_states_are_cleared_when_new_ones_are_issued(multi):
    from sqlalchemy import func

    from storage.models import Base

    states = Base.metadata.tables["slack_oauth_states"]
    multi.slack.browse("/slack/install")  # a visit that never comes back
    multi.clock.advance(hours=1)  # long after the state expired (10 minutes)
    multi.slack.browse("/slack/install")
    with multi.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(states)) == 1
