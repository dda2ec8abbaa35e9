"""OWL reasoning with owlready2 and HermiT: consistency and the inferences worth keeping.

owlready2 is imported here only; callers get rdflib triples back, never owlready2 objects.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from nzc_graph.errors import InconsistentOntology, UnsupportedOperation
from nzc_graph.namespaces import NZC


def reasoner_input(ontology: Graph, data: Graph) -> Graph:
    """The part of ontology + data the reasoner needs: all axioms, typed individuals, nzc: facts."""
    g = Graph()
    g += ontology
    nzc_classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if str(s).startswith(str(NZC))}
    datatype_props = {p for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)}
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type:
            if o in nzc_classes:
                g.add((s, p, o))
        elif str(p).startswith(str(NZC)):
            if isinstance(o, URIRef):
                g.add((s, p, o))
            elif isinstance(o, Literal) and p in datatype_props and _owl2_literal(o):
                g.add((s, p, o))
    return g


# HermiT accepts only the OWL 2 datatype map; xsd:date, xsd:gYear and friends are left out.
_OWL2_DATATYPES = frozenset(
    str(XSD) + n
    for n in (
        "string",
        "integer",
        "decimal",
        "boolean",
        "double",
        "float",
        "dateTime",
        "dateTimeStamp",
        "anyURI",
        "nonNegativeInteger",
        "positiveInteger",
        "int",
        "long",
        "normalizedString",
        "token",
        "language",
    )
)


def _owl2_literal(lit: Literal) -> bool:
    return lit.datatype is None or str(lit.datatype) in _OWL2_DATATYPES or str(lit.datatype).endswith("langString")


def java_available() -> bool:
    return shutil.which("java") is not None


def run_reasoner(ontology: Graph, data: Graph, culprits: Iterable[str] = ()) -> Graph:
    """Run HermiT over ontology + data. Raise InconsistentOntology naming resources if inconsistent.

    `culprits` are resources a cheaper check (queries/checks/disjoint-types-violation.rq) already
    suspects; they are named in the error when HermiT confirms the inconsistency.
    """
    if not java_available():
        raise UnsupportedOperation(
            "reasoning needs Java (HermiT); install a JRE, e.g. apt-get install default-jre-headless"
        )
    import owlready2  # local import: owlready2 stays inside this module

    world = owlready2.World()
    source = reasoner_input(ontology, data)
    payload = source.serialize(format="nt", encoding="utf-8")
    onto = world.get_ontology("https://w3id.org/nzc/reasoner-input").load(
        fileobj=io.BytesIO(payload), format="ntriples"
    )
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        names = sorted(set(culprits))
        where = (
            ("; offending resources: " + ", ".join(names))
            if names
            else "; no single resource of two disjoint classes was found, check domain/range and functional properties"
        )
        raise InconsistentOntology(f"the ontology and data are inconsistent{where}", names) from exc

    inferred = Graph()
    nzc = str(NZC)
    reasoned = world.as_rdflib_graph()
    for subj, pred, obj in reasoned.triples((None, None, None)):
        if not (isinstance(subj, URIRef) and isinstance(obj, URIRef)):
            continue
        if pred == RDF.type and str(obj).startswith(nzc):
            for cls in ontology.transitive_objects(obj, RDFS.subClassOf):
                if isinstance(cls, URIRef) and str(cls).startswith(nzc):
                    inferred.add((subj, RDF.type, cls))
        elif str(pred).startswith(nzc):
            inferred.add((subj, pred, obj))
    new = Graph()
    for t in inferred:
        if t not in source and t not in data:
            new.add(t)
    return new
