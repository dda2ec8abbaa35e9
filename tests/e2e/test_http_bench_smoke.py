"""The HTTP benchmark's smoke run (issue 13 item 1): `bench/http_bench.py --smoke` starts every
server on the smallest size, drives each cell for 1 s with wrk and prints its table with every
column and every case; the full run's numbers are kept in bench/RESULTS.md."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nzc_graph.config import project_root

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COLUMNS = ("ours", "ours cached", "oxigraph memory", "oxigraph disk", "rdflib-endpoint", "floor")
RATIOS = ("ours / oxigraph memory", "ours / floor", "ours cached / floor")
CASES = ("light SELECT", "heavy SELECT", "named query", "city page", "ask")


def test_smoke_run_prints_every_column_and_case() -> None:
    if shutil.which("wrk") is None:
        pytest.fail("the HTTP benchmark needs wrk (Debian package wrk; .ci/run installs it)")
    bench = Path(project_root()) / "bench" / "http_bench.py"
    run = subprocess.run([sys.executable, str(bench), "--smoke"], capture_output=True, text=True, timeout=600)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    header = next(line for line in run.stdout.splitlines() if line.startswith("| size |"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "size",
        "case",
        "c",
        "bytes",
        "rows",
        *COLUMNS,
        *RATIOS,
    ]
    rows = [line for line in run.stdout.splitlines() if line.startswith("| 10k |")]
    assert sorted((r.split("|")[2].strip(), r.split("|")[3].strip()) for r in rows) == sorted(
        (case, c) for case in CASES for c in ("1", "8")
    )
    assert "failed" not in "\n".join(rows)
    assert "machine:" in run.stdout and "versions:" in run.stdout
