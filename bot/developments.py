"""Custom-development requests: the levels of urgency and priority the product owner works with."""

URGENCIES = ("alta", "media", "baja")
PRIORITIES = ("alta", "media", "baja")
