"""The apps under measurement as separate processes: impl-bot as operators run it (`impl-bot run`) and the
bare Bolt baseline (`bench/bare_app.py`), each on its own port, with its memory read from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the tests' secret: the driver signs with it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class App:
    name: str
    process: subprocess.Popen
    url: str
    log: Path

    def memory(self) -> dict[str, int]:
        """Resident memory now (VmRSS) and at its peak (VmHWM), in KiB, as the kernel counts it."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
        return fields

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def launch(name: str, command: list[str], *, api_url: str, database_url: str, log_dir: Path,
           extra_env: dict[str, str] | None = None) -> App:
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": api_url, "DATABASE_URL": database_url, "PORT": str(port),
           "IMPL_ADMINS": "UADMIN", **(extra_env or {})}
    env.pop("SLACK_APP_TOKEN", None)
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    app = App(name, process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(app.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return app
        except OSError:
            time.sleep(0.2)
    app.stop()
    raise RuntimeError(f"{name} did not answer /healthz in 120 s:\n{log.read_text()[-2000:]}")


def impl_bot(**kwargs) -> App:
    return launch("impl-bot", [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['run']))"],
                  **kwargs)


def bare_bolt(**kwargs) -> App:
    return launch("bare-bolt", [sys.executable, str(ROOT / "bench" / "bare_app.py")], **kwargs)
