"""The audit log of writes: one JSON line per write attempt, accepted or refused.

A write route declares the `Audited` dependency (`api/access.py`) before anything else, which
starts a `WriteAttempt` for the request; the key check adds who is writing and the route adds
what it wrote (a submission id and its graph, or the SHA-256 of an update). `AuditMiddleware`
writes the line as the status line goes out, before the client can read the answer, so refusals
are logged however they happen: no key or a bad key (401), a key that may not (403), a rate limit
(429), input that does not parse or conform (400, 413, 415, 422), and internal errors (500).
Reading routes write nothing.

A line (keys in this order; null where unknown)::

    {"time": "2026-05-01T09:30:00.123Z", "request_id": "…", "client": "127.0.0.1",
     "method": "POST", "route": "/submissions", "key_id": "3f2a9c1b0d4e",
     "label": "Aachen climate office", "scope": "aachen", "target": "<submission id>",
     "graph": "https://w3id.org/nzc/graph/submission/<id>", "outcome": "accepted",
     "status": 201, "reason": null}

The file is opened in append mode for each line and the line goes out in one write, so lines
from several processes never interleave and a rotated file (logrotate) is picked up at once. It
is created with mode 0600 when the app starts, which fails then if it cannot be written. A line
that cannot be written later is reported in the server log; the write it describes stands.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nzc_graph.errors import ConfigurationError, NzcGraphError
from nzc_graph.submissions.apikeys import Principal

log = logging.getLogger("nzc_graph.api")
ATTEMPT = "write_attempt"  # request.state keys: the attempt, and the error the request ended with
ERROR = "error"


class AuditLog:
    """Appends JSON lines to a file; with no file, writes nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.close(self._open())
            except OSError as exc:
                raise ConfigurationError(
                    f"NZC_AUDIT_LOG: cannot append to {path} ({exc.strerror}); name a writable file, or 'off'"
                ) from exc

    def _open(self) -> int:
        assert self.path is not None
        return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def write(self, record: dict[str, object]) -> None:
        if self.path is None:
            return
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            fd = self._open()
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError as exc:
            log.error("audit log %s: could not write %s", self.path, line.decode("utf-8").strip(), exc_info=exc)


@dataclass
class WriteAttempt:
    """One write attempt, filled in as the request goes: where from, who, on what."""

    log: AuditLog
    request_id: str
    client: str
    method: str
    route: str
    principal: Principal | None = None
    target: str | None = None
    graph: str | None = None

    def record(self, status: int, error: object) -> dict[str, object]:
        """The audit line for the attempt, once its answer has `status`."""
        who = self.principal
        if isinstance(error, NzcGraphError):
            reason: str | None = f"{type(error).__name__}: {error}"
        else:
            reason = None if status < 400 else f"HTTP {status}"
        return {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "request_id": self.request_id,
            "client": self.client,
            "method": self.method,
            "route": self.route,
            "key_id": who.key_id if who else None,
            "label": who.label if who else None,
            "scope": who.scope if who else None,
            "target": self.target,
            "graph": self.graph,
            "outcome": "accepted" if status < 400 else "refused",
            "status": status,
            "reason": reason,
        }


class AuditMiddleware:
    """Writes the audit line of every request that started a WriteAttempt, with its final status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        written = False

        def write_line(status: int) -> None:
            nonlocal written
            attempt = state.get(ATTEMPT)
            if isinstance(attempt, WriteAttempt) and not written:
                written = True
                attempt.log.write(attempt.record(status, state.get(ERROR)))

        async def send_with_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                write_line(int(message["status"]))  # before the client can see the answer
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            write_line(500)  # the app failed before it answered
