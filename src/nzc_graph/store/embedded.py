"""Embedded store on pyoxigraph, in memory or on disk.

An on-disk store answers its queries from an in-memory replica: a copy made on the first query
and kept equal by every write through this class (the same quads added or graph removed; a SPARQL
update drops it, and the next query copies the store again). Queries in memory
are several times faster than on RocksDB (bench/RESULTS.md), and the replica is also what the
query workers' snapshots are dumped from. Every write changes `version`.
"""

from __future__ import annotations

import io
import secrets
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
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
from nzc_graph.store.base import Dataset, DataVersion, Limits, QueryExecutor, Row, SerializedResult, TextRow
from nzc_graph.store.bindings import inject_values
from nzc_graph.store.pool import Snapshot, WorkerPool
from nzc_graph.store.sparql_text import query_form
from nzc_graph.store.terms import from_ox, to_ox_quad
from nzc_graph.store.tsv import text_rows
from nzc_graph.store.worker import answer, copy_quads, dataset_options

# Graphs being written by replace_graphs before their switch: a URN, never served or dereferenced.
STAGING_PREFIX = "urn:nzc:staging:"


def _store_error(exc: BaseException) -> BaseException:
    """What a pyoxigraph failure means to a caller of the store interface."""
    if isinstance(exc, SyntaxError):
        return QuerySyntaxError(str(exc))
    if isinstance(exc, OSError):
        return StoreUnavailable(str(exc))
    if isinstance(exc, ValueError | RuntimeError):
        return QueryEvaluationError(f"the query could not be evaluated: {exc}")
    return exc


