"""The README's reading commands work while `nzc-graph serve` holds the same store open.

The server opens its store for writing (it takes submissions); the CLI's reading commands open
the same folder read-only, so they answer beside it. A write (`build`) says what to do instead.
Each answer is compared with what the running server says for the same question.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from nzc_graph.config import project_root

pytestmark = pytest.mark.e2e

KIND = "https://w3id.org/nzc/id/practice-kind/financial-architect-role"


def cli(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NZC_STORE_PATH": str(store), "NZC_SEARCH_SEMANTIC": "off", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "nzc_graph.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=project_root(),
        timeout=300,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "LOCK" not in result.stderr
    return result.stdout


def test_named_query_beside_the_server_matches_the_server(served: tuple[str, Path]) -> None:
    base, store = served
    rows = json.loads(
        ok(cli(store, "query", "--name", "practices-of-kind", "--param", f"kind={KIND}", "--format", "json"))
    )
    api = httpx.get(
        f"{base}/queries/practices-of-kind",
        params={"kind": KIND},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    from_api = {b["practice"]["value"] for b in api["results"]["bindings"]}
    assert rows and {r["practice"] for r in rows} == from_api


def test_query_list_and_a_query_file_beside_the_server(served: tuple[str, Path], tmp_path: Path) -> None:
    _, store = served
    assert "practices-of-kind" in ok(cli(store, "query", "--list"))
    q = tmp_path / "count.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    assert int(json.loads(ok(cli(store, "query", str(q), "--format", "json")))[0]["n"]) > 1000


@pytest.mark.parametrize(
    ("args", "path", "params"),
    [
        (
            ["solved", "partners are tired of too many initiatives"],
            "/solved",
            {"q": "partners are tired of too many initiatives"},
        ),
        (["faces", "we cannot hire the experts we need"], "/faces", {"q": "we cannot hire the experts we need"}),
        (["match", "Kozani"], "/match/Kozani", {}),
        (["pairs", "--cohort", "3"], "/pairs", {"cohort": "3"}),
        (["plan", "--cohort", "3", "--rooms", "4"], "/sessions/plan", {"cohort": "3", "rooms": "4"}),
    ],
)
def test_search_commands_beside_the_server_match_the_api(
    served: tuple[str, Path], args: list[str], path: str, params: dict[str, str]
) -> None:
    base, store = served
    from_cli = json.loads(ok(cli(store, *args, "--format", "json")))
    from_api = httpx.get(base + path, params=params, timeout=60).json()
    first = next(k for k in ("results", "peers", "pairs") if k in from_api)
    assert from_api[first], f"the API found nothing for {path}; the comparison would prove nothing"
    assert from_cli[first][0] == from_api[first][0]


def test_eval_beside_the_server(served: tuple[str, Path]) -> None:
    _, store = served
    assert "hit@3" in ok(cli(store, "eval", "eval/dev_questions.jsonl"))


def test_build_against_the_served_store_says_what_to_do(served: tuple[str, Path]) -> None:
    base, store = served
    result = cli(store, "build", "--no-reason")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "in use by another process" in message and "--store" in message
    assert "LOCK" not in result.stderr and "Traceback" not in result.stderr
    assert httpx.get(base + "/health", timeout=10).status_code == 200  # nothing was harmed
