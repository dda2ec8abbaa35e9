"""Media types of the SPARQL endpoint and Accept negotiation with q-values."""

from __future__ import annotations

from nzc_graph.api.negotiation import parse_accept, quality
from nzc_graph.errors import NotAcceptable

RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
               "application/trig", "application/n-quads"]
ALIASES = {
    "application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml", "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples", "application/json+ld": "application/ld+json",
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml",
    "trig": "application/trig", "nquads": "application/n-quads", "nq": "application/n-quads",
}
GRAPH_FOR_RESULT_FORMAT = {"json": "application/ld+json", "xml": "application/rdf+xml"}


def ranked(accept: str | None, offered: list[str]) -> list[str]:
    """The offered media types the client accepts, best first (server order breaks ties).

    Aliases count for their canonical type (application/json for SPARQL JSON results, …).
    """
    ranges = parse_accept(accept)
    if not ranges:
        return list(offered)

    def q(media: str) -> float:
        return max([quality(ranges, media)] + [quality(ranges, a) for a, t in ALIASES.items() if t == media])

    return sorted((o for o in offered if q(o) > 0), key=lambda o: -q(o))


def choose(kind: str, accept: str | None, format_param: str | None) -> list[str]:
    """Media types to try for a result of `kind` ("select", "ask", "construct", "describe")."""
    offered = RESULT_TYPES if kind in ("select", "ask") else GRAPH_TYPES
    if format_param:
        key = format_param.strip().lower()
        media = FORMAT_PARAM.get(key) or ALIASES.get(key) or key
        if kind not in ("select", "ask") and key in GRAPH_FOR_RESULT_FORMAT:
            media = GRAPH_FOR_RESULT_FORMAT[key]
        if media not in offered:
            raise NotAcceptable(f"format={format_param!r} cannot carry a {kind.upper()} result; "
                                f"use one of: {', '.join(offered)}")
        return [media]
    wanted = ranked(accept, offered)
    if not wanted:
        raise NotAcceptable(f"none of the accepted media types ({accept}) can carry a {kind.upper()} result; "
                            f"this endpoint offers: {', '.join(offered)}")
    return wanted
