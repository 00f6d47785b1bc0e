"""A fake Socket Mode endpoint (WebSocket on 127.0.0.1): sends envelopes like Slack and records the acks."""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve


class FakeSocketMode:
    def __init__(self) -> None:
        self._outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = threading.Event()
        self._cond = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=fake"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        envelope_id = uuid.uuid4().hex
        self._outbox.put({"envelope_id": envelope_id, "type": kind, "payload": payload,
                          "accepts_response_payload": kind != "events_api", "retry_attempt": 0})
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id}")
                self._cond.wait(remaining)
            return self.acks[envelope_id]

    def _handle(self, ws) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"},
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}}))
        self.connected.set()
        try:
            while True:
                try:
                    ws.send(json.dumps(self._outbox.get(timeout=0.05)))
                except queue.Empty:
                    pass
                try:
                    message = ws.recv(timeout=0.05)
                except TimeoutError:
                    continue
                ack = json.loads(message)
                with self._cond:
                    self.acks[ack.get("envelope_id")] = ack
                    self._cond.notify_all()
        except ConnectionClosed:
            return
