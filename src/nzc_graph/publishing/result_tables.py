"""A query answer as a table for a page: SPARQL JSON results (SELECT, ASK) or an N-Triples graph
(CONSTRUCT, DESCRIBE), at most `limit` rows kept, IRIs kept apart from text so the page can link
them, and IRIs written short with the project's prefixes.

    >>> t = results_table(b'{"head": {"vars": ["c"]}, "results": {"bindings": ['
    ...     b'{"c": {"type": "uri", "value": "https://w3id.org/nzc/id/city/aachen"}}]}}', limit=10)
    >>> t.columns, t.rows[0][0].text, t.total
    (('c',), 'city:aachen', 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from nzc_graph.errors import QueryEvaluationError
from nzc_graph.namespaces import PREFIXES

# Longest namespace first, so `city:` wins over a shorter namespace that also matches.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@dataclass(frozen=True)
class Cell:
    """One value: its text, its IRI when it is one, and a note (language tag or datatype)."""

    text: str
    iri: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ResultTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: int
    boolean: bool | None = None

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def compact(iri: str) -> str:
    """`prefix:local` for an IRI in one of the project's namespaces, else the IRI."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _json_cell(term: dict[str, str] | None) -> Cell:
    if term is None:
        return Cell("")
    value = term.get("value", "")
    if term.get("type") == "uri":
        return Cell(compact(value), value)
    if term.get("type") == "bnode":
        return Cell(f"_:{value}")
    note = term.get("xml:lang") or (compact(term["datatype"]) if "datatype" in term else "")
    return Cell(value, note=note)


def results_table(body: bytes, limit: int) -> ResultTable:
    """The table of a SPARQL 1.1 Query Results JSON document."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise QueryEvaluationError(f"the results are not JSON: {exc}") from exc
    if "boolean" in data:
        return ResultTable((), (), 0, bool(data["boolean"]))
    columns = tuple(data.get("head", {}).get("vars", []))
    bindings = data.get("results", {}).get("bindings", [])
    rows = tuple(tuple(_json_cell(b.get(c)) for c in columns) for b in bindings[:limit])
    return ResultTable(columns, rows, len(bindings))


def _node_cell(node: Node) -> Cell:
    if isinstance(node, URIRef):
        return Cell(compact(str(node)), str(node))
    if isinstance(node, BNode):
        return Cell(f"_:{node}")
    if isinstance(node, Literal):
        return Cell(str(node), note=node.language or (compact(str(node.datatype)) if node.datatype else ""))
    return Cell(str(node))


def graph_table(body: bytes, limit: int) -> ResultTable:
    """The triples of an N-Triples document, sorted, as subject / predicate / object rows."""
    graph = Graph().parse(data=body.decode("utf-8"), format="nt")
    triples = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    rows = tuple(tuple(_node_cell(n) for n in t) for t in triples[:limit])
    return ResultTable(("subject", "predicate", "object"), rows, len(triples))
