"""impl-bot: the Mi Negocio implementation process, run from Slack."""

__version__ = "0.1.0"
