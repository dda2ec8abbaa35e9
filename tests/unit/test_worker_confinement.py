"""What query workers may use, checked on real worker processes: a query past the memory cap is
refused and its worker replaced, a full queue turns queries away at once with the seconds to wait,
and a worker without network cannot reach a listener even with a SERVICE call the parent's
allow-list check would have let through."""

from __future__ import annotations

import multiprocessing as mp
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection

import pytest
from rdflib import Graph

from nzc_graph.errors import QueryOutOfMemory, QueryQueueFull, QueryTimeout, StoreUnavailable
from nzc_graph.store import EmbeddedStore, Limits
from nzc_graph.store.confine import Confinement, install_socket_guard
from nzc_graph.store.worker import worker_main

MIB = 1024 * 1024
HUNGRY = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # sorts every row of a cartesian join
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def wide_store() -> Iterator[EmbeddedStore]:
    """3000 triples: HUNGRY sorts 9 million rows, far more than 200 MiB."""
    store = EmbeddedStore(None)
    rows = "\n".join(f"<http://s{i}> <http://p> {i} ." for i in range(3000))
    store.add_graph("http://g", Graph().parse(data=rows, format="turtle"))
    yield store
    store.close()


def test_a_query_past_the_memory_cap_is_refused_and_its_worker_replaced(wide_store) -> None:
    pool = wide_store.executor(Limits(timeout=10, memory_bytes=200 * MIB), workers=1)
    try:
        pid = pool._idle.queue[0].process.pid  # noqa: SLF001
        start = time.monotonic()
        with pytest.raises(QueryOutOfMemory, match="more than the 200 MiB") as refused:
            pool.execute(HUNGRY, ["text/csv"])
        assert "LIMIT" in str(refused.value)
        assert time.monotonic() - start < 5
        assert b"3000" in b"".join(pool.execute(COUNT, ["text/csv"]).chunks)
        assert pool._idle.queue[0].process.pid != pid  # noqa: SLF001
    finally:
        pool.close()


def test_data_that_does_not_fit_the_cap_names_the_setting_to_raise(wide_store) -> None:
    pool = wide_store.executor(Limits(timeout=10, memory_bytes=40 * MIB), workers=1)
    try:
        with pytest.raises(StoreUnavailable, match="NZC_QUERY_MEMORY_LIMIT_MIB"):
            pool.execute(COUNT, ["text/csv"])
    finally:
        pool.close()


def test_a_full_queue_turns_queries_away_at_once_with_retry_after(wide_store) -> None:
    pool = wide_store.executor(Limits(timeout=2, queue_length=0), workers=1)
    try:
        outcome: list[BaseException] = []

        def hold_the_worker() -> None:
            try:
                pool.execute(RUNAWAY, ["text/csv"])
            except QueryTimeout as exc:
                outcome.append(exc)

        busy = threading.Thread(target=hold_the_worker)
        busy.start()
        until = time.monotonic() + 10
        while not pool._idle.empty() and time.monotonic() < until:  # noqa: SLF001  (the runaway holds the worker)
            time.sleep(0.01)
        start = time.monotonic()
        with pytest.raises(QueryQueueFull, match="queue is full") as refused:
            pool.execute(COUNT, ["text/csv"])
        assert time.monotonic() - start < 0.5
        assert refused.value.retry_after == 2
        busy.join()
        assert outcome, "the runaway query should have been stopped at its time limit"
        assert b"3000" in b"".join(pool.execute(COUNT, ["text/csv"]).chunks)
    finally:
        pool.close()


def service_task(port: int, snapshot: str) -> dict[str, object]:
    """A task as the parent sends it, with a SERVICE call the allow-list check never saw."""
    return {
        "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "media_types": ["text/csv"],
        "base_iri": None,
        "default_graphs": [],
        "named_graphs": [],
        "form": "select",
        "max_bytes": 1_000_000,
        "snapshot": snapshot,
    }


def run_in_worker(confinement: Confinement, task: dict[str, object]) -> tuple[object, ...]:
    """Start a real worker with `confinement`, hand it `task` straight through its pipe (as the
    pool does, minus the pool's screening) and return its answer after "loaded"."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=worker_main, args=(child, confinement), daemon=True)
    proc.start()
    child.close()
    try:
        parent.send(task)
        answers = []
        while not answers or answers[-1][0] == "loaded":
            assert parent.poll(15), "the worker did not answer"
            answers.append(parent.recv())
        return tuple(answers[-1])
    finally:
        parent.send(None)
        proc.join(timeout=5)


@pytest.fixture()
def empty_snapshot(tmp_path) -> str:
    path = tmp_path / "empty.nq"
    path.write_bytes(b"")
    return str(path)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0,
    reason="a network namespace needs Linux and root; the socket guard fallback does not cover pyoxigraph",
)
def test_a_worker_without_network_cannot_reach_a_listener(listener, empty_snapshot) -> None:
    answer = run_in_worker(Confinement(no_network=True), service_task(listener.port, empty_snapshot))
    assert answer[0] == "error", answer
    assert listener.hits == 0


def test_a_worker_with_network_does_reach_the_listener(listener, empty_snapshot) -> None:
    """The control: without the cut, the same task does connect (so the test above can fail)."""
    run_in_worker(Confinement(no_network=False), service_task(listener.port, empty_snapshot))
    assert listener.hits >= 1


def guarded_connect(conn: Connection, port: int) -> None:
    install_socket_guard()
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        conn.send("connected")
    except OSError as exc:
        conn.send(f"refused: {exc}")


def test_the_socket_guard_refuses_python_connections(listener) -> None:
    """The fallback where no network namespace can be had; it covers Python code only."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=guarded_connect, args=(child, listener.port), daemon=True)
    proc.start()
    assert parent.poll(15)
    assert parent.recv().startswith("refused: outbound network is cut")
    proc.join(timeout=5)
    assert listener.hits == 0
