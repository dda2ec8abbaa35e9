"""Embedded store on pyoxigraph, in memory or on disk."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from nzc_graph.errors import QuerySyntaxError, StoreBusy, StoreUnavailable, UnsupportedOperation
from nzc_graph.store.base import Dataset, Row, SerializedResult
from nzc_graph.store.bindings import inject_values
from nzc_graph.store.terms import from_ox, to_ox
from nzc_graph.store.worker import ChunkWriter, pick


def stream_query(run: Callable[[], object], media_types: Sequence[str], describe: bool) -> SerializedResult:
    """Run a query and serialise it in one producer thread (pyoxigraph results may not change
    threads), handing chunks through a bounded queue. Errors before the first byte are raised here."""
    q: queue.Queue[object] = queue.Queue(maxsize=16)

    def produce() -> None:
        try:
            result = run()
            if isinstance(result, ox.QueryBoolean):
                kind = "ask"
            elif isinstance(result, ox.QuerySolutions):
                kind = "select"
            else:
                kind = "describe" if describe else "construct"
            media_type, fmt = pick(kind, list(media_types))
            q.put((kind, media_type))
            writer = ChunkWriter(q.put)
            result.serialize(writer, fmt)  # type: ignore[attr-defined]
            writer.flush_chunk()
            q.put(None)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            q.put(exc)

    threading.Thread(target=produce, daemon=True).start()
    head = q.get()
    if isinstance(head, BaseException):
        raise head
    kind, media_type = head  # type: ignore[misc]

    def chunks() -> Iterator[bytes]:
        while True:
            item = q.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

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

    def _run(
        self, query: str, bindings: Mapping[str, Identifier] | None = None, dataset: Dataset | None = None
    ) -> object:
        query = inject_values(query, bindings)
        kwargs: dict[str, object] = {}
        if dataset is not None and (dataset.default_graphs or dataset.named_graphs):
            if dataset.default_graphs:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            if dataset.named_graphs:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
            elif dataset.default_graphs:
                kwargs["named_graphs"] = []
        else:
            kwargs["use_default_graph_as_union"] = True
        try:
            return self._store.query(query, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc

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
        return stream_query(lambda: self._run(query, None, dataset), media_types, query_is_describe(query))

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
        return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph]  # type: ignore[arg-type]

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
            self._store.flush()
        except (OSError, AttributeError):
            pass
        del self._store


def query_is_describe(query: str) -> bool:
    import re

    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\s+[^\n]*$", "", re.sub(r"#[^\n]*", "", query))
    return body.lstrip().upper().startswith("DESCRIBE")
