"""A submission's graph for the benchmarks: one practice adoption with its evidence quote and the
submission's record node, shaped as `submissions/service.py` writes it, about a synthetic graph's city."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from nzc_graph.namespaces import NZC
from nzc_graph.submissions.records import graph_iri_for, record_iri_for

ID = "https://w3id.org/nzc/id/"


def submission(n: int, city: str) -> tuple[str, Graph]:
    """The graph IRI and triples of the n-th benchmark submission, a practice of `city`."""
    sub_id = f"{n:032x}"
    practice, quote = URIRef(f"{ID}practice/bench-{sub_id}"), URIRef(f"{record_iri_for(sub_id)}/quote")
    g = Graph()
    g.add((practice, RDF.type, NZC.PracticeAdoption))
    g.add((practice, NZC.city, URIRef(city)))
    g.add((practice, NZC.practiceKind, URIRef(f"{ID}practice-kind/practice-kind-1")))
    g.add((practice, NZC.status, URIRef(f"{ID}status/piloting")))
    g.add((practice, NZC.addresses, URIRef(f"{ID}challenge/challenge-1")))
    g.add((practice, RDFS.label, Literal("Shaded quarry gardens against urban heat", lang="en")))
    g.add((practice, DCTERMS.description, Literal("The city turns old quarries into cool gardens.", lang="en")))
    g.add((practice, NZC.evidence, quote))
    g.add((quote, RDF.type, NZC.Quote))
    g.add((quote, NZC.quoteText, Literal("We turned a quarry into a garden that cools the district.")))
    record = URIRef(record_iri_for(sub_id))
    g.add((record, RDF.type, PROV.Entity))
    g.add((record, DCTERMS.hasPart, practice))
    return graph_iri_for(sub_id), g
