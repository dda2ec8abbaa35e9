"""Running user SPARQL queries with limits that really stop the work: the two QueryExecutors.

WorkerPool (embedded store): each query runs in a worker process on an in-memory copy of the store,
loaded from an N-Quads snapshot. At the time limit the worker is killed (freeing its core and
memory) and replaced; other requests keep being served by the parent process. The whole answer
is read (spooled) before it is handed on, so a status line only goes out for a complete answer.
After every write the parent takes a new snapshot; workers load it before their next query. Each
worker runs under a memory cap and, when no SERVICE endpoint is allowed, without network
(store/confine.py); a worker that dies at its cap is replaced and its query answered with the
cap. At most `queue_length` queries wait for a busy worker; more are turned away at once, with the
seconds to wait, so that waiting queries never hold every thread of the server (its health check
included).

DirectExecutor (remote store): the store enforces its own limits and is called directly.

Both refuse updates and SERVICE calls off the allow-list before anything runs. Stores hand out
their executor (`store.executor(limits)`), so no caller needs to know which one it has.
"""

from __future__ import annotations

import logging
import math
import multiprocessing as mp
import queue
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from nzc_graph.errors import (
    NzcGraphError,
    QueryEvaluationError,
    QueryOutOfMemory,
    QueryQueueFull,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreUnavailable,
)
from nzc_graph.store.base import Dataset, GraphStore, Limits, SerializedResult
from nzc_graph.store.confine import MIB, Confinement
from nzc_graph.store.service_check import check_services
from nzc_graph.store.sparql_text import looks_like_update, query_form

log = logging.getLogger("nzc_graph.store.pool")
SPOOL_IN_MEMORY = 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Snapshot:
    """An N-Quads dump for the workers to load, and the data version it holds (or a newer one)."""

    path: str
    version: str | None = None


TakeSnapshot = Callable[[Path], Snapshot]


def screen(query: str, limits: Limits) -> None:
    """Refuse, before anything runs, what the public endpoint never runs: updates and SERVICE
    calls to endpoints off the allow-list."""
    if looks_like_update(query):
        raise QueryRefused("this endpoint is read-only: send updates to /sparql/update with an admin key")
    check_services(query, limits.service_allowlist)


class DirectExecutor:
    """User queries straight to a store that enforces its own limits (a remote SPARQL server)."""

    def __init__(self, store: GraphStore, limits: Limits) -> None:
        self.store, self.limits = store, limits

    def execute(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None, base_iri: str | None = None
    ) -> SerializedResult:
        screen(query, self.limits)
        try:
            return spooled(self.store.serialized_query(query, media_types, dataset), self.limits.max_bytes)
        except QuerySyntaxError as exc:  # say where, in the words the embedded store would use
            raise QuerySyntaxError(located_syntax_error(query) or str(exc)) from exc

    def refresh(self) -> None:
        return None

    def close(self) -> None:
        return None


@dataclass
class _Worker:
    process: Any
    conn: Connection
    started: float = field(default_factory=time.monotonic)
    query: str = ""
    loading: bool = True  # until it says it loaded the snapshot of its current task
    loaded: str | None = None


def worker_query(worker: _Worker) -> str:
    return worker.query


def explain_syntax_error(query: str, message: str) -> str:
    """A short parser message with the offending line and a caret under the column.

    >>> print(explain_syntax_error("SELECT * WHERE {\\n  ?s ?p }", "error at 2:8: expected one of ., ?"))
    SPARQL syntax error at line 2, column 8: expected one of ., ?
        ?s ?p }
             ^
    """
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not m:
        return f"SPARQL syntax error: {message[:300]}"
    line, col, detail = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    if detail.startswith("expected one of") and len(detail) > 120:
        detail = detail[:120].rsplit(",", 1)[0] + ", …"
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    start = max(0, col - 60)
    snippet = text[start : col + 20]
    caret = " " * (col - 1 - start) + "^"
    return f"SPARQL syntax error at line {line}, column {col}: {detail}\n  {snippet}\n  {caret}"


