"""A bounded load run (issue 14 item 8): 50 connections on loopback for 60 s mixing plain-words
questions, city pages and SPARQL queries, each evaluated (no-cache) — zero errors of any kind.

wrk drives the load (bench/load_bench.py); the p99 of the run is recorded in bench/RESULTS.md.
Rate limits are off on this server: the run tests the serving path, not the limiter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nzc_graph.config import project_root
from nzc_graph.devtools.devserver import scratch_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def loaded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"NZC_SEARCH_SEMANTIC": "off", "NZC_RATE_LIMIT_PER_ADDRESS": "0", "NZC_RATE_LIMIT_PER_KEY": "0"}
    with scratch_server(store=tmp_path_factory.mktemp("load") / "store", build=True, env=env) as (base, _key):
        yield base


def test_fifty_connections_for_sixty_seconds_get_no_errors(loaded_server: str) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("the load test needs wrk (Debian package wrk; .ci/run installs it)")
    bench = Path(project_root()) / "bench" / "load_bench.py"
    run = subprocess.run(
        [sys.executable, str(bench), "--url", loaded_server, "--connections", "50", "--seconds", "60"]
        + ["--fail-on-errors"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors 0:" in run.stdout and " 0 requests" not in run.stdout