class EmbeddedStore:
    """GraphStore on pyoxigraph. `path=None` keeps everything in memory."""

    backend = "embedded"

    @property
    def dependency(self) -> str:
        return "embedded store" + (f" {self.path.name}" if self.path else " (in memory)")

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
                self._drop_staging()
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"the store at {self.path} is in use by another process (is 'nzc-graph serve' running "
                    "on it?). Reading commands (query, solved, faces, match, pairs, eval) work beside the "
                    "server; to rebuild, stop the server first, or build into another folder with --store "
                    "and serve that one"
                ) from exc
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from exc
        self._replica: ox.Store | None = None
        self._lock = threading.Lock()  # writes, and the copy that makes a replica
        self._token, self._writes = secrets.token_hex(4), 0
        self._version = DataVersion(f"{self._token}-0", datetime.now(UTC))

    @property
    def version(self) -> DataVersion:
        return self._version

    def _changed(self) -> None:
        """After a write (with the lock held): a new version."""
        self._writes += 1
        self._version = DataVersion(f"{self._token}-{self._writes}", datetime.now(UTC))

    def _reader(self) -> ox.Store:
        """The store that answers queries: for an on-disk store its in-memory replica (copied now
        if there is none), for an in-memory store the store itself. A read-only opening copies too,
        so the CLI beside a server gets the same answers in the same order (an in-memory store
        lists unordered results in another order than RocksDB)."""
        if self.path is None:
            return self._store
        replica = self._replica
        if replica is not None:
            return replica
        with self._lock:
            if self._replica is None:
                self._replica = copy_quads(self._store.dump(format=ox.RdfFormat.N_QUADS))
            return self._replica

    # -- queries ---------------------------------------------------------------------------

    def _run(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> object:
        query = inject_values(query, bindings)
        try:
            return self._reader().query(query, **dataset_options())
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise _store_error(exc) from exc

    def _solutions(
        self, query: str, bindings: Mapping[str, Identifier] | None, caller: str
    ) -> tuple[list[str], ox.QuerySolutions]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise UnsupportedOperation(f"embedded store: {caller}() needs a SELECT query")
        return [v.value for v in result.variables], result

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        names, result = self._solutions(query, bindings, "select")
        return [{n: from_ox(v) for n in names if (v := solution[n]) is not None} for solution in result]

    def select_text(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[TextRow]:
        _, result = self._solutions(query, bindings, "select_text")
        out = io.BytesIO()  # the whole result written in Rust, split in one go (store/tsv.py)
        try:
            result.serialize(out, format=ox.QueryResultsFormat.TSV)
        except (OSError, ValueError, RuntimeError) as exc:
            raise _store_error(exc) from exc
        return text_rows(out.getvalue())

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
        """Answer in the calling thread (pyoxigraph results may not change threads), whole: the
        in-process queries are our own, bounded ones; user queries go to the executor."""
        version = self._version.tag
        messages: list[tuple[Any, ...]] = []
        try:
            answer(
                self._reader(),
                query,
                query_form(query),
                media_types,
                messages.append,
                default_graphs=dataset.default_graphs if dataset else (),
                named_graphs=dataset.named_graphs if dataset else (),
            )
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise _store_error(exc) from exc
        _, kind, media_type = messages[0]
        body = b"".join(payload for tag, payload in messages[1:] if tag == "chunk")
        return SerializedResult(kind, media_type, iter([body]), body, version)

    # -- writes ----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise UnsupportedOperation(
                f"the store at {self.path} was opened read-only; writes go through "
                "'nzc-graph build' or the server's authenticated endpoints"
            )

    def update(self, update: str, base_iri: str | None = None) -> None:
        """Run the update on the store; the replica is dropped (an update need not give the same
        quads twice: fresh blank nodes, NOW(), UUID()) and copied again on the next query."""
        self._check_writable()
        with self._lock:
            try:
                self._store.update(update, base_iri=base_iri)
            except SyntaxError as exc:
                raise QuerySyntaxError(str(exc)) from exc
            except OSError as exc:
                raise StoreUnavailable(str(exc)) from exc
            finally:
                self._replica = None
                self._changed()

    def _quads(self, graph_iri: str, graph: Graph) -> list[ox.Quad]:
        g = ox.NamedNode(graph_iri)
        return [to_ox_quad(s, p, o, g) for s, p, o in graph]

    def add_graph(self, graph_iri: str, graph: Graph) -> int:
        self._check_writable()
        quads = self._quads(graph_iri, graph)
        with self._lock:
            self._store.extend(quads)
            if self._replica is not None:
                self._replica.extend(quads)
            self._changed()
        return len(quads)

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        return self.replace_graphs({graph_iri: graph})

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> int:
        """Built into new graphs, then switched: every new graph is first written under a staging
        IRI (one atomic extend), then one SPARQL update (one transaction) moves each over its
        target. A crash before the move leaves the old graphs and unused staging graphs, which the
        next writable opening drops; after it, the new graphs. Never a mix."""
        self._check_writable()
        token = secrets.token_hex(6)
        staged = {iri: f"{STAGING_PREFIX}{token}:{n}" for n, iri in enumerate(graphs)}
        quads = [q for iri, g in graphs.items() for q in self._quads(staged[iri], g)]
        # DROP first: a new graph with no triples has no staging graph to move, and is still emptied.
        switch = " ;\n".join(
            f"DROP SILENT GRAPH <{iri}> ; MOVE SILENT GRAPH <{staged[iri]}> TO <{iri}>" for iri in graphs
        )
        with self._lock:
            for target in [self._store, *([self._replica] if self._replica is not None else [])]:
                target.extend(quads)
                target.update(switch)
            self._changed()
        return len(quads)

    def _drop_staging(self) -> None:
        """Staging graphs of a replace_graphs that never reached its switch (the process died)."""
        for g in list(self._store.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(g)

    def clear_graph(self, graph_iri: str) -> None:
        self._check_writable()
        node = ox.NamedNode(graph_iri)
        with self._lock:
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
                if self._replica is not None:
                    self._replica.remove_graph(node)
                self._changed()

    def _held(self) -> ox.Store:
        """The replica if there is one (no copy is made for a count or a list), else the store."""
        return self._replica or self._store

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._held().named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph_iri: str | None = None) -> int:
        held = self._held()
        if graph_iri is None:
            return len(held)
        return sum(1 for _ in held.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def export(self, graph_iri: str | None = None) -> Graph:
        g = Graph()
        target = ox.NamedNode(graph_iri) if graph_iri else None
        for q in self._reader().quads_for_pattern(None, None, None, target):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def executor(self, limits: Limits, workers: int = 2) -> QueryExecutor:
        """User queries run in worker processes, each on an in-memory copy of this store, killed
        at the limits."""
        return WorkerPool(self.snapshot, limits, workers)

    def snapshot(self, target: Path) -> Snapshot:
        """What query workers load into memory: an N-Quads dump of the data as of `version` (or
        newer), written from the in-memory replica."""
        version = self._version.tag
        nq = target.with_suffix(".nq")
        self._reader().dump(str(nq), ox.RdfFormat.N_QUADS)
        return Snapshot(str(nq), version)

    def close(self) -> None:
        """Flush and release the store (a second close does nothing)."""
        if not hasattr(self, "_store"):
            return
        if self.path is not None and not self.read_only:  # flushing a read-only opening raises
            self._store.flush()
        self._replica = None
        del self._store
