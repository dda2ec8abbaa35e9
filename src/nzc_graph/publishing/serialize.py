"""The RDF formats the linked-data service publishes, the JSON-LD @context, and serialisation."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.formats import JSON_LD, N_TRIPLES, RDF_XML, TURTLE, Format
from nzc_graph.namespaces import NZC, PREFIXES

# The formats every resource is published in, in the service's order of preference (people get
# HTML before them); each has its own URL suffix (`aachen.ttl`).
PUBLISHED_FORMATS: tuple[Format, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)


def rdf_format(ext: str) -> Format:
    """The published format of a URL suffix (without the dot)."""
    for fmt in PUBLISHED_FORMATS:
        if fmt.ext == ext:
            return fmt
    raise InvalidQueryParameter(
        f"unknown RDF format '.{ext}'; use one of {', '.join('.' + f.ext for f in PUBLISHED_FORMATS)}"
    )


# Short names for common annotation properties, unless the ontology already uses the name.
_ALIASES: dict[str, URIRef] = {
    "label": RDFS.label,
    "comment": RDFS.comment,
    "prefLabel": URIRef(PREFIXES["skos"] + "prefLabel"),
    "altLabel": URIRef(PREFIXES["skos"] + "altLabel"),
    "definition": URIRef(PREFIXES["skos"] + "definition"),
    "description": URIRef(PREFIXES["dcterms"] + "description"),
    "title": URIRef(PREFIXES["dcterms"] + "title"),
}
_PLAIN_RANGES = {XSD.string, RDF.langString}
# Prefixes of vocabularies; the id/ namespaces (city:, challenge:, …) would clash with term names.
_VOCABULARY_PREFIXES = ("nzc", "rdf", "rdfs", "owl", "xsd", "skos", "prov", "dcterms", "schema", "org", "geo")
_EXTRA_PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


def _term_definition(ontology: Graph, term: URIRef) -> str | dict[str, str]:
    curie = "nzc:" + term[len(NZC) :]
    types = set(ontology.objects(term, RDF.type))
    if OWL.ObjectProperty in types:
        return {"@id": curie, "@type": "@id"}
    if OWL.DatatypeProperty in types:
        ranges = [r for r in ontology.objects(term, RDFS.range) if isinstance(r, URIRef)]
        if len(ranges) == 1 and ranges[0] not in _PLAIN_RANGES and ranges[0].startswith(str(XSD)):
            return {"@id": curie, "@type": "xsd:" + ranges[0][len(str(XSD)) :]}
    return curie


def jsonld_context(ontology: Graph) -> dict[str, Any]:
    """The published @context, read from the ontology: prefixes, then one term per nzc: class
    and property (object properties coerce to IRIs, typed datatype properties to their range)."""
    context: dict[str, Any] = {p: iri for p, iri in PREFIXES.items() if p in _VOCABULARY_PREFIXES}
    terms = sorted(
        {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(NZC)) and len(s) > len(NZC)}
    )
    for term in terms:
        context[term[len(NZC) :]] = _term_definition(ontology, term)
    for alias, iri in _ALIASES.items():
        if alias not in context:
            prefix = next(p for p, ns in PREFIXES.items() if iri.startswith(ns) and p in _VOCABULARY_PREFIXES)
            context[alias] = f"{prefix}:{iri[len(PREFIXES[prefix]) :]}"
    return context


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes, so Turtle and RDF/XML output is readable."""
    for prefix, iri in {**PREFIXES, **_EXTRA_PREFIXES}.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


class LexicalTurtleSerializer(TurtleSerializer):
    """Turtle that keeps every literal's lexical form: rdflib's shorthand would write the decimal
    "20000" as `20000.0`, a different RDF term; such literals are written in full instead."""

    def label(self, node: Any, position: int) -> str:
        if isinstance(node, Literal) and node.datatype is not None:
            short = node._literal_n3(use_plain=True)
            if short != str(node) and not short.startswith('"'):
                return node._literal_n3(use_plain=False, qname_callback=lambda dt: self.get_pname(dt, True))
        return super().label(node, position)


def serialize(graph: Graph, fmt: Format, context: dict[str, Any] | None = None) -> bytes:
    """Serialise `graph`; JSON-LD is compacted with `context` (inlined, so it parses offline)."""
    bind_prefixes(graph)
    if fmt == TURTLE:
        out = BytesIO()
        LexicalTurtleSerializer(graph).serialize(out, encoding="utf-8")
        return out.getvalue()
    if fmt == JSON_LD:
        text = graph.serialize(format=JSON_LD.rdflib_name, context=context or {}, auto_compact=True, indent=1)
    else:
        text = graph.serialize(format=fmt.rdflib_name)
    return text.encode("utf-8")
