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
import threading
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import Any

from handlers.observability import ContextExecutor

log = logging.getLogger(__name__)

Report = Callable[..., None]  # errors.report without its metrics: (error, *, body, client, context, respond)
Dropped = Callable[..., None]  # tells the user of a request (body, client, context, respond) to ask again


class BackgroundWork:
    def __init__(self, threads: int, report: Report, dropped: Dropped):
        self._executor = ContextExecutor(max_workers=threads, thread_name_prefix="work")
        self._long = ContextExecutor(max_workers=1, thread_name_prefix="long-work")
        self._report, self._dropped = report, dropped
        self._pending: dict[Future, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def __call__(self, work: Callable[[], None], *, long: bool = False, **request: Any) -> None:
        """Run `work` soon (`long`: in the queue of long work); if it fails, the user of `request` (body, client,
        context, respond) is told."""
        future = (self._long if long else self._executor).submit(self._run, work, request)
        with self._lock:
            if not future.done():
                self._pending[future] = request
        future.add_done_callback(self._forget)

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.pop(future, None)

    def _run(self, work: Callable[[], None], request: dict[str, Any]) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported like a failed listener
            try:
                self._report(error, **request)
            except Exception:  # noqa: BLE001 - nothing else would ever see it
                log.exception("could not report a failure of work after the ack")

    def shutdown(self, grace: float) -> None:
        """Graceful stop, after the listeners stopped submitting: finish the work queued, for up to `grace`
        seconds; whatever has not started by then is dropped and its user told to ask again (the process is
        about to be stopped for good, and work in memory would be lost without a word)."""
        with self._lock:
            pending = list(self._pending.items())
        wait([future for future, _ in pending], timeout=grace)
        for future, request in pending:
            if future.cancel():
                log.warning("stopping: work after an ack was dropped; its user is told to ask again")
                try:
                    self._dropped(**request)
                except Exception:  # noqa: BLE001 - stopping anyway; the warning above says what happened
                    log.exception("could not tell the user of dropped work")
        self._executor.shutdown(wait=True)  # what is still running finishes (or the process is killed)
        self._long.shutdown(wait=True)
