"""Remote store: any SPARQL 1.1 Protocol endpoint (Oxigraph server, Virtuoso, ...) via SPARQLWrapper.

Bindings are sent as a VALUES block of RDF terms (see bindings.py), exactly as the embedded store
does, so both backends give the same answers; the contract tests check it.
"""

from __future__ import annotations

import io
import json
import math
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.error import URLError

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Identifier
from SPARQLWrapper import GET, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException
from SPARQLWrapper.Wrapper import QueryResult

from nzc_graph.errors import QuerySyntaxError, StoreUnavailable, UnsupportedOperation
from nzc_graph.formats import N_TRIPLES, TURTLE, by_media_type, by_query_kind
from nzc_graph.namespaces import GRAPH
from nzc_graph.store.base import Dataset, DataVersion, Limits, QueryExecutor, QueryKind, Row, SerializedResult, TextRow
from nzc_graph.store.bindings import inject_values
from nzc_graph.store.pool import DirectExecutor
from nzc_graph.store.sparql_text import query_form


def _term(binding: dict[str, str]) -> Identifier:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    lang = binding.get("xml:lang")
    dt = binding.get("datatype")
    return Literal(binding["value"], lang=lang, datatype=URIRef(dt) if dt and not lang else None)


class RemoteStore:
    """GraphStore over the SPARQL 1.1 Protocol (query endpoint, optional update endpoint)."""

    backend = "remote"

    @property
    def dependency(self) -> str:
        return f"remote store {self.endpoint}"

    def __init__(
        self, endpoint: str, update_endpoint: str | None = None, timeout: float = 30.0, version_ttl: float = 1.0
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.version_ttl = version_ttl
        self._version: DataVersion | None = None
        self._version_read = -math.inf

    @property
    def version(self) -> DataVersion | None:
        """The version every writer through this class (or `nzc-graph load`) leaves in the store's
        version graph, read at most once per `version_ttl` seconds — so several API processes over
        one store see each other's writes within that time. None while no such writer has written
        (nothing derived from the store is then cached), or while the store does not answer."""
        now = time.monotonic()
        if now - self._version_read >= self.version_ttl:
            self._version_read = now
            try:
                rows = self.select(VERSION_QUERY)
            except StoreUnavailable:
                rows = []
            tag = str(rows[0]["tag"]) if rows else None
            modified = rows[0].get("modified") if rows else None
            when = modified.toPython() if isinstance(modified, Literal) else None
            self._version = DataVersion(tag, when) if tag and isinstance(when, datetime) else None
        return self._version

    def _wrapper(self, query: str, return_format: str, accept: str | None = None) -> SPARQLWrapper:
        w = SPARQLWrapper(self.endpoint)
        w.setMethod(POST)
        # A URL-encoded form: every SPARQL 1.1 Protocol server takes it, while Virtuoso (7.2, Debian's
        # default configuration) never answers a query POSTed directly as application/sparql-query.
        w.setRequestMethod(URLENCODED)
        w.setQuery(query)
        # SPARQLWrapper guesses the query type from keywords, and words in comments fool it;
        # this class only sends queries here (updates go through update()).
        w.queryType = query_form(query).upper()
        w.setReturnFormat(return_format)
        if accept:
            w.addCustomHttpHeader("Accept", accept)
        w.setTimeout(int(self.timeout))
        return w

    def _call(self, w: SPARQLWrapper) -> QueryResult:
        try:
            return w.query()
        except QueryBadFormed as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (URLError, OSError, SPARQLWrapperException) as exc:
            raise StoreUnavailable(f"remote store {self.endpoint}: {exc}") from exc

    def _json(self, w: SPARQLWrapper) -> dict[str, Any]:
        data = self._call(w).convert()
        if not isinstance(data, dict):
            raise StoreUnavailable(f"remote store {self.endpoint}: expected a JSON result, got {type(data).__name__}")
        return data

    def _bindings(self, query: str, bindings: Mapping[str, Identifier] | None, caller: str) -> list[dict[str, Any]]:
        data = self._json(self._wrapper(inject_values(query, bindings), "json"))
        if "results" not in data:
            raise UnsupportedOperation(f"remote store: {caller}() needs a SELECT query")
        return list(data["results"]["bindings"])

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        return [{k: _term(v) for k, v in b.items()} for b in self._bindings(query, bindings, "select")]

    def select_text(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[TextRow]:
        return [{k: str(v["value"]) for k, v in b.items()} for b in self._bindings(query, bindings, "select_text")]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        data = ask_result(self._json(self._wrapper(inject_values(query, bindings), "json")))
        if "boolean" not in data:
            raise UnsupportedOperation("remote store: ask() needs an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        # N-Triples parses fastest; Virtuoso does not offer it (406) and answers Turtle instead
        accept = f"{N_TRIPLES.media_type}, {TURTLE.media_type};q=0.9"
        response = self._call(self._wrapper(inject_values(query, bindings), "turtle", accept=accept)).response
        media = (response.headers.get("Content-Type") or N_TRIPLES.media_type).split(";")[0].strip()
        fmt = by_media_type(media)
        if fmt is None or "graph" not in fmt.carries:
            raise StoreUnavailable(f"{self.dependency}: a graph was asked for, the answer is {media}")
        return Graph().parse(data=response.read(), format=fmt.rdflib_name)

    def serialized_query(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None
    ) -> SerializedResult:
        w = self._wrapper(query, "json", accept=", ".join(media_types) or None)
        for g in dataset.default_graphs if dataset else ():
            w.addDefaultGraph(g)
        for g in dataset.named_graphs if dataset else ():
            w.addNamedGraph(g)
        if dataset and (dataset.default_graphs or dataset.named_graphs):
            w.setMethod(GET)
        response = self._call(w).response
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if query_form(query) == "ask" and media_type in JSON_RESULTS:  # small: read it whole
            body = json.dumps(ask_result(json.loads(response.read()))).encode()
            return SerializedResult("ask", media_type, iter([body]), body)
        kind: QueryKind = "select"
        if media_type in (f.media_type for f in by_query_kind("construct")):
            kind = "construct"

        def chunks() -> Iterator[bytes]:
            while True:
                block = response.read(64 * 1024)
                if not block:
                    return
                yield block

        return SerializedResult(kind, media_type, chunks())

    def update(self, update: str, base_iri: str | None = None) -> None:
        if base_iri:
            update = f"BASE <{URIRef(base_iri)}>\n{update}"
        if not self.update_endpoint:
            raise UnsupportedOperation("remote store: no update endpoint configured (set NZC_UPDATE_ENDPOINT)")
        tag, when = secrets.token_hex(8), datetime.now(UTC)
        w = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        w.setMethod(POST)
        w.setRequestMethod(POSTDIRECTLY)
        w.setQuery(f"{update} ;\n{version_update(tag, when)}")  # one request: the store applies both or neither
        self._call(w)
        self._version, self._version_read = DataVersion(tag, when), time.monotonic()

    def add_graph(self, graph_iri: str, graph: Graph) -> int:
        self.update(_insert_data(graph_iri, graph))
        return len(graph)

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> int:
        """One update request (which the SPARQL 1.1 Update recommendation asks stores to apply
        atomically, and Oxigraph does) dropping and inserting every graph."""
        drops = [f"DROP SILENT GRAPH <{URIRef(iri)}>" for iri in graphs]
        self.update(" ;\n".join(drops + [_insert_data(iri, g) for iri, g in graphs.items()]))
        return sum(len(g) for g in graphs.values())

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        return self.replace_graphs({graph_iri: graph})

    def clear_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{URIRef(graph_iri)}>")

    # The version graph is this class's bookkeeping, not data: not listed, counted or exported.
    def graphs(self) -> list[str]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{VERSION_GRAPH}>) }}")
        return sorted(str(r["g"]) for r in rows)

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
            rows = self.select(q, {"g": URIRef(graph_iri)})
        else:
            rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {NOT_VERSION} }}")
        return int(rows[0]["n"]) if rows else 0

    def export(self, graph_iri: str | None = None) -> Graph:
        if graph_iri:
            return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph_iri)})
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {NOT_VERSION} }}")

    def executor(self, limits: Limits, workers: int = 2) -> QueryExecutor:
        """The remote server enforces its own limits; queries go to it directly after screening."""
        return DirectExecutor(self, limits)

    def close(self) -> None:
        return None


