"""The servers of the HTTP benchmark (bench/http_bench.py), each a context manager that yields its
base URL once it answers, and stops the process it started (by its own handle) on exit.

All of them serve the same N-Quads file: ours (`nzc-graph serve` on a store bulk-loaded from it),
`oxigraph serve` in memory (the file POSTed to its graph store) and on disk (`oxigraph load`, then
`serve --location`), both with `--union-default-graph` as ours queries; rdflib-endpoint (an rdflib
Dataset with the union default graph); and the Python floor (bench/floor_app.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

from nzc_graph.devtools.devserver import free_port, scratch_server, wait_ready
from nzc_graph.devtools.stores import oxigraph_binary

HERE = Path(__file__).parent
ASK_NOTHING = "/query?query=ASK%7B%7D"
# wrk from one address far outruns the rate limits: measure the server, not the limiter.
OURS_ENV = {"NZC_SEARCH_SEMANTIC": "off", "NZC_RATE_LIMIT_PER_ADDRESS": "0", "NZC_RATE_LIMIT_PER_KEY": "0"}


def rdflib_endpoint_missing() -> str | None:
    """Why rdflib-endpoint cannot run here, or None when it can."""
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        return "rdflib-endpoint is not installed (pip install -e '.[bench]')"
    return None


@contextmanager
def process(
    args: Sequence[str], ready: str, timeout: float, log: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start `args` (given `{port}` to fill in) on a free port; yield (base URL, process) once GET
    `ready` answers 200; stop it on exit."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([a.format(port=port) for a in args], stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + ready, proc, timeout)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def ours(nquads: Path, work: Path) -> Iterator[str]:
    """`nzc-graph serve` on an on-disk store bulk-loaded from `nquads`."""
    folder = work / "ours"
    store = ox.Store(str(folder))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    with scratch_server(store=folder, env=OURS_ENV, timeout=600, log=work / "ours.log") as (base, _key):
        warm_workers(base)
        yield base


def warm_workers(base: str, workers: int = 2) -> None:
    """As many evaluated queries at once as ours has query workers, so each worker has loaded its
    copy of the data before the first cell (a worker loads it on its first query)."""
    target = base + "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
    headers = {"Cache-Control": "no-cache", "Accept": "application/sparql-results+json"}
    with ThreadPoolExecutor(workers) as pool:
        for answer in pool.map(lambda _: httpx.get(target, headers=headers, timeout=600), range(workers * 2)):
            answer.raise_for_status()


@contextmanager
def oxigraph_memory(nquads: Path, work: Path) -> Iterator[str]:
    """`oxigraph serve` without a location (in memory), the file POSTed to /store."""
    args = [str(oxigraph_binary()), "serve", "--bind", "127.0.0.1:{port}", "--union-default-graph"]
    with process(args, ASK_NOTHING, 30, work / "oxigraph-memory.log") as (base, _proc):
        with open(nquads, "rb") as body:
            answer = httpx.post(
                base + "/store", content=body, headers={"Content-Type": "application/n-quads"}, timeout=600
            )
        answer.raise_for_status()
        yield base


@contextmanager
def oxigraph_disk(nquads: Path, work: Path) -> Iterator[str]:
    """`oxigraph load` into a folder, then `oxigraph serve --location` on it."""
    binary, folder = str(oxigraph_binary()), work / "oxigraph-disk"
    subprocess.run([binary, "load", "--location", str(folder), "--file", str(nquads)], check=True, capture_output=True)
    args = [binary, "serve", "--location", str(folder), "--bind", "127.0.0.1:{port}", "--union-default-graph"]
    with process(args, ASK_NOTHING, 60, work / "oxigraph-disk.log") as (base, _proc):
        yield base


@contextmanager
def rdflib_endpoint(nquads: Path, work: Path) -> Iterator[str]:
    """`rdflib-endpoint serve` on the file (it parses it into memory before it listens)."""
    args = [sys.executable, "-m", "rdflib_endpoint", "serve", "--host", "127.0.0.1", "--port", "{port}", str(nquads)]
    with process(args, "/?query=ASK%7B%7D", 600, work / "rdflib-endpoint.log") as (base, _proc):
        yield base


@contextmanager
def floor(log_level: str, work: Path) -> Iterator[str]:
    """The bare ASGI app under uvicorn with our serve's options (bench/floor_app.py)."""
    args = [sys.executable, str(HERE / "floor_app.py"), "--port", "{port}", "--log-level", log_level]
    with process(args, "/bytes/0", 30, work / "floor.log") as (base, _proc):
        yield base


@contextmanager
def workspace() -> Iterator[Path]:
    """A temporary folder for the data and the servers' stores and logs, removed on exit."""
    with tempfile.TemporaryDirectory(prefix="nzc-http-bench-") as tmp:
        yield Path(tmp)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def _cpu_seconds(pids: Sequence[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float = 120.0, share: float = 0.05) -> float:
    """Wait until every process this run started (and their workers) is idle: less than `share` of
    a core over half a second, so a server still working off requests wrk gave up on (a timeout)
    does not slow the next cell. Returns the seconds waited (`limit` at most)."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        pids = _descendants(os.getpid())
        before = _cpu_seconds(pids)
        time.sleep(0.5)
        if _cpu_seconds(pids) - before < share * 0.5:
            break
    return time.monotonic() - began
