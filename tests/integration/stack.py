"""A production-shaped stack for the fault tests (issue #8): a Redis server of the test's own (so it can
be paused, killed and restarted without touching the shared Redis on 6379), the web under gunicorn
and real Celery workers, all on the test database, plus a small HTTP client and a file "SMS gateway"
that records every message the workers hand to it.

Every process here is started by the test and ended by its own pid; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.integration.workers import CELERY, ROOT, dead_port, wait_until

GUNICORN = str(Path(CELERY).with_name("gunicorn"))
REDIS_SERVER = "redis-server"
START_TIMEOUT = 60


# --- the SMS gateway of the workers -----------------------------------------------------------------
class FileGateway:
    """Notification backend (settings.NOTIFICATION_BACKEND) for the tests: appends one JSON line per
    message actually sent to the file named by $GATEWAY_LOG — what the applicants would receive."""

    name = "file"

    def send(self, *, phone: str, message: str) -> None:
        line = json.dumps({"phone": phone, "message": message, "pid": os.getpid()}, ensure_ascii=False) + "\n"
        fd = os.open(os.environ["GATEWAY_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))  # one write with O_APPEND: lines never interleave
        finally:
            os.close(fd)


def gateway_received(path: Path) -> Counter:
    """(phone, message) → how many times the gateway got it."""
    if not path.exists():
        return Counter()
    return Counter((d["phone"], d["message"]) for d in map(json.loads, path.read_text(encoding="utf-8").splitlines()))


# --- Redis ------------------------------------------------------------------------------------------
@dataclass
class RedisServer:
    """A throw-away redis-server (no persistence: a kill loses whatever it held, like a crash)."""

    port: int
    log_path: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=2, socket_timeout=2)

    def start(self) -> RedisServer:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )

        def answers() -> bool:
            assert self.proc.poll() is None, f"redis-server exited:\n{self.log_path.read_text()[-2000:]}"
            try:
                client = self.client()
                try:
                    return bool(client.ping())
                finally:
                    client.close()
            except Exception:  # noqa: BLE001 — not up yet
                return False

        wait_until(answers, timeout=20, message=f"redis-server on port {self.port}")
        return self

    def queued(self, queue: str = "celery") -> int:
        """Messages waiting in a queue (kombu keeps one Redis list per queue and priority step)."""
        client = self.client()
        try:
            return sum(client.llen(key) for key in client.scan_iter(match=f"{queue}*") if client.type(key) == b"list")
        finally:
            client.close()

    def pause(self) -> None:
        """SIGSTOP: the server still accepts TCP connections (the kernel does) but never answers."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL (also works on a paused server): everything it held is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


def redis_server(tmp_path: Path) -> RedisServer:
    return RedisServer(port=dead_port(), log_path=tmp_path / "redis.log").start()


# --- the web ----------------------------------------------------------------------------------------
@dataclass
class Web:
    proc: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, chars: int = 8000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start_web(*, env: dict[str, str], log_path: Path, workers: int = 2, threads: int = 8) -> Web:
    """gunicorn as in production (docker-compose.yml), on a free port."""
    port = dead_port()
    env = {**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [GUNICORN, "enforcement.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    web = Web(proc=proc, port=port, log_path=log_path)

    def serving() -> bool:
        assert proc.poll() is None, f"gunicorn exited (rc={proc.returncode})\n{web.log_tail()}"
        try:
            return http(web, "GET", "/api/v1/me/").status in (200, 401, 403)
        except OSError:
            return False

    try:
        wait_until(serving, timeout=START_TIMEOUT, interval=0.5, message="gunicorn to serve")
    except BaseException:
        web.stop()
        raise
    return web


# --- HTTP -------------------------------------------------------------------------------------------
@dataclass
class Reply:
    status: int
    body: object
    seconds: float
    headers: dict = field(default_factory=dict)


def http(web: Web, method: str, path: str, *, token: str | None = None, json_body=None, files: dict | None = None,
         timeout: float = 90, language: str = "en") -> Reply:
    """One request to the web; ``files``: {field: (filename, bytes)} sent as multipart."""
    headers = {"Accept": "application/json", "Accept-Language": language}
    data = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if json_body is not None:
        data = json.dumps(json_body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    elif files:
        boundary = uuid.uuid4().hex
        parts = []
        for name, (filename, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(web.base + path, data=data, headers=headers, method=method)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, head = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, head = error.code, error.read(), dict(error.headers)
    seconds = time.monotonic() - started
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", errors="replace")
    return Reply(status, body, seconds, head)
