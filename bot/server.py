"""HTTP mode: waitress (a production, multi-threaded WSGI server) with a graceful, thread-safe stop.

`stop()` may be called from any thread or a signal handler: the server stops accepting, lets the
requests in flight finish (up to `grace` seconds), then closes. Bolt's own background work is
drained afterwards by `Runtime.close()`.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time

from waitress import wasyncore
from waitress.server import create_server

log = logging.getLogger(__name__)

HTTP_THREADS = 16
# How long a thread may hold the interpreter before another may take it (Python's default: 5 ms). A page being
# built after its ack would make every step of the next ack wait up to that long; 1 ms keeps acks quick.
SWITCH_INTERVAL = 0.001


def prefer_latency() -> None:
    """Let threads that answer Slack take the interpreter sooner from threads doing heavy work, and keep
    the garbage collector's full passes short: what was built at start (the app, its modules, the process
    definition) lives as long as the process, so it leaves the collector's view (`gc.freeze`)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()


class HttpServer:
    def __init__(self, wsgi_app, *, host: str = "0.0.0.0", port: int, threads: int = HTTP_THREADS,
                 grace: float = 10.0):
        self._server = create_server(wsgi_app, host=host, port=port, threads=threads, ident="impl-bot")
        self._stopping = threading.Event()
        self.grace = grace

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def stop(self) -> None:
        self._stopping.set()
        try:
            self._server.pull_trigger()  # wakes the loop from select(); safe from any thread
        except OSError:
            pass  # the loop already finished and closed its trigger

    def serve(self) -> None:
        """Serve until `stop()`; runs the event loop in the calling thread."""
        server = self._server
        loop, sockets = server.asyncore.loop, server._map
        while not self._stopping.is_set():
            loop(timeout=1.0, map=sockets, count=1)
        # In the loop's own thread now: stop accepting, finish what is in flight.
        wasyncore.dispatcher.close(server)  # the listening socket only; the wake-up trigger stays
        dispatcher = server.task_dispatcher
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and self._busy(server):
            loop(timeout=0.05, map=sockets, count=1)
        # Workers first (a finishing worker still pulls the trigger), then the sockets and the trigger.
        dispatcher.shutdown(timeout=self.grace)
        for channel in list(sockets.values()):
            channel.close()

    @staticmethod
    def _busy(server) -> bool:
        dispatcher = server.task_dispatcher
        pending_output = any(getattr(ch, "total_outbufs_len", 0) for ch in server._map.values())
        return bool(dispatcher.active_count or dispatcher.queue or pending_output)


def serve(wsgi_app, *, host: str = "0.0.0.0", port: int, on_stop=None) -> None:
    """Serve in the main thread until SIGTERM or SIGINT, then stop gracefully."""
    prefer_latency()
    server = HttpServer(wsgi_app, host=host, port=port)

    def stop(signum, _frame):
        log.info("%s received: finishing requests in flight, then stopping", signal.Signals(signum).name)
        server.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("impl-bot listening on http://%s:%s/slack/events", host, server.port)
    try:
        server.serve()
    finally:
        if on_stop is not None:
            on_stop()
        log.info("impl-bot stopped")
