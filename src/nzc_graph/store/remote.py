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
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.error import HTTPError, URLError

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Identifier
from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed, SPARQLWrapperException, Unauthorized
from SPARQLWrapper.Wrapper import QueryResult

from nzc_graph.errors import QuerySyntaxError, StoreUnavailable, UnsupportedOperation
from nzc_graph.formats import N_TRIPLES, SPARQL_JSON, TURTLE, by_media_type
from nzc_graph.namespaces import GRAPH
from nzc_graph.store.base import Dataset, DataVersion, Limits, QueryExecutor, QueryKind, Row, SerializedResult, TextRow
from nzc_graph.store.bindings import inject_values
from nzc_graph.store.dialects import (
    STANDARD,
    Dialect,
    dialect_for,
    exception_body,
    refused_for_rights,
    standard_json,
    standard_results,
    what_the_store_said,
)
from nzc_graph.store.oxformats import ox_rdf_format
from nzc_graph.store.pool import DirectExecutor
from nzc_graph.store.sparql_text import names_its_dataset, query_form
from nzc_graph.store.worker import pick


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
    """GraphStore over the SPARQL 1.1 Protocol (query endpoint, optional update endpoint).

    Requests take the forms every store answers (queries and updates as URL-encoded forms), and
    answers are read in formats we parse and written again by the same serialisers as the
    embedded store's, so a client of the API cannot tell which store is behind it. The store's
    habits (its `Dialect`) are learnt from its `Server` header.
    """

    backend = "remote"

    @property
    def dependency(self) -> str:
        return f"remote store {self.endpoint}"

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        timeout: float = 30.0,
        version_ttl: float = 1.0,
        credentials: tuple[str, str] | None = None,
        auth_scheme: str = "basic",
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.version_ttl = version_ttl
        self.credentials = credentials
        self.auth_scheme = DIGEST if auth_scheme.lower() == "digest" else BASIC
        self.dialect: Dialect = STANDARD
        self._version: DataVersion | None = None
        self._version_read = -math.inf
        self._ours: tuple[str | None, float, list[str], list[str]] | None = None  # tag, read at, ours, others

    @property
    def version(self) -> DataVersion | None:
        """The version every writer through this class (or `nzc-graph load`) leaves in the store's
        version graph, read at most once per `version_ttl` seconds — so several API processes over
        one store see each other's writes within that time. None while no such writer has written
        (nothing derived from the store is then cached), or while the store does not answer."""
        try:
            return self._read_version()
        except StoreUnavailable:
            return None

    def _read_version(self) -> DataVersion | None:
        """`version`, raising StoreUnavailable when the store does not answer (a caller that needs
        the store anyway then fails at once, not after a second wait)."""
        now = time.monotonic()
        if now - self._version_read >= self.version_ttl:
            self._version_read = now
            self._version = None
            rows = self._select_whole_store(VERSION_QUERY)
            tag = str(rows[0]["tag"]) if rows else None
            modified = rows[0].get("modified") if rows else None
            when = modified.toPython() if isinstance(modified, Literal) else None
            self._version = DataVersion(tag, when) if tag and isinstance(when, datetime) else None
        return self._version

    def _new_wrapper(self, endpoint: str, update_endpoint: str | None = None) -> SPARQLWrapper:
        w = SPARQLWrapper(endpoint, updateEndpoint=update_endpoint)
        w.setMethod(POST)
        # A URL-encoded form: every SPARQL 1.1 Protocol server takes it, while Virtuoso (7.2, Debian's
        # default configuration) does not answer every request POSTed directly (application/sparql-query).
        w.setRequestMethod(URLENCODED)
        w.setTimeout(int(self.timeout))
        if self.credentials:
            w.setHTTPAuth(self.auth_scheme)
            w.setCredentials(*self.credentials)
        return w

    def _graph_lists(self) -> tuple[list[str], list[str]]:
        """(our graphs, the store's others: its own and our bookkeeping), read again when the data
        version moves (or, with no version recorded, at most once per `version_ttl` seconds)."""
        version = self._read_version()
        tag, now = (version.tag if version else None), time.monotonic()
        if self._ours is None or self._ours[0] != tag or (tag is None and now - self._ours[1] >= self.version_ttl):
            found = self._all_graphs()
            ours = [g for g in found if self._is_ours(g)]
            self._ours = (tag, now, ours, [g for g in found if g not in ours])
        return self._ours[2], self._ours[3]

    def _scope(self, w: SPARQLWrapper, query: str, dataset: Dataset | None = None) -> str:
        """The query text, and the dataset it sees, as on the embedded store: our graphs, merged
        as the default graph and each as a named graph — not the store's own graphs nor this
        class's bookkeeping (by the store's exclusion pragmas where it has them, else by naming
        ours in protocol parameters). A dataset the request or the query (FROM, FROM NAMED)
        names is left as it is."""
        if dataset and (dataset.default_graphs or dataset.named_graphs):
            defaults, named = list(dataset.default_graphs), list(dataset.named_graphs)
        elif names_its_dataset(query):
            return query
        else:
            ours, others = self._graph_lists()
            pragmas = self.dialect.excluding(others)
            if pragmas is not None:
                return pragmas + query if others else query
            defaults = named = ours or [NO_GRAPH]
        for g in defaults:
            w.addDefaultGraph(g)
        for g in named:
            w.addNamedGraph(g)
        return query

    def _wrapper(
        self,
        query: str,
        return_format: str,
        accept: str | None = None,
        scoped: bool = True,
        dataset: Dataset | None = None,
    ) -> SPARQLWrapper:
        w = self._new_wrapper(self.endpoint)
        form = query_form(query)
        if scoped:
            query = self._scope(w, query, dataset)
        w.setQuery(query)
        # SPARQLWrapper guesses the query type from keywords, and words in comments fool it;
        # this class only sends queries here (updates go through update()).
        w.queryType = form.upper()
        w.setReturnFormat(return_format)
        if accept:
            w.addCustomHttpHeader("Accept", accept)
        return w

    def _call(self, w: SPARQLWrapper, writing: bool = False) -> QueryResult:
        """Send the request; every way it can fail becomes one of our errors, with the store's own
        message in one line (never its whole answer, which repeats the request)."""
        try:
            result = w.query()
        except QueryBadFormed as exc:
            raise QuerySyntaxError(f"the {self.dependency} rejected the request: {self._said(exc)}") from exc
        except Unauthorized as exc:
            raise StoreUnavailable(
                f"the {self.dependency} refused our credentials (401): set NZC_STORE_USER and NZC_STORE_PASSWORD "
                "(and NZC_STORE_AUTH=digest for Virtuoso's /sparql-auth)"
            ) from exc
        except EndPointNotFound as exc:
            raise StoreUnavailable(f"the {self.dependency} has no SPARQL endpoint at that address (404)") from exc
        except SPARQLWrapperException as exc:
            said = self._said(exc)
            if writing and refused_for_rights(said):
                raise StoreUnavailable(
                    f"the {self.dependency} refused the update: {said} — {self.dialect.update_rights}"
                ) from exc
            raise StoreUnavailable(f"the {self.dependency} failed: {said}") from exc
        except HTTPError as exc:
            said = what_the_store_said(exc.read() or b"") if exc.fp is not None else exc.reason
            if writing and (exc.code == 403 or refused_for_rights(str(said))):
                raise StoreUnavailable(
                    f"the {self.dependency} refused the update ({exc.code}): {said} — {self.dialect.update_rights}"
                ) from exc
            raise StoreUnavailable(f"the {self.dependency} answered {exc.code}: {said}") from exc
        except (URLError, OSError) as exc:
            reason = exc.reason if isinstance(exc, URLError) else exc
            if isinstance(reason, TimeoutError):  # a slow query, or a store too busy to answer
                raise StoreUnavailable(
                    f"the {self.dependency} did not answer within the time limit of {self.timeout:g} s: "
                    "narrow the query (a LIMIT, fewer OPTIONALs) or try again when the store is less busy"
                ) from exc
            raise StoreUnavailable(f"the {self.dependency} does not answer: {reason}") from exc
        self.dialect = dialect_for(result.response.headers.get("Server"))
        return result

    def _said(self, exc: Exception) -> str:
        body = exception_body(exc)
        return what_the_store_said(body) if body else str(exc).split(":", 1)[-1].strip()

    def _answer(self, w: SPARQLWrapper, wanted: tuple[str, ...]) -> tuple[str, bytes]:
        """The media type and body of an answer that must be one of `wanted` (an error page, an
        HTML form or another format is the store failing, not data)."""
        response = self._call(w).response
        media_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = response.read()
        if media_type not in wanted:
            what = "an HTML page" if media_type == "text/html" else (media_type or "no media type")
            raise StoreUnavailable(
                f"the {self.dependency} answered with {what} instead of {wanted[0]}: {what_the_store_said(body)}"
            )
        return media_type, body

    def _json(self, query: str, scoped: bool = True) -> dict[str, Any]:
        _, body = self._answer(self._wrapper(query, "json", scoped=scoped), JSON_RESULTS)
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise StoreUnavailable(f"the {self.dependency} answered with malformed JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise StoreUnavailable(f"the {self.dependency}: expected a JSON result, got {type(data).__name__}")
        return standard_results(data)

    def _bindings(
        self, query: str, bindings: Mapping[str, Identifier] | None, caller: str, scoped: bool = True
    ) -> list[dict[str, Any]]:
        data = self._json(inject_values(query, bindings), scoped)
        if "results" not in data:
            raise UnsupportedOperation(f"remote store: {caller}() needs a SELECT query")
        return list(data["results"]["bindings"])

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        return [{k: _term(v) for k, v in b.items()} for b in self._bindings(query, bindings, "select")]

    def _select_whole_store(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        """A query over everything the store holds: for this class's own bookkeeping."""
        return [{k: _term(v) for k, v in b.items()} for b in self._bindings(query, bindings, "select", False)]

    def select_text(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[TextRow]:
        return [{k: str(v["value"]) for k, v in b.items()} for b in self._bindings(query, bindings, "select_text")]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        data = self._json(inject_values(query, bindings))
        if "boolean" not in data:
            raise UnsupportedOperation("remote store: ask() needs an ASK query")
        return bool(data["boolean"])

    def _graph_answer(self, w: SPARQLWrapper) -> tuple[str, bytes]:
        # N-Triples parses fastest; Virtuoso offers it only for some requests and Turtle for all
        w.addCustomHttpHeader("Accept", f"{N_TRIPLES.media_type}, {TURTLE.media_type};q=0.9")
        return self._answer(w, GRAPH_ANSWERS)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        media_type, body = self._graph_answer(self._wrapper(inject_values(query, bindings), "turtle"))
        fmt = by_media_type(media_type)
        assert fmt is not None  # GRAPH_ANSWERS are registered formats
        return Graph().parse(data=body, format=fmt.rdflib_name)

    def serialized_query(
        self, query: str, media_types: Sequence[str], dataset: Dataset | None = None
    ) -> SerializedResult:
        """The answer read in a format we parse (SPARQL JSON, N-Triples or Turtle), made standard,
        and written in the first of `media_types` that fits by the embedded store's serialisers."""
        form = query_form(query)
        graph_form = form in ("construct", "describe")
        # SPARQLWrapper also names the format in a parameter (Virtuoso obeys it over Accept)
        w = self._wrapper(query, "turtle" if graph_form else "json", dataset=dataset)
        if graph_form:
            media_type, body = self._graph_answer(w)
            kind: QueryKind = "describe" if form == "describe" else "construct"
            out_type, out_format = pick(kind, list(media_types))
            try:
                triples = ox.parse(body, ox_rdf_format(by_media_type(media_type) or TURTLE))
                out = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in triples], format=out_format)
            except SyntaxError as exc:  # the store wrote what its own format does not allow
                what = f"the {self.dependency} answered {media_type} that does not parse"
                raise StoreUnavailable(f"{what}: {exc}") from exc
        else:
            w.addCustomHttpHeader("Accept", SPARQL_JSON.media_type)
            _, raw = self._answer(w, JSON_RESULTS)
            body = standard_json(raw)
            result = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
            out_type, out_format = pick(kind, list(media_types))
            out = body if out_type in JSON_RESULTS else result.serialize(format=out_format)
        data = out or b""
        return SerializedResult(kind, out_type, iter([data]), data)

    def update(self, update: str, base_iri: str | None = None) -> None:
        if base_iri:
            update = f"BASE <{URIRef(base_iri)}>\n{update}"
        if not self.update_endpoint:
            raise UnsupportedOperation("remote store: no update endpoint configured (set NZC_UPDATE_ENDPOINT)")
        tag, when = secrets.token_hex(8), datetime.now(UTC)
        w = self._new_wrapper(self.endpoint, self.update_endpoint)
        w.setQuery(f"{update} ;\n{version_update(tag, when)}")  # one request: the store applies both or neither
        w.queryType = "INSERT"  # an update, whatever its first keyword (SPARQLWrapper guesses from it)
        self._call(w, writing=True)
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
        return [g for g in self._all_graphs() if self._is_ours(g)]

    def _all_graphs(self) -> list[str]:
        # As a subquery: Virtuoso then reads its graph index (3 ms), where the plain DISTINCT scans
        # every quad (1.7 s on the report graph).
        rows = self._select_whole_store("SELECT ?g WHERE { { SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } } }")
        return sorted(str(r["g"]) for r in rows)

    def _is_ours(self, graph: str) -> bool:
        # not the version graph (this class's bookkeeping), nor a load's staging graphs, nor the
        # graphs a store keeps for itself
        return graph not in BOOKKEEPING and not graph.startswith(STAGING) and not self.dialect.is_system_graph(graph)

    # count and export see our graphs only, as every scoped query does (see _scope)
    def count(self, graph_iri: str | None = None) -> int:
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        rows = self.select(q, {"g": URIRef(graph_iri)} if graph_iri else None)
        return int(rows[0]["n"]) if rows else 0

    def export(self, graph_iri: str | None = None) -> Graph:
        q = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        return self.construct(q, {"g": URIRef(graph_iri)} if graph_iri else None)

    def executor(self, limits: Limits, workers: int = 2) -> QueryExecutor:
        """The remote server enforces its own limits; queries go to it directly after screening."""
        return DirectExecutor(self, limits)

    def close(self) -> None:
        return None


JSON_RESULTS = ("application/sparql-results+json", "application/json")
GRAPH_ANSWERS = (N_TRIPLES.media_type, TURTLE.media_type)


VERSION_GRAPH = str(GRAPH["version"])
VERSION_QUERY = f"""SELECT ?tag ?modified WHERE {{ GRAPH <{VERSION_GRAPH}> {{
  <{VERSION_GRAPH}> <{DCTERMS.identifier}> ?tag ; <{DCTERMS.modified}> ?modified }} }} LIMIT 1"""


# Graphs of this class's and the loader's bookkeeping: not data, so not in any query's dataset
LOADS_GRAPH = str(GRAPH["loads"])  # what `nzc-graph load` put where (store/loading.py)
BOOKKEEPING = frozenset({VERSION_GRAPH, LOADS_GRAPH})
STAGING = "urn:nzc:load:"  # graphs `nzc-graph load` fills before it switches them in: no reader's yet
NO_GRAPH = "urn:nzc:no-graph"  # the dataset of a store that holds none of our graphs yet


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
