"""Media types of the SPARQL endpoint and Accept negotiation with q-values."""

from __future__ import annotations

from ..errors import NzcGraphError

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


class NotAcceptable(NzcGraphError):
    """None of the media types the client accepts can carry this kind of result."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first; order of appearance breaks ties."""
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def negotiate(accept: str | None, offered: list[str]) -> list[str]:
    """The offered media types the client accepts, best first. Empty Accept means anything."""
    ranges = parse_accept(accept)
    if not ranges:
        return list(offered)
    scored: dict[str, tuple[float, int]] = {}
    for rank, (media, q) in enumerate(ranges):
        media = ALIASES.get(media, media)
        for o in offered:
            major = o.split("/")[0]
            if media in (o, "*/*", f"{major}/*") and q > 0 and o not in scored:
                scored[o] = (q, rank)
    refused = {ALIASES.get(m, m) for m, q in ranges if q == 0}
    return [o for o, _ in sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[1][1])) if o not in refused]


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
    wanted = negotiate(accept, offered)
    if not wanted:
        raise NotAcceptable(f"none of the accepted media types ({accept}) can carry a {kind.upper()} result; "
                            f"this endpoint offers: {', '.join(offered)}")
    return wanted