JSON_RESULTS = ("application/sparql-results+json", "application/json")


def ask_result(data: dict[str, Any]) -> dict[str, Any]:
    """An ASK result as the standard writes it. Virtuoso sometimes answers an ASK as a SELECT of
    one variable `__ASK_RETVAL`: a row with 1 for true, a row with 0 or no row for false."""
    if "boolean" in data or data.get("head", {}).get("vars") != ["__ASK_RETVAL"]:
        return data
    rows = data.get("results", {}).get("bindings", [])
    return {"head": {}, "boolean": any(r.get("__ASK_RETVAL", {}).get("value") not in ("0", "false") for r in rows)}


VERSION_GRAPH = str(GRAPH["version"])
VERSION_QUERY = f"""SELECT ?tag ?modified WHERE {{ GRAPH <{VERSION_GRAPH}> {{
  <{VERSION_GRAPH}> <{DCTERMS.identifier}> ?tag ; <{DCTERMS.modified}> ?modified }} }} LIMIT 1"""


NOT_VERSION = f"FILTER(?g != <{VERSION_GRAPH}>)"


def version_update(tag: str, when: datetime) -> str:
    """The update that records a new data version (appended to every write)."""
    stamp = Literal(when.isoformat(timespec="milliseconds").replace("+00:00", "Z"), datatype=XSD.dateTime)
    return (
        f"DROP SILENT GRAPH <{VERSION_GRAPH}> ;\n"
        f"INSERT DATA {{ GRAPH <{VERSION_GRAPH}> {{ <{VERSION_GRAPH}> <{DCTERMS.identifier}> {Literal(tag).n3()} ; "
        f"<{DCTERMS.modified}> {stamp.n3()} }} }}"
    )


def _insert_data(graph_iri: str, graph: Graph) -> str:
    body = io.StringIO()
    for s, p, o in graph:
        body.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
    return f"INSERT DATA {{ GRAPH <{URIRef(graph_iri)}> {{\n{body.getvalue()}}} }}"
