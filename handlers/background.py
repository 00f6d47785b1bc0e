"""Heavy work after the ack (a portfolio page, an export, a chart) on a few threads of its own.

Bolt runs each listener on its listener pool and answers Slack once the listener acks. A listener that acks
and then renders a page of thousands of projects holds its pool thread and the interpreter while it does: with
many such requests at once, the acks of the next requests wait behind them. Handing that work to this small
pool frees the listener at once and caps how many threads compete with the acks; the work queues instead.
Long work (an export of the whole portfolio, a chart) has a queue of its own, so that it never holds up the
pages other people are waiting for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from handlers.observability import ContextExecutor

log = logging.getLogger(__name__)

Report = Callable[..., None]  # errors.report without its metrics: (error, *, body, client, context, respond)


class BackgroundWork:
    def __init__(self, threads: int, report: Report):
        self._executor = ContextExecutor(max_workers=threads, thread_name_prefix="work")
        self._long = ContextExecutor(max_workers=1, thread_name_prefix="long-work")
        self._report = report

    def __call__(self, work: Callable[[], None], *, long: bool = False, **request: Any) -> None:
        """Run `work` soon (`long`: in the queue of long work); if it fails, the user of `request` (body, client,
        context, respond) is told."""
        (self._long if long else self._executor).submit(self._run, work, request)

    def _run(self, work: Callable[[], None], request: dict[str, Any]) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported like a failed listener
            self._report(error, **request)

    def shutdown(self) -> None:
        """Finish the work already queued (graceful stop); call after the listeners stopped submitting."""
        self._executor.shutdown(wait=True)
        self._long.shutdown(wait=True)
