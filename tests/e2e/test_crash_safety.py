"""What survives `kill -9`: a server on an on-disk store killed at random moments while it accepts
submissions, and `nzc-graph build` killed at random moments while it rewrites the store.

After each kill the store is opened again. Every submission that was acknowledged with 201 is
there and complete (its graph holds exactly the triples its record counts, plus the record), and
no submission graph is partial. A killed build leaves the old graphs or the new ones, never a mix.
The kill moments come from a seeded generator, so a failure can be replayed; each assertion names
the repetition and the moment.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from tests.e2e.test_submissions import practice

from nzc_graph.config import Settings, project_root
from nzc_graph.devtools.devserver import free_port, wait_ready
from nzc_graph.graph.build import build
from nzc_graph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.keyfile import add_key

pytestmark = pytest.mark.e2e
SERVER_KILLS = 20
BUILD_KILLS = 20
SUBMISSION_PREFIX = "https://w3id.org/nzc/graph/submission/"
MARK = URIRef("urn:nzc:test:before-the-build")  # in every graph of the old state, in none of the new


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A process in its own group, so kill -9 reaches its query workers too."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "nzc_graph.cli", *args],
            cwd=project_root(),
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_9(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("crash")
    store = EmbeddedStore(root / "store")
    build(Settings(root=project_root(), store_kind="memory"), store, with_reasoner=False)
    store.close()
    yield root


def submission_graphs(store: EmbeddedStore) -> dict[str, tuple[int, int | None]]:
    """Each submission graph: (triples in it, triples its record says it holds, None if no record)."""
    out: dict[str, tuple[int, int | None]] = {}
    for g in store.graphs():
        if not g.startswith(SUBMISSION_PREFIX):
            continue
        rows = store.select(
            "PREFIX void: <http://rdfs.org/ns/void#> SELECT (COUNT(*) AS ?all) (SAMPLE(?n) AS ?said) "
            "(SUM(IF(?s = ?record, 1, 0)) AS ?own) "
            "WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { GRAPH ?g { ?record void:triples ?n } } }",
            {"g": URIRef(g)},
        )
        said = rows[0].get("said")
        out[g] = (int(rows[0]["all"]) - int(rows[0]["own"]), int(said) if said is not None else None)
    return out


def send(base: str, key: str, name: str, when: str, stop: threading.Event, acknowledged: dict[str, str]) -> None:
    """Submit one practice after another until the server goes; note each one acknowledged."""
    n = 0
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            n += 1
            headers = {"Content-Type": "text/turtle", "Authorization": f"Bearer {key}"}
            try:
                r = client.post(base + "/submissions", content=practice("aachen", f"crash-{name}-{n}"), headers=headers)
            except httpx.HTTPError:
                return  # the server is gone: this one was never acknowledged
            if r.status_code == 201:
                acknowledged[r.json()["id"]] = when


def test_every_acknowledged_submission_survives_kill_9_complete_and_none_is_partial(built_store: Path) -> None:
    root, rng = built_store, random.Random(14)
    keys = root / "keys"
    key = add_key(keys, "aachen", "Aachen climate office")
    acknowledged: dict[str, str] = {}  # submission id → repetition and moment it was acknowledged in
    for rep in range(SERVER_KILLS):
        port = free_port()
        env = {
            "NZC_STORE_PATH": str(root / "store"),
            "NZC_API_KEYS_FILE": str(keys),
            "NZC_SEARCH_SEMANTIC": "off",
            "NZC_RATE_LIMIT_PER_KEY": "0",
            "NZC_RATE_LIMIT_PER_ADDRESS": "0",
        }
        proc = start(["serve", "--port", str(port)], env, root / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + "/health", proc, 120.0)
        except Exception:
            kill_9(proc)
            raise
        moment = rng.uniform(0.05, 1.5)
        stop = threading.Event()
        when = f"repetition {rep}, kill after {moment:.2f} s"
        senders = [
            threading.Thread(target=send, args=(base, key, f"{rep}-{n}", when, stop, acknowledged)) for n in range(2)
        ]
        for t in senders:
            t.start()
        time.sleep(moment)
        kill_9(proc)
        stop.set()
        for t in senders:
            t.join(timeout=30)

        store = EmbeddedStore(root / "store")  # opens after the kill: the lock went with the process
        try:
            graphs = submission_graphs(store)
        finally:
            store.close()
        for sub_id, when in acknowledged.items():
            graph = SUBMISSION_PREFIX + sub_id
            assert graph in graphs, f"submission {sub_id} acknowledged in {when} is missing"
        for graph, (content, said) in graphs.items():
            assert said is not None and content == said, (
                f"{graph} is partial after repetition {rep} (kill after {moment:.2f} s): "
                f"{content} triples besides its record, the record says {said}"
            )
    assert len(acknowledged) >= SERVER_KILLS // 2, "too few submissions were acknowledged to test anything"


def graph_state(store: EmbeddedStore) -> dict[str, bool]:
    """For each built graph: does it still hold the mark of the old state?"""
    return {
        g: store.ask("ASK { GRAPH ?g { ?m ?p ?o } }", {"g": URIRef(g), "m": MARK})
        for g in (str(ONTOLOGY_GRAPH), str(DATA_GRAPH), str(INFERRED_GRAPH))
    }


def test_a_build_killed_at_any_moment_leaves_the_old_graphs_or_the_new_ones_never_a_mix(tmp_path: Path) -> None:
    # Its own folder: the first build here makes the store it kills builds over, and gives their
    # duration, so the server test's pre-built store would only cost a build it never reads.
    root, rng = tmp_path, random.Random(5)
    folder = root / "build-store"
    seen: list[str] = []
    started = time.monotonic()
    first = start(["build", "--no-reason", "--store", str(folder)], {}, root / "build.log")
    assert first.wait(timeout=300) == 0, (root / "build.log").read_text()[-2000:]
    took = time.monotonic() - started
    for rep in range(BUILD_KILLS):
        store = EmbeddedStore(folder)
        try:
            for g in graph_state(store):  # the old state: every graph marked
                store.add_graph(g, Graph().add((MARK, URIRef("urn:nzc:test:rep"), Literal(rep))))
        finally:
            store.close()
        moment = rng.uniform(0.8 * took, 1.05 * took)  # near the end, where it writes
        proc = start(["build", "--no-reason", "--store", str(folder)], {}, root / "build.log")
        time.sleep(moment)
        finished = proc.poll() is not None
        kill_9(proc)
        store = EmbeddedStore(folder)
        try:
            state = graph_state(store)
            assert not any(g.startswith("urn:nzc:staging:") for g in store.graphs())
            counts = {g: store.count(g) for g in state}
        finally:
            store.close()
        marks = set(state.values())
        assert len(marks) == 1, f"repetition {rep}, kill after {moment:.2f} s: a mix of old and new graphs {state}"
        assert all(n > 0 for n in counts.values()), f"repetition {rep}: an empty graph {counts}"
        seen.append("old" if marks == {True} else "new")
        if finished:
            assert seen[-1] == "new", f"repetition {rep}: the build finished but the old graphs remain"