def located_syntax_error(query: str) -> str | None:
    """`explain_syntax_error` for a query our parser rejects, None for one it takes (the store
    that refused it speaks another dialect). Parsed on an empty in-memory store: a SELECT,
    CONSTRUCT or DESCRIBE is lazy and never iterated; an ASK is evaluated there, over no data,
    after the screen that refuses SERVICE calls off the allow-list.

    >>> print(located_syntax_error("SELECT * WHERE { ?s ?p }").splitlines()[0][:44])
    SPARQL syntax error at line 1, column 25: ex
    >>> located_syntax_error("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    try:
        ox.Store().query(query)
    except SyntaxError as exc:
        return explain_syntax_error(query, str(exc))
    except (OSError, ValueError, RuntimeError):
        return None
    return None


class WorkerPool:
    """A pool of query worker processes over snapshots that `snapshot(target)` writes."""

    def __init__(self, snapshot: TakeSnapshot, limits: Limits, workers: int = 2) -> None:
        self.take_snapshot = snapshot
        self.limits = limits
        self.size = max(1, workers)
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._waiting = 0
        self._confinement = Confinement(limits.memory_bytes, no_network=not limits.service_allowlist)
        log.info(
            "%d query workers, memory cap %s each, outbound network %s",
            self.size,
            f"{limits.memory_bytes // MIB} MiB" if limits.memory_bytes else "off",
            "cut (the SERVICE allow-list is empty)" if self._confinement.no_network else "open to the allow-list",
        )
        self._root = Path(tempfile.mkdtemp(prefix="nzc-snapshots-"))
        self._generation = 0
        self._snapshot: Snapshot | None = None
        self.refresh()
        for _ in range(self.size):
            self._idle.put(self._spawn())

    # -- snapshots -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Take a new snapshot after a write; workers pick it up before their next query."""
        with self._lock:
            self._generation += 1
            target = self._root / f"gen-{self._generation}"
            self._snapshot = self.take_snapshot(target)
            keep = (target.name, f"gen-{self._generation - 1}")
            for old in self._root.glob("gen-*"):
                if old.name.split(".")[0] not in keep:
                    shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)

    # -- workers ---------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        from nzc_graph.store.worker import worker_main

        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=worker_main, args=(child, self._confinement), daemon=True, name="nzc-query-worker"
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _replace(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
            worker.process.join(timeout=5)
            worker.conn.close()
        finally:
            self._idle.put(self._spawn())

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker; waits for one until `deadline` if at most `queue_length` others wait."""
        retry = max(1, math.ceil(self.limits.timeout))  # a busy worker is free by its query's time limit
        with self._queue_lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                if self._waiting >= self.limits.queue_length:
                    raise QueryQueueFull(
                        f"the query queue is full: all {self.size} query workers are busy and "
                        f"{self._waiting} queries are already waiting; try again in {retry} s",
                        retry,
                    ) from None
                self._waiting += 1
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryQueueFull(
                f"the query waited in the queue for {self.limits.timeout:g} s while all {self.size} query "
                f"workers stayed busy; try again in {retry} s",
                retry,
            ) from None
        finally:
            with self._queue_lock:
                self._waiting -= 1

    # -- queries ---------------------------------------------------------------------------

    def execute(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None, base_iri: str | None = None
    ) -> SerializedResult:
        screen(query, self.limits)
        deadline = time.monotonic() + self.limits.timeout
        worker = self._acquire(deadline)
        snapshot = self._snapshot
        task = {
            "query": query,
            "media_types": list(media_types),
            "base_iri": base_iri,
            "default_graphs": list(dataset.default_graphs) if dataset else [],
            "named_graphs": list(dataset.named_graphs) if dataset else [],
            "form": query_form(query),
            "max_bytes": self.limits.max_bytes,
            "snapshot": snapshot.path if snapshot else None,
        }
        worker.query = query
        path = snapshot.path if snapshot else None
        worker.loading = worker.loaded != path
        try:
            worker.conn.send(task)
        except (OSError, ValueError) as exc:
            self._replace(worker)
            raise StoreUnavailable(f"query worker failed: {exc}") from exc
        head = self._receive(worker, deadline)
        if head[0] == "loaded":  # it loaded a new snapshot first (bounded by the limit too); now the query
            worker.loading, worker.loaded = False, path
            deadline = time.monotonic() + self.limits.timeout
            head = self._receive(worker, deadline)
        kind, media_type = head[1], head[2]
        version = snapshot.version if snapshot else None
        if head[0] == "whole":  # a small answer in one message
            self._idle.put(worker)
            return SerializedResult(kind, media_type, iter([head[3]]), head[3], version)
        return spooled(SerializedResult(kind, media_type, self._messages(worker, deadline), None, version))

    def _receive(self, worker: _Worker, deadline: float) -> tuple[Any, ...]:
        remaining = deadline - time.monotonic()
        msg: tuple[Any, ...] | None
        try:
            ready = worker.conn.poll(max(0.0, remaining))
            msg = worker.conn.recv() if ready else None
        except (EOFError, OSError):
            error = self._death(worker)
            self._replace(worker)
            raise error from None
        if msg is None:
            self._replace(worker)
            raise QueryTimeout(
                f"the query was stopped at the time limit of {self.limits.timeout:g} s; "
                "add a LIMIT or more specific patterns"
            )
        if msg[0] == "error" and msg[1] == "memory":  # the worker exits after a MemoryError
            self._replace(worker)
            raise self._out_of_memory(worker)
        if msg[0] == "error":
            self._idle.put(worker)
            code, message = msg[1], msg[2]
            if code == "syntax":
                raise QuerySyntaxError(explain_syntax_error(worker_query(worker), message))
            if code == "too-large":
                raise ResultTooLarge(f"{message}; add a LIMIT or narrow the query")
            if code == "store":
                raise StoreUnavailable(message)
            if code == "evaluation":
                raise QueryEvaluationError(f"the query could not be evaluated: {message}")
            raise RuntimeError(f"query worker failed unexpectedly: {message}")
        return tuple(msg)

    def _messages(self, worker: _Worker, deadline: float) -> Iterator[bytes]:
        """The chunks of an answer until its end (the worker stops at the size cap itself)."""
        while (msg := self._receive(worker, deadline))[0] != "end":
            yield msg[1]
        self._idle.put(worker)

    def _out_of_memory(self, worker: _Worker) -> NzcGraphError:
        cap = f"{self.limits.memory_bytes // MIB} MiB"
        if worker.loading:  # the data itself does not fit: no query can be answered until the cap is raised
            return StoreUnavailable(
                f"a query worker cannot load the data within its memory cap of {cap}: "
                "the operator needs to raise NZC_QUERY_MEMORY_LIMIT_MIB (0 turns the cap off)"
            )
        return QueryOutOfMemory(
            f"the query needed more than the {cap} of memory a query worker may use and was stopped; "
            "add a LIMIT or narrow the patterns (ORDER BY or DISTINCT over a join of everything with "
            "everything holds every row in memory)"
        )

    def _death(self, worker: _Worker) -> NzcGraphError:
        """Why a worker that closed its pipe died. At an address-space cap pyoxigraph's Rust code
        aborts the process (SIGABRT) rather than raising; with a cap set, that is the cap."""
        worker.process.join(timeout=2)
        code = worker.process.exitcode
        if code == -signal.SIGABRT and self.limits.memory_bytes:
            return self._out_of_memory(worker)
        how = "still running" if code is None else f"exit code {code}"
        if code is not None and code < 0:
            how = f"signal {signal.Signals(-code).name if -code in signal.valid_signals() else -code}"
            if code == -signal.SIGKILL:
                how += ", perhaps the system's out-of-memory killer"
        return StoreUnavailable(f"a query worker died ({how}); the query was not answered, try again")

    def _idle_has_not(self, worker: _Worker) -> bool:
        return all(w is not worker for w in list(self._idle.queue))

    def close(self) -> None:
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()
        shutil.rmtree(self._root, ignore_errors=True)


def spooled(result: SerializedResult, limit: int | None = None) -> SerializedResult:
    """`result` read whole before the status line goes out, so an answer over the size cap or past
    the time limit is always a clean 413 or 503, never a body cut off after a 200. Up to
    SPOOL_IN_MEMORY bytes it stays in memory (and becomes `body`); beyond that it goes to a
    temporary file, deleted once read or abandoned. With `limit`, more bytes than that are refused
    here (a worker enforces the cap itself; a remote store's answer is counted)."""
    held: list[bytes] = []
    size = 0
    spool: IO[bytes] | None = None
    try:
        for chunk in result.chunks:
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResultTooLarge(f"the result is larger than {limit} bytes; add a LIMIT or narrow the query")
            if spool is None and size > SPOOL_IN_MEMORY:
                spool = tempfile.TemporaryFile()
                spool.writelines(held)
                held.clear()
            if spool is not None:
                spool.write(chunk)
            else:
                held.append(chunk)
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    if spool is None:
        body = b"".join(held)
        return SerializedResult(result.kind, result.media_type, iter([body]), body, result.version)
    spool.seek(0)
    return SerializedResult(result.kind, result.media_type, _read_spool(spool), None, result.version)


def _read_spool(spool: IO[bytes]) -> Iterator[bytes]:
    """The spooled answer in chunks; the file goes when the last is read or the client leaves."""
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()
