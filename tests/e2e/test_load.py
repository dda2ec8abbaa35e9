"""A bounded load run (issue 14 item 8): 50 connections on loopback for 60 s mixing plain-words
questions, city pages and SPARQL queries, each evaluated (no-cache) — zero errors of any kind.

wrk drives the load (bench/load_bench.py); the p99 of the run is recorded in bench/RESULTS.md.
The bench starts its own server on a fresh store, with rate limits off: the run tests the
serving path, not the limiter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nzc_graph.config import project_root

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_fifty_connections_for_sixty_seconds_get_no_errors() -> None:
    if shutil.which("wrk") is None:
        pytest.fail("the load test needs wrk (Debian package wrk; .ci/run installs it)")
    bench = Path(project_root()) / "bench" / "load_bench.py"
    run = subprocess.run(
        [sys.executable, str(bench), "--connections", "50", "--seconds", "60", "--fail-on-errors"],
        capture_output=True,
        text=True,
        timeout=300,  # the bench builds and starts its own server first
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors 0:" in run.stdout and " 0 requests" not in run.stdout
