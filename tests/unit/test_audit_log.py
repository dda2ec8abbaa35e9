"""The audit log file: created 0600 when the app starts (and refused then if it cannot be
written), appended to line by line, never truncated; where it goes by default; 'off'."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nzc_graph.api.audit import AuditLog, WriteAttempt
from nzc_graph.config import Settings
from nzc_graph.errors import ConfigurationError, Forbidden
from nzc_graph.submissions.apikeys import Principal


def test_lines_are_appended_to_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "var" / "audit.jsonl"
    log = AuditLog(path)
    assert path.read_text() == "" and oct(os.stat(path).st_mode & 0o777) == "0o600"
    attempt = WriteAttempt(log, "req-1", "192.0.2.1", "POST", "/submissions")
    log.write(attempt.record(401, None))
    attempt.principal = Principal("Aachen", "aachen", "0123456789ab")
    log.write(attempt.record(403, Forbidden("not your city")))
    AuditLog(path).write(attempt.record(201, None))  # a restarted server appends
    first, second, third = (json.loads(line) for line in path.read_text().splitlines())
    assert (first["key_id"], first["outcome"], first["reason"]) == (None, "refused", "HTTP 401")
    assert (second["scope"], second["reason"]) == ("aachen", "Forbidden: not your city")
    assert (third["outcome"], third["reason"]) == ("accepted", None)


def test_an_unwritable_log_fails_at_start_naming_the_setting(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigurationError, match="NZC_AUDIT_LOG: cannot append to"):
        AuditLog(tmp_path / "file" / "audit.jsonl")
    AuditLog(None).write({"nothing": "happens"})


def test_where_the_log_goes(settings: Settings, tmp_path: Path) -> None:
    def path_for(**given: object) -> Path | None:
        return Settings.model_validate({**settings.model_dump(), **given}).audit_log_path

    store = tmp_path / "store"
    assert path_for(store_kind="embedded", store_path=store, audit_log=None) == tmp_path / "store-audit.jsonl"
    assert path_for(store_kind="embedded", store_path=store, audit_log="") == tmp_path / "store-audit.jsonl"
    assert path_for(store_kind="embedded", store_path=store, audit_log="off") is None
    assert path_for(store_kind="memory", audit_log=None) is None
    assert path_for(store_kind="memory", audit_log=str(tmp_path / "a.jsonl")) == tmp_path / "a.jsonl"
