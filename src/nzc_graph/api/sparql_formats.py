"""Media types of the SPARQL endpoint and Accept negotiation with q-values."""

from __future__ import annotations

from nzc_graph.api.negotiation import parse_accept, quality
from nzc_graph.errors import NotAcceptable
from nzc_graph.formats import by_media_type, by_name, by_query_kind

RESULT_TYPES = [f.media_type for f in by_query_kind("select")]
GRAPH_TYPES = [f.media_type for f in by_query_kind("construct")]
# `format=json` and `format=xml` on a graph result ask for the graph syntax of the same family.
GRAPH_FOR_RESULT_FORMAT = {"json": "jsonld", "xml": "rdfxml"}


def ranked(accept: str | None, offered: list[str]) -> list[str]:
    """The offered media types the client accepts, best first (server order breaks ties).

    Aliases count for their canonical type (application/json for SPARQL JSON results, …).
    """
    ranges = parse_accept(accept)
    if not ranges:
        return list(offered)

    def q(media: str) -> float:
        fmt = by_media_type(media)
        return max([quality(ranges, media)] + [quality(ranges, a) for a in (fmt.aliases if fmt else ())])

    return sorted((o for o in offered if q(o) > 0), key=lambda o: -q(o))


def choose(kind: str, accept: str | None, format_param: str | None) -> list[str]:
    """Media types to try for a result of `kind` ("select", "ask", "construct", "describe")."""
    formats = by_query_kind(kind)
    offered = [f.media_type for f in formats]
    if format_param:
        key = format_param.strip().lower()
        if kind not in ("select", "ask"):
            key = GRAPH_FOR_RESULT_FORMAT.get(key, key)
        fmt = by_name(key) or by_media_type(key)
        if fmt is None or fmt not in formats:
            raise NotAcceptable(
                f"format={format_param!r} cannot carry a {kind.upper()} result; use one of: {', '.join(offered)}"
            )
        return [fmt.media_type]
    wanted = ranked(accept, offered)
    if not wanted:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) can carry a {kind.upper()} result; "
            f"this endpoint offers: {', '.join(offered)}"
        )
    return wanted
