"""The baseline of the benchmarks: a bare Bolt app whose listeners only ack, on impl-bot's own server stack
(the same WSGI edge, waitress with the same threads, SIGTERM handling). Reads the same environment variables.

    python bench/bare_app.py        # SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import App  # noqa: E402
from slack_sdk import WebClient  # noqa: E402

from bot.server import serve  # noqa: E402
from handlers.http import wsgi_app  # noqa: E402


def bare_app() -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ.get("SLACK_API_URL") or None)
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command(re.compile(".*"))
    def command(ack):
        ack()

    @app.action(re.compile(".*"))
    def action(ack):
        ack()

    @app.event("app_home_opened")
    def home(ack):
        ack()

    return app


if __name__ == "__main__":
    serve(wsgi_app(bare_app(), lambda: (True, {"status": "ok"})), port=int(os.environ.get("PORT", "3000")))
