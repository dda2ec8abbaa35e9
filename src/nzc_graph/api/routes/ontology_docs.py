"""The ontology document: `/ontology` (pyLODE HTML or RDF), its formats, and the JSON-LD @context.

The ontology uses hash IRIs (`https://w3id.org/nzc/ontology#City`): the document at
`/ontology` describes every term, so it negotiates directly (200, `Vary: Accept`,
`Content-Location`), as in "Cool URIs for the Semantic Web" §4.2.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nzc_graph.api.deps import StoreDep
from nzc_graph.api.openapi import errors, get_and_head, merged, ok
from nzc_graph.api.rendering import (
    EXTS,
    OFFERED,
    chosen_ext,
    context,
    link_header,
    mapper,
    not_acceptable,
    rdf_response,
    store_cache,
)
from nzc_graph.errors import NotFound
from nzc_graph.formats import JSON_LD
from nzc_graph.namespaces import ONTOLOGY_IRI
from nzc_graph.publishing.linked_data import ontology_graph, ontology_html
from nzc_graph.store.base import GraphStore

router = APIRouter(tags=["linked data"])


def _document(request: Request, store: GraphStore, ext: str) -> Response:
    base_url = mapper(request).base + "ontology"
    headers = {"Link": link_header(lambda e: f"{base_url}.{e}")}
    if ext == "html":
        html = store_cache(request).get("ontology.html", lambda: ontology_html(ontology_graph(store)))
        return HTMLResponse(html, headers=headers)
    return rdf_response(ontology_graph(store), ext, request, store, headers)


@get_and_head(
    router,
    "/ontology",
    summary="The ontology (negotiated)",
    responses=merged(ok("The ontology documentation page, or the ontology in RDF.", *OFFERED), errors(406)),
)
def ontology(request: Request, store: StoreDep) -> Response:
    """pyLODE documentation for browsers; Turtle, JSON-LD, N-Triples or RDF/XML for machines."""
    base_url = mapper(request).base + "ontology"
    ext = chosen_ext(request)
    if ext is None:
        return not_acceptable(link_header(lambda e: f"{base_url}.{e}"))
    response = _document(request, store, ext)
    response.headers["Vary"] = "Accept"
    response.headers["Content-Location"] = f"{base_url}.{ext}"
    return response


@get_and_head(
    router,
    "/ontology/context.jsonld",
    summary="The published JSON-LD @context",
    responses=merged(ok("The @context.", JSON_LD.media_type), errors()),
)
def jsonld_context(request: Request, store: StoreDep) -> Response:
    """The @context every JSON-LD answer of the service uses (inlined there so it parses offline)."""
    body = json.dumps({"@context": context(request, store)}, indent=1, ensure_ascii=False)
    return Response(body, media_type=JSON_LD.media_type, headers={"Link": f'<{ONTOLOGY_IRI}>; rel="describedby"'})


@get_and_head(
    router,
    "/ontology.{ext}",
    summary="The ontology in one format",
    responses=merged(ok("The ontology in the format of the suffix.", *OFFERED), errors(404)),
)
def ontology_format(ext: str, request: Request, store: StoreDep) -> Response:
    if ext not in EXTS:
        raise NotFound(f"no ontology format '.{ext}'", [mapper(request).base + "ontology." + e for e in EXTS])
    return _document(request, store, ext)
