"""Dereferenceable resource IRIs: `/id/{kind}/{slug}` and ontology term pages.

A resource IRI names a thing (a city, a challenge), not a document, so it answers `303 See Other`
to the document in the negotiated format (`…/aachen.html`, `.ttl`, `.jsonld`, `.nt`, `.rdf`),
per the W3C note "Cool URIs for the Semantic Web" (see docs/linked-data.md). Documents answer 200.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph

from nzc_graph.api.deps import StoreDep, get_services
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.openapi import errors, get_and_head, merged, ok, see_other
from nzc_graph.api.rendering import (
    EXTS,
    OFFERED,
    chosen_ext,
    jsonld_script,
    library,
    link_header,
    mapper,
    not_acceptable,
    rdf_response,
    render,
)
from nzc_graph.errors import NotFound, NzcGraphError
from nzc_graph.formats import HTML_MEDIA_TYPE
from nzc_graph.namespaces import NZC
from nzc_graph.publishing.linked_data import describe, suggest
from nzc_graph.publishing.pages import Page, build_page, page_edges
from nzc_graph.publishing.serialize import PUBLISHED_FORMATS
from nzc_graph.publishing.svg import neighbourhood_svg
from nzc_graph.search.matchmaking import helped_by, match
from nzc_graph.store.base import GraphStore

log = logging.getLogger("nzc_graph.api")
router = APIRouter(tags=["linked data"])


TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
RESOURCE_PATH = re.compile(r"[a-z0-9-]+(/[A-Za-z0-9._~-]+)+")


def split_ext(path: str) -> tuple[str, str | None]:
    """`city/aachen.ttl` → (`city/aachen`, `ttl`); a path without a known suffix has none."""
    stem, dot, ext = path.rpartition(".")
    return (stem, ext) if dot and ext in EXTS and "/" not in ext else (path, None)


def not_found(request: Request, store: GraphStore, iri: str) -> Response:
    """A 404 page with near matches for people; the JSON error for everyone else."""
    if negotiate(request.headers.get("accept"), (HTML_MEDIA_TYPE, "application/json")) == HTML_MEDIA_TYPE:
        matches = suggest(store, library(request), iri)
        return render(request, "not_found.html", status_code=404, iri=iri, suggestions=matches)
    raise NotFound(f"no resource <{iri}> in the graph", [i for i, _ in suggest(store, library(request), iri)])


def matched_peers(request: Request, page: Page) -> dict[str, Any]:
    """A city page's peers from the matchmaking service, both ways: who can help it (`helpers`) and
    whom it can help (`helped`). If the service cannot answer, none: the page keeps the
    shared-challenges overlap of queries/suggest-peers.rq."""
    if page.kind != "city":
        return {}
    try:
        index = get_services(request).search.get()
        return {"helpers": match(index, page.iri, k=5), "helped": helped_by(index, page.iri, k=5)}
    except NzcGraphError as exc:
        log.warning("matchmaking unavailable for %s: %s", page.iri, exc)
        return {}


def page_response(
    request: Request, store: GraphStore, iri: str, graph: Graph, url_of_ext: str, headers: dict[str, str]
) -> Response:
    page = build_page(store, library(request), iri, graph)
    svg = neighbourhood_svg(iri, page.label, page_edges(page), mapper(request).page)
    formats = [(f.label, f"{url_of_ext}.{f.ext}", f.media_type) for f in PUBLISHED_FORMATS]
    return render(
        request,
        page.kind.replace("-", "_") + ".html",
        headers=headers,
        page=page,
        svg=svg,
        jsonld=jsonld_script(graph, request, store),
        formats=formats,
        **matched_peers(request, page),
    )


def document(request: Request, store: GraphStore, iri: str, ext: str, url_of_ext: str) -> Response:
    """The 200 response of one representation (document) of `iri`."""
    try:
        graph = describe(store, library(request), iri)
    except NotFound:
        return not_found(request, store, iri)
    headers = {"Link": link_header(lambda e: f"{url_of_ext}.{e}")}
    if ext == "html":
        return page_response(request, store, iri, graph, url_of_ext, headers)
    return rdf_response(graph, ext, request, store, headers)


@get_and_head(
    router,
    "/id/{path:path}",
    summary="Dereference a resource IRI",
    responses=merged(
        ok("The document (a path with a suffix): a page or RDF.", *OFFERED),
        see_other("The document about the resource in the negotiated format (a path without a suffix)."),
        errors(404, 406),
    ),
)
def resource(path: str, request: Request, store: StoreDep) -> Response:
    """`/id/city/aachen` → 303 to the negotiated document; `/id/city/aachen.ttl` → the document."""
    m = mapper(request)
    stem, ext = split_ext(path)
    iri = str(m.canonical("id/" + stem))
    if not RESOURCE_PATH.fullmatch(stem):  # slugs are ASCII; anything else cannot exist
        return not_found(request, store, iri)
    if ext is not None:
        return document(request, store, iri, ext, m.local(iri))
    links = link_header(lambda e: f"{m.local(iri)}.{e}")
    try:
        describe(store, library(request), iri)
    except NotFound:
        return not_found(request, store, iri)
    chosen = chosen_ext(request)
    if chosen is None:
        return not_acceptable(links)
    target = stem.rsplit("/", 1)[-1] + "." + chosen
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept", "Link": links})


@get_and_head(
    router,
    "/ontology/term/{name}",
    summary="Page about an ontology term",
    responses=merged(ok("The term's page, or its description in RDF.", *OFFERED), errors(404, 406)),
)
def term(name: str, request: Request, store: StoreDep) -> Response:
    """The page of `nzc:{name}`; `…/City.ttl` and friends give its description in RDF.

    Terms have hash IRIs (`https://w3id.org/nzc/ontology#City`) served by the ontology document;
    this page is a document about one term, so it negotiates directly (200, `Vary: Accept`)."""
    m = mapper(request)
    stem, ext = split_ext(name)
    iri = str(NZC) + stem
    if not TERM_NAME.fullmatch(stem):  # only ASCII names exist, and only they are safe in headers
        return not_found(request, store, iri)
    base_url = m.base + "ontology/term/" + stem
    if ext is None:
        ext = chosen_ext(request)
        if ext is None:
            return not_acceptable(link_header(lambda e: f"{base_url}.{e}"))
        response = document(request, store, iri, ext, base_url)
        response.headers["Vary"] = "Accept"
        response.headers["Content-Location"] = f"{base_url}.{ext}"
        return response
    return document(request, store, iri, ext, base_url)
