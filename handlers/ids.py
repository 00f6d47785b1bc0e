"""Every callback_id, action_id and block_id the app uses, in one place."""

COMMAND = "/impl"

# Views (callback_id)
START_VIEW = "start_project"
PREREQUISITES_VIEW = "prerequisites"
CONTACT_VIEW = "contact"
ASSIGN_VIEW = "assign"
KICKOFF_VIEW = "kickoff"
SESSION_VIEW = "session"
ROLES_VIEW = "roles"
NOTICE_VIEW = "notice"

# Forms whose drafts are kept (drafts.form)
START_FORM = "start_project"

# Start form: one input block per field of bot.projects.Field, block_id == f"start.{field}"
START_BLOCK_PREFIX = "start."

# Prerequisites form
PREREQUISITES_BLOCK = "prerequisites.met"

# Roles form
ROLES_USER_BLOCK = "roles.user"
ROLES_USER_SELECT = "roles.user_select"
# The checkboxes block id carries the selected user, so that Slack shows that user's roles fresh.
ROLES_CHECKS_BLOCK_PREFIX = "roles.for."
ROLES_TEAM_BLOCK = "roles.team"

# Intake forms (contact.* and kickoff.* block ids come from bot.intake's field enums)
ASSIGN_BLOCK = "assign.user"
SESSION_WHEN_BLOCK = "session.when"
SESSION_OVERRIDE_BLOCK = "session.override"

# Buttons
CARD_PREREQUISITES = "card.prerequisites"
CARD_CONTACT = "card.contact"
CARD_ASSIGN = "card.assign"
CARD_KICKOFF = "card.kickoff"
SCHEDULE_CONFIRM = "schedule.confirm"
SCHEDULE_CHANGE = "schedule.change"
STATUS_SHOW_PROJECT = "status.show_project"
HOME_START = "home.start"
HOME_ROLES = "home.roles"

# Element action_ids inside input blocks (one element per input block)
INPUT = "value"
