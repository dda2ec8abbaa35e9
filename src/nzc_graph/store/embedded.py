"""Embedded store on pyoxigraph, in memory or on disk."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from nzc_graph.errors import (
    QueryEvaluationError,
    QuerySyntaxError,
    StoreBusy,
    StoreUnavailable,
    UnsupportedOperation,
)
from nzc_graph.store.base import Dataset, Limits, QueryExecutor, Row, SerializedResult
from nzc_graph.store.bindings import inject_values
from nzc_graph.store.pool import WorkerPool
from nzc_graph.store.sparql_text import query_form
from nzc_graph.store.terms import from_ox, to_ox_quad
from nzc_graph.store.worker import answer, dataset_options


def _store_error(exc: BaseException) -> BaseException:
    """What a pyoxigraph failure means to a caller of the store interface."""
    if isinstance(exc, SyntaxError):
        return QuerySyntaxError(str(exc))
    if isinstance(exc, OSError):
        return StoreUnavailable(str(exc))
    if isinstance(exc, ValueError | RuntimeError):
        return QueryEvaluationError(f"the query could not be evaluated: {exc}")
    return exc


def stream_query(
    store: ox.Store, query: str, media_types: Sequence[str], dataset: Dataset | None = None
) -> SerializedResult:
    """Answer a query in one producer thread (pyoxigraph results may not change threads), handing
    the messages of `answer` through a bounded queue. Errors before the first byte are raised here."""
    q: queue.Queue[tuple[Any, ...] | BaseException] = queue.Queue(maxsize=16)
    form = query_form(query)

    def produce() -> None:
        try:
            answer(
                store,
                query,
                form,
                media_types,
                q.put,
                default_graphs=dataset.default_graphs if dataset else (),
                named_graphs=dataset.named_graphs if dataset else (),
            )
        except BaseException as exc:  # handed to the consumer, which re-raises it
            q.put(_store_error(exc))

    threading.Thread(target=produce, daemon=True).start()
    head = q.get()
    if isinstance(head, BaseException):
        raise head
    _, kind, media_type = head

    def chunks() -> Iterator[bytes]:
        while True:
            item = q.get()
            if isinstance(item, BaseException):
                raise item
            tag, payload = item
            if tag == "end":
                return
            yield payload

    return SerializedResult(kind, media_type, chunks())


class EmbeddedStore:
    """GraphStore on pyoxigraph. `path=None` keeps everything in memory."""

    backend = "embedded"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only and self.path is not None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").is_file():
                    raise StoreUnavailable(
                        f"there is no store at {self.path}; run 'nzc-graph build' first "
                        "(or pass --store / set NZC_STORE_PATH to the store you built)"
                    )
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"the store at {self.path} is in use by another process (is 'nzc-graph serve' running "
                    "on it?). Reading commands (query, solved, faces, match, pairs, eval) work beside the "
                    "server; to rebuild, stop the server first, or build into another folder with --store "
                    "and serve that one"
                ) from exc
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from exc

    # -- queries ---------------------------------------------------------------------------

    def _run(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> object:
        query = inject_values(query, bindings)
        try:
            return self._store.query(query, **dataset_options())
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise _store_error(exc) from exc

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise UnsupportedOperation("embedded store: select() needs a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise UnsupportedOperation("embedded store: ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise UnsupportedOperation("embedded store: construct() needs a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in result:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    def serialized_query(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None
    ) -> SerializedResult:
        return stream_query(self._store, query, media_types, dataset)

    # -- writes ----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise UnsupportedOperation(
                f"the store at {self.path} was opened read-only; writes go through "
                "'nzc-graph build' or the server's authenticated endpoints"
            )

    def update(self, update: str, base_iri: str | None = None) -> None:
        self._check_writable()
        try:
            self._store.update(update, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc

    def _quads(self, graph_iri: str, graph: Graph) -> list[ox.Quad]:
        g = ox.NamedNode(graph_iri)
        return [to_ox_quad(s, p, o, g) for s, p, o in graph]

    def add_graph(self, graph_iri: str, graph: Graph) -> int:
        self._check_writable()
        quads = self._quads(graph_iri, graph)
        self._store.extend(quads)
        return len(quads)

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        self.clear_graph(graph_iri)
        return self.add_graph(graph_iri, graph)

    def clear_graph(self, graph_iri: str) -> None:
        self._check_writable()
        node = ox.NamedNode(graph_iri)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def export(self, graph_iri: str | None = None) -> Graph:
        g = Graph()
        target = ox.NamedNode(graph_iri) if graph_iri else None
        for q in self._store.quads_for_pattern(None, None, None, target):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def executor(self, limits: Limits, workers: int = 2) -> QueryExecutor:
        """User queries run in worker processes over snapshots of this store, killed at the limits."""
        return WorkerPool(self.snapshot, limits, workers)

    def snapshot(self, target: Path) -> tuple[str, str]:
        """A consistent read-only copy for query workers: a store backup on disk, or an
        N-Quads dump of an in-memory store. Returns (kind, path)."""
        if self.path is not None:
            self._store.flush()
            self._store.backup(str(target))
            return ("disk", str(target))
        nq = target.with_suffix(".nq")
        self._store.dump(str(nq), ox.RdfFormat.N_QUADS)
        return ("nquads", str(nq))

    def close(self) -> None:
        try:
            if not self.read_only:
                self._store.flush()
        except (OSError, AttributeError):
            pass
        del self._store
