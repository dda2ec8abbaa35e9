"""Shared test data: a valid practice submission in Turtle, and copies of the built store."""

from __future__ import annotations

from pathlib import Path

from nzc_graph.store import EmbeddedStore

PRACTICE = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nzc/id/practice/{city}--{name}> a nzc:PracticeAdoption ;
    rdfs:label "{label}"@en ;
    nzc:city <https://w3id.org/nzc/id/city/{city}> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/{status}> ;
    dcterms:description "{description}"@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> ;
    nzc:evidence [ a nzc:Quote ; nzc:quoteText "{quote}" ;
        nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ] .
"""


def practice(
    name: str,
    *,
    city: str = "aachen",
    label: str = "A practice sent by a test",
    description: str = "The city describes a practice a test sends.",
    quote: str = "This sentence stands in for a verbatim quote.",
    status: str = "planned",
) -> str:
    """A submission that conforms to the shapes: one practice adoption of `city`, IRI
    `…/practice/{city}--{name}`, addressing the lack of financial expertise."""
    return PRACTICE.format(city=city, name=name, label=label, description=description, quote=quote, status=status)


def copy_of(store: EmbeddedStore, folder: Path | None = None) -> EmbeddedStore:
    """A private copy of `store` (in memory, or on disk in `folder`) that a test may write to."""
    copy = EmbeddedStore(folder)
    for g in store.graphs():
        copy.add_graph(g, store.export(g))
    return copy


def built_folder(store: EmbeddedStore, folder: Path) -> Path:
    """`store` as an on-disk store folder, as `nzc-graph build` leaves it (closed)."""
    copy_of(store, folder).close()
    return folder
