"""Memory-hungry queries against a real server with a small memory cap per query worker: four at
once are each refused with 503 and the cap, the health check and a light query answer during and
after, and the server's processes together (read from /proc) stay within the parent plus one cap
per worker."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from nzc_graph.devtools.devserver import scratch_process
from nzc_graph.store import EmbeddedStore

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads process memory from /proc"),
]

MIB = 1024 * 1024
CAP_MIB, WORKERS = 200, 2
HUNGRY = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # sorts 9 million rows here
LIGHT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def rss(pid: int) -> int:
    """Resident bytes of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            line = next(ln for ln in f if ln.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1]) * 1024


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from the parent ids in /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier]
        found += kids
        frontier = kids
    return found


def total_rss(pid: int) -> int:
    return rss(pid) + sum(rss(p) for p in descendants(pid))


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """(base URL, pid) of `nzc-graph serve` on a generated store of 3000 triples, with query
    workers capped at CAP_MIB."""
    folder = tmp_path_factory.mktemp("capped")
    store = EmbeddedStore(folder / "store")
    rows = "\n".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(3000))
    store.add_graph("http://example.org/g", Graph().parse(data=rows, format="turtle"))
    store.close()
    env = {
        "NZC_QUERY_MEMORY_LIMIT_MIB": str(CAP_MIB),
        "NZC_QUERY_WORKERS": str(WORKERS),
        "NZC_QUERY_TIMEOUT": "20",
        "NZC_SEARCH_SEMANTIC": "off",
        "NZC_AUDIT_LOG": "off",
    }
    with scratch_process(store=folder / "store", env=env, timeout=60, log=folder / "server.log") as (base, _, proc):
        yield base, proc.pid


def sparql(base: str, query: str) -> httpx.Response:
    return httpx.get(base + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=30)


def test_hungry_queries_are_refused_while_the_server_keeps_answering(capped_server: tuple[str, int]) -> None:
    base, pid = capped_server
    assert sparql(base, LIGHT).status_code == 200  # every worker has loaded the data
    budget = rss(pid) + 64 * MIB + WORKERS * CAP_MIB * MIB  # the parent (and some slack) plus one cap per worker
    peak, health, done = [0], [], threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], total_rss(pid))
            start = time.monotonic()
            code = httpx.get(base + "/health", timeout=10).status_code
            health.append((code, time.monotonic() - start))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(4) as burst:
            answers = list(burst.map(lambda _: sparql(base, HUNGRY), range(4)))
    finally:
        done.set()
        watcher.join()
    for r in answers:
        assert r.status_code == 503, r.text[:300]
        assert r.json()["error"] == "QueryOutOfMemory"
        assert f"more than the {CAP_MIB} MiB" in r.json()["message"]
    assert health and all(code == 200 and took < 2 for code, took in health), health
    assert peak[0] < budget, (peak[0] // MIB, budget // MIB)
    after = sparql(base, LIGHT)
    assert after.status_code == 200 and b"3000" in after.content
    assert httpx.get(base + "/health", timeout=10).status_code == 200
