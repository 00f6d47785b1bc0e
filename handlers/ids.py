"""Every callback_id, action_id and block_id the app uses, in one place."""

COMMAND = "/impl"

# Views (callback_id)
START_VIEW = "start_project"
PREREQUISITES_VIEW = "prerequisites"
CONTACT_VIEW = "contact"
ASSIGN_VIEW = "assign"
KICKOFF_VIEW = "kickoff"
SESSION_VIEW = "session"
DISCOVERY_VIEW = "discovery"
OWNER_VIEW = "owner"
PLAN_SESSION_VIEW = "plan_session"
RESCHEDULE_VIEW = "reschedule"
CANCEL_SESSION_VIEW = "cancel_session"
STEP_VIEW = "step"
GO_LIVE_VIEW = "go_live"
HOURS_VIEW = "hours"
DEVELOPMENT_VIEW = "development"
DEVELOPMENT_ANSWER_VIEW = "development_answer"
MUTES_VIEW = "reminder_mutes"
MUTES_BLOCK = "mutes.kinds"
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
# Questionnaire: one input block per question or follow-up, block_id == f"q.{id}"
DISCOVERY_BLOCK_PREFIX = "q."
# The full session form: block_id == f"plan.{bot.sessions.SessionField}"
PLAN_BLOCK_PREFIX = "plan."
# Step forms: block_id == f"step.{key}" (checked, notes, sent_on, status.<dataset>, on.<module>, ...)
STEP_BLOCK_PREFIX = "step."
GO_LIVE_BLOCK_PREFIX = "golive."
HOURS_BLOCK_PREFIX = "hours."
DEVELOPMENT_BLOCK_PREFIX = "dev."

# Buttons
CARD_PREREQUISITES = "card.prerequisites"
CARD_CONTACT = "card.contact"
CARD_ASSIGN = "card.assign"
CARD_KICKOFF = "card.kickoff"
CARD_DISCOVERY = "card.discovery"
CARD_OWNER = "card.owner"
CARD_PLAN_SESSION = "card.plan_session"
RECOMMENDATION_ACCEPT = "recommendation.accept"
RECOMMENDATION_REJECT = "recommendation.reject"
TIMELINE_SESSION_MENU = "timeline.session_menu"
CARD_STEP = "card.step"
CARD_STEP_SELECT = "card.step_select"
CARD_HOURS = "card.hours"
CARD_DEVELOPMENT = "card.development"
CARD_HISTORY = "card.history"
RENEWAL_CONFIRM = "renewal.confirm"
DEVELOPMENT_VIABLE = "development.viable"
DEVELOPMENT_NOT_VIABLE = "development.not_viable"
REMINDER_DONE = "reminder.done"
REMINDER_SNOOZE = "reminder.snooze"
REMINDER_VIEW = "reminder.view"
HOME_MUTES = "home.mutes"
SCHEDULE_CONFIRM = "schedule.confirm"
SCHEDULE_CHANGE = "schedule.change"
STATUS_SHOW_PROJECT = "status.show_project"
STATUS_PAGE = "status.page"
STATUS_EXPORT = "status.export"
STATUS_CHART = "status.chart"
HOME_START = "home.start"
HOME_ROLES = "home.roles"

# Element action_ids inside input blocks (one element per input block)
INPUT = "value"
