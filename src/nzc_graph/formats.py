"""The RDF serialisations and SPARQL result formats the service reads and writes: one record each.

Every module that needs a format's media type, file suffix, parser name or W3C IRI looks it up
here. The records are plain values; `store/oxformats.py` maps `oxigraph_name` to pyoxigraph's
enums (only `store/` imports pyoxigraph).

    >>> by_media_type("application/x-turtle").name
    'turtle'
    >>> by_suffix(".nt").media_type
    'application/n-triples'
    >>> [f.name for f in by_query_kind("construct")]
    ['turtle', 'ntriples', 'jsonld', 'rdfxml', 'trig', 'nquads']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Payload = Literal["graph", "dataset", "select", "ask"]
HTML_MEDIA_TYPE = "text/html"  # the pages; not an RDF format, so not a record
JSON_MEDIA_TYPE = "application/json"  # the search and matchmaking API
CSV_MEDIA_TYPE = "text/csv"  # spreadsheets, such as a cohort's pairing plan
GEOJSON_MEDIA_TYPE = "application/geo+json"  # the cities as map features (RFC 7946)
_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One serialisation. Media types and suffixes come preferred first.

    `media_types` name this format and nothing else, so they are read as a Content-Type too;
    `accept_aliases` are looser names clients send in Accept (`application/json`, `text/plain`),
    counted for this format when negotiating but never trusted to say how to parse a body.
    `carries` says what a document of it can hold: a graph, a dataset (named graphs kept), SELECT
    solutions or an ASK boolean.
    """

    name: str
    label: str
    media_types: tuple[str, ...]
    suffixes: tuple[str, ...]
    rdflib_name: str
    oxigraph_name: str | None
    iri: str
    carries: frozenset[Payload]
    other_names: tuple[str, ...] = ()
    accept_aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        """The preferred media type, the one the service sends."""
        return self.media_types[0]

    @property
    def ext(self) -> str:
        """The preferred file suffix without its dot (`ttl`), as in URLs such as `aachen.ttl`."""
        return self.suffixes[0][1:]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every other media type a client may use for this format in Accept or `format=`."""
        return (*self.media_types[1:], *self.accept_aliases)

    @property
    def is_results(self) -> bool:
        """A SPARQL query-results format (rather than an RDF syntax)."""
        return bool(self.carries & {"select", "ask"})


_GRAPH: frozenset[Payload] = frozenset({"graph"})
_DATASET: frozenset[Payload] = frozenset({"graph", "dataset"})
# CSV and TSV are defined for SELECT results only; Oxigraph also writes an ASK result in them
# (a bare `true` or `false`), and the endpoint offers them for ASK.
_RESULTS: frozenset[Payload] = frozenset({"select", "ask"})

TURTLE = Format(
    "turtle",
    "Turtle",
    ("text/turtle", "application/x-turtle"),
    (".ttl", ".turtle"),
    "turtle",
    "TURTLE",
    _W3C + "Turtle",
    _GRAPH,
    other_names=("ttl",),
)
N_TRIPLES = Format(
    "ntriples",
    "N-Triples",
    ("application/n-triples",),
    (".nt", ".ntriples"),
    "nt",
    "N_TRIPLES",
    _W3C + "N-Triples",
    _GRAPH,
    other_names=("nt",),
    accept_aliases=("text/plain",),
)
# JSON-LD can name graphs, but we read and write it as one graph.
JSON_LD = Format(
    "jsonld",
    "JSON-LD",
    ("application/ld+json",),
    (".jsonld", ".json"),
    "json-ld",
    "JSON_LD",
    _W3C + "JSON-LD",
    _GRAPH,
    other_names=("json-ld",),
    accept_aliases=("application/json+ld",),
)
RDF_XML = Format(
    "rdfxml",
    "RDF/XML",
    ("application/rdf+xml",),
    (".rdf", ".owl", ".xml"),
    "xml",
    "RDF_XML",
    _W3C + "RDF_XML",
    _GRAPH,
    other_names=("rdf",),
)
TRIG = Format("trig", "TriG", ("application/trig",), (".trig",), "trig", "TRIG", _W3C + "TriG", _DATASET)
N_QUADS = Format(
    "nquads",
    "N-Quads",
    ("application/n-quads",),
    (".nq",),
    "nquads",
    "N_QUADS",
    _W3C + "N-Quads",
    _DATASET,
    other_names=("nq",),
)
SPARQL_JSON = Format(
    "json",
    "SPARQL Results JSON",
    ("application/sparql-results+json",),
    (".srj",),
    "json",
    "JSON",
    _W3C + "SPARQL_Results_JSON",
    _RESULTS,
    accept_aliases=("application/json",),
)
SPARQL_XML = Format(
    "xml",
    "SPARQL Results XML",
    ("application/sparql-results+xml",),
    (".srx",),
    "xml",
    "XML",
    _W3C + "SPARQL_Results_XML",
    _RESULTS,
    accept_aliases=("application/xml", "text/xml"),
)
SPARQL_CSV = Format(
    "csv", "SPARQL Results CSV", ("text/csv",), (".csv",), "csv", "CSV", _W3C + "SPARQL_Results_CSV", _RESULTS
)
SPARQL_TSV = Format(
    "tsv",
    "SPARQL Results TSV",
    ("text/tab-separated-values",),
    (".tsv",),
    "tsv",
    "TSV",
    _W3C + "SPARQL_Results_TSV",
    _RESULTS,
)

# In the SPARQL endpoint's order of preference, which breaks ties in Accept negotiation.
FORMATS: tuple[Format, ...] = (
    TURTLE,
    N_TRIPLES,
    JSON_LD,
    RDF_XML,
    TRIG,
    N_QUADS,
    SPARQL_JSON,
    SPARQL_XML,
    SPARQL_CSV,
    SPARQL_TSV,
)
RDF_FORMATS: tuple[Format, ...] = tuple(f for f in FORMATS if "graph" in f.carries)
RESULT_FORMATS: tuple[Format, ...] = tuple(f for f in FORMATS if f.is_results)

_BY_NAME = {n: f for f in FORMATS for n in (f.name, *f.other_names)}
_BY_MEDIA_TYPE = {m: f for f in FORMATS for m in (*f.media_types, *f.accept_aliases)}
_BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes}


def by_name(name: str) -> Format | None:
    """The format of a short name (`turtle`, `ttl`, `nt`, `json`, …), as `format=` takes them."""
    return _BY_NAME.get(name.lower())


def by_media_type(media_type: str) -> Format | None:
    """The format a bare media type (no parameters) names, aliases included; case does not matter.

    >>> by_media_type("Text/Turtle").suffixes[0], by_media_type("application/x-unknown") is None
    ('.ttl', True)
    """
    return _BY_MEDIA_TYPE.get(media_type.strip().lower())


def by_suffix(suffix: str) -> Format | None:
    """The format of a file suffix with its dot (`.ttl`); case does not matter."""
    return _BY_SUFFIX.get(suffix.lower())


def by_query_kind(kind: str) -> tuple[Format, ...]:
    """The formats that can carry the result of a query of `kind`, in order of preference.

    SELECT and ASK give results; anything else (CONSTRUCT, DESCRIBE) gives a graph.
    """
    payload: Payload = "select" if kind == "select" else "ask" if kind == "ask" else "graph"
    return tuple(f for f in FORMATS if payload in f.carries)


__all__ = [
    "CSV_MEDIA_TYPE",
    "FORMATS",
    "GEOJSON_MEDIA_TYPE",
    "HTML_MEDIA_TYPE",
    "JSON_MEDIA_TYPE",
    "JSON_LD",
    "N_QUADS",
    "N_TRIPLES",
    "RDF_FORMATS",
    "RDF_XML",
    "RESULT_FORMATS",
    "SPARQL_CSV",
    "SPARQL_JSON",
    "SPARQL_TSV",
    "SPARQL_XML",
    "TRIG",
    "TURTLE",
    "Format",
    "Payload",
    "by_media_type",
    "by_name",
    "by_query_kind",
    "by_suffix",
]
