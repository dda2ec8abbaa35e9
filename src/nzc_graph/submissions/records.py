"""Submission records: where a submission lives, its provenance, reading and withdrawing it.

Each accepted submission is one named graph https://w3id.org/nzc/graph/submission/{id} holding
the submitted triples and a record node https://w3id.org/nzc/id/submission/{id} (a prov:Entity)
that says who sent it, when, in which format, with which note. Withdrawing removes the graph,
and so exactly that submission; the build's graphs are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from nzc_graph.errors import Forbidden, NotFound
from nzc_graph.namespaces import CITY, GRAPH, NZC, SUBMISSION, VOID
from nzc_graph.store.base import GraphChange, GraphStore
from nzc_graph.submissions.apikeys import Principal

_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class SubmissionRecord:
    """The provenance of one submission."""

    id: str
    iri: str
    graph: str
    created: str
    media_type: str
    note: str
    attributed_to: str
    city: str | None
    triples: int
    software: str


def record_iri_for(sub_id: str) -> str:
    return f"{SUBMISSION}{sub_id}"


def graph_iri_for(sub_id: str) -> str:
    return f"{GRAPH}submission/{sub_id}"


def provenance(record: SubmissionRecord, content: Graph) -> Graph:
    """The triples of the record node; dcterms:hasPart lists the resources it describes."""
    node = URIRef(record.iri)
    g = Graph()
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(f"Submission {record.id}", lang="en")))
    g.add((node, DCTERMS.identifier, Literal(record.id)))
    g.add((node, PROV.generatedAtTime, Literal(record.created, datatype=XSD.dateTime)))
    g.add((node, DCTERMS.format, Literal(record.media_type)))
    g.add((node, DCTERMS.creator, Literal(record.attributed_to)))
    g.add((node, DCTERMS.conformsTo, Literal(record.software)))
    g.add((node, VOID.triples, Literal(record.triples)))
    if record.note:
        g.add((node, DCTERMS.source, Literal(record.note)))
    if record.city:
        g.add((node, PROV.wasAttributedTo, CITY[record.city]))
    for s in sorted({s for s in content.subjects(RDF.type, None) if (s, RDF.type, NZC.Quote) not in content}, key=str):
        g.add((node, DCTERMS.hasPart, s))
    return g


def _text(g: Graph, node: URIRef, prop: URIRef) -> str:
    value = g.value(node, prop)
    return "" if value is None else str(value)


def read_record(store: GraphStore, sub_id: str) -> tuple[SubmissionRecord, Graph]:
    """The record and all triples of a submission; NotFound if there is none with that id."""
    if not _ID.match(sub_id):
        raise NotFound(
            f"no submission {sub_id!r}: submission ids are 32 lower-case hex digits, as returned by POST /submissions"
        )
    graph = store.export(graph_iri_for(sub_id))
    node = URIRef(record_iri_for(sub_id))
    if len(graph) == 0 or (node, RDF.type, PROV.Entity) not in graph:
        raise NotFound(f"no submission {sub_id!r} (never accepted, or withdrawn)")
    city = graph.value(node, PROV.wasAttributedTo)
    record = SubmissionRecord(
        id=sub_id,
        iri=str(node),
        graph=graph_iri_for(sub_id),
        created=_text(graph, node, PROV.generatedAtTime),
        media_type=_text(graph, node, DCTERMS.format),
        note=_text(graph, node, DCTERMS.source),
        attributed_to=_text(graph, node, DCTERMS.creator),
        city=str(city).rsplit("/", 1)[-1] if city is not None else None,
        triples=int(str(graph.value(node, VOID.triples) or 0)),
        software=_text(graph, node, DCTERMS.conformsTo),
    )
    return record, graph


def change_of(graph_iri: str, graph: Graph) -> GraphChange:
    """What writing or removing this graph changes: the subjects of its triples."""
    return GraphChange(graph_iri, frozenset(str(s) for s in graph.subjects(unique=True)))


def withdraw(store: GraphStore, principal: Principal, sub_id: str) -> tuple[SubmissionRecord, GraphChange]:
    """Remove exactly the submission's graph. Only admins may."""
    if not principal.is_admin:
        raise Forbidden("only an admin key may withdraw a submission; ask the programme staff")
    record, graph = read_record(store, sub_id)
    store.clear_graph(record.graph)
    return record, change_of(record.graph, graph)
