"""Media types of the SPARQL endpoint and Accept negotiation with q-values."""

from __future__ import annotations

from nzc_graph.api.negotiation import MediaRange, parse_accept, quality
from nzc_graph.errors import NotAcceptable
from nzc_graph.formats import HTML_MEDIA_TYPE, by_media_type, by_name, by_query_kind

RESULT_TYPES = [f.media_type for f in by_query_kind("select")]
GRAPH_TYPES = [f.media_type for f in by_query_kind("construct")]
# `format=json` and `format=xml` on a graph result ask for the graph syntax of the same family.
GRAPH_FOR_RESULT_FORMAT = {"json": "jsonld", "xml": "rdfxml"}


def _quality(ranges: list[MediaRange], media: str) -> float:
    """The client's quality for `media`; aliases count for their canonical type."""
    fmt = by_media_type(media)
    return max([quality(ranges, media)] + [quality(ranges, a) for a in (fmt.aliases if fmt else ())])


def ranked(accept: str | None, offered: list[str]) -> list[str]:
    """The offered media types the client accepts, best first (server order breaks ties).

    Aliases count for their canonical type (application/json for SPARQL JSON results, …).
    """
    ranges = parse_accept(accept)
    if not ranges:
        return list(offered)
    return sorted((o for o in offered if _quality(ranges, o) > 0), key=lambda o: -_quality(ranges, o))


def prefers_html(accept: str | None, offered: list[str]) -> bool:
    """True when the client ranks a page (text/html) above every offered data format.

    Ties go to the data, so `Accept: */*` (curl, httpx, scripts) keeps getting data, while a
    browser's `text/html,…,*/*;q=0.8` gets the page.

    >>> prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/csv"])
    True
    >>> prefers_html("*/*", ["text/csv"])
    False
    >>> prefers_html("application/json, text/html;q=0.9", ["application/sparql-results+json"])
    False
    """
    ranges = parse_accept(accept)
    html = quality(ranges, HTML_MEDIA_TYPE)
    return bool(ranges) and html > 0 and all(html > _quality(ranges, m) for m in offered)


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
