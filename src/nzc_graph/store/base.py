"""The store interface every backend implements. Inputs and outputs are plain values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier

Row = dict[str, Identifier]
TextRow = dict[str, str]  # a row as plain strings: IRIs, lexical forms, blank node ids
QueryKind = Literal["select", "ask", "construct", "describe"]


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a query (SPARQL 1.1 Protocol default-graph-uri / named-graph-uri)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataVersion:
    """What a store holds, as of its last write: `tag` changes with every write (and differs between
    two openings of the same store); `modified` is when the store last changed, or an upper bound
    (the time it was opened) when that is not known."""

    tag: str
    modified: datetime


@dataclass(frozen=True)
class SerializedResult:
    """A query answer already serialised, streamed in chunks.

    `body` is the whole answer when it was read before answering (small results; `chunks` then
    yields just it); `version` is the tag of the data the answer was computed from, when known.
    """

    kind: QueryKind
    media_type: str
    chunks: Iterator[bytes]
    body: bytes | None = None
    version: str | None = None


@dataclass(frozen=True)
class GraphChange:
    """A named graph written or removed, and the subjects of its triples: what a cache of the store
    has to read again (the search index updates just their documents)."""

    graph: str
    subjects: frozenset[str]


@dataclass(frozen=True)
class Limits:
    """What one user query may take: seconds, result bytes, the SERVICE endpoints it may call, and
    (where queries run in worker processes) the memory of one worker in bytes (0: no cap) and how
    many queries may wait for a busy worker before more are turned away."""

    timeout: float = 10.0
    max_bytes: int = 50_000_000
    service_allowlist: tuple[str, ...] = ()
    memory_bytes: int = 0
    queue_length: int = 8


class QueryExecutor(Protocol):
    """Runs untrusted (user) queries within `Limits`: read-only, SERVICE screened, time and size
    capped. The embedded store isolates them in worker processes; a remote store enforces its own
    limits. Callers never need to know which."""

    def execute(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None, base_iri: str | None = None
    ) -> SerializedResult:
        """Answer a query serialised in the first of `media_types` that fits its kind."""
        ...

    def refresh(self) -> None:
        """Make the store's latest writes visible to the next queries."""
        ...

    def close(self) -> None:
        """Stop any worker and remove what it kept."""
        ...


@runtime_checkable
class GraphStore(Protocol):
    """Graph access used by the domain. Embedded (pyoxigraph) and remote (SPARQL 1.1) implement it.

    SELECT, ASK and CONSTRUCT see the union of all named graphs as their default graph unless a
    dataset says otherwise. Bindings are RDF terms substituted for variables, never text.
    """

    backend: str

    @property
    def dependency(self) -> str:
        """The store named for people reading an error or the health report."""
        ...

    @property
    def version(self) -> DataVersion | None:
        """The version of the data, changed by every write; None when the store cannot tell (a
        remote endpoint may be written by others), so nothing derived from it may be cached."""
        ...

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        """Run a SELECT query and return its rows as dicts of rdflib terms (unbound keys absent)."""
        ...

    def select_text(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[TextRow]:
        """Run a SELECT query and return its rows as dicts of plain strings (unbound keys absent):
        for bulk reads that need no term types, where making an rdflib term per value would cost
        more than the query (the search index reads millions of values)."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return an rdflib graph."""
        ...

    def update(self, update: str, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update, atomically; relative IRIs resolve against `base_iri`."""
        ...

    def add_graph(self, graph_iri: str, graph: Graph) -> int:
        """Add the triples of `graph` to the named graph, atomically; returns how many were given."""
        ...

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        """Replace the named graph with `graph`; returns the number of triples."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> int:
        """Replace all of `graphs` in one switch: readers and a crash at any moment see the old
        graphs or the new ones, never a mix; returns the number of triples written."""
        ...

    def clear_graph(self, graph_iri: str) -> None:
        """Remove the named graph and all its triples."""
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""
        ...

    def count(self, graph_iri: str | None = None) -> int:
        """Triples in one named graph, or quads in the whole store."""
        ...

    def export(self, graph_iri: str | None = None) -> Graph:
        """A copy of one named graph, or of the union of all graphs, as an rdflib graph."""
        ...

    def serialized_query(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None
    ) -> SerializedResult:
        """Run a query and serialise its answer in the first of `media_types` that fits its kind."""
        ...

    def executor(self, limits: Limits, workers: int = 2) -> QueryExecutor:
        """The executor for user queries against this store (see QueryExecutor)."""
        ...

    def close(self) -> None:
        """Release the backend."""
        ...
