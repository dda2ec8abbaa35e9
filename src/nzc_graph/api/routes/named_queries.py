"""The named-query library over HTTP: list with metadata, run with typed parameters.

Browsers get pages (the library, and a form with the results); every other client gets JSON and
SPARQL results as before. A parameter that takes a city, challenge, … also accepts its slug.
Named queries are ours and bounded, so they run in-process on the store (its in-memory replica),
not in the user-query workers.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from nzc_graph.api.access import AddressLimited
from nzc_graph.api.deps import CacheDep, IrisDep, QueriesDep, StoreDep
from nzc_graph.api.openapi import PAGE_OR_JSON, errors, merged, ok
from nzc_graph.api.query_pages import choices_reader, library_page, query_page, wants_page
from nzc_graph.api.sparql_formats import GRAPH_TYPES, RESULT_TYPES, choose
from nzc_graph.errors import NotAcceptable
from nzc_graph.formats import HTML_MEDIA_TYPE, by_query_kind
from nzc_graph.publishing.query_forms import resolve_slugs
from nzc_graph.queries import NamedQuery
from nzc_graph.store.bindings import inject_values

router = APIRouter(prefix="/queries", tags=["named queries"], dependencies=[AddressLimited], responses=errors(406, 429))
JSON_TYPE = "application/json"


def describe(q: NamedQuery, base: str) -> dict[str, object]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "kind": q.kind,
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "required": p.required, "description": p.description}
            for p in q.params
        ],
        "columns": list(q.columns),
        "example": q.example,
        "url": f"{base}/queries/{q.name}",
    }


@router.get("", response_class=Response, responses=ok("The library as JSON, or its page.", *PAGE_OR_JSON))
def list_queries(request: Request, queries: QueriesDep) -> Response:
    """Every named query with its title, description, parameters and columns (`format=json`)."""
    if wants_page(request, [JSON_TYPE]):
        return library_page(request, queries.all())
    fmt = request.query_params.get("format")
    if fmt not in (None, "json"):
        raise NotAcceptable(f"format={fmt!r}: the list of named queries is JSON (format=json)")
    base = str(request.base_url).rstrip("/")
    return JSONResponse({"queries": [describe(q, base) for q in queries.all()]}, headers={"Vary": "Accept"})


@router.get(
    "/{name}",
    response_class=Response,
    responses=merged(
        ok(
            "The results in the negotiated format, or the query's form and results for browsers.",
            *dict.fromkeys((*RESULT_TYPES, *GRAPH_TYPES, HTML_MEDIA_TYPE)),
        ),
        errors(404, 413, 422),
    ),
)
def run_query(
    name: str,
    request: Request,
    library: QueriesDep,
    store: StoreDep,
    cache: CacheDep,
    iris: IrisDep,
) -> Response:
    """Run a named query; parameters come from the query string, bound as typed RDF terms.

    Results are negotiated like /sparql (Accept header or `format`).
    """
    raw = {k: v for k, v in request.query_params.items() if k != "format"}
    choices_of = choices_reader(store, library, cache)
    if name not in library.names() and wants_page(request, [JSON_TYPE]):
        return library_page(request, library.all(), f"There is no named query '{name}'.", status=404)
    query = library.get(name)
    if wants_page(request, [f.media_type for f in by_query_kind(query.kind)]):
        return query_page(request, iris, library, store, query, raw, choices_of)
    bindings = library.bind(name, resolve_slugs(query, raw, choices_of))
    media_types = choose(query.kind, request.headers.get("accept"), request.query_params.get("format"))
    result = store.serialized_query(inject_values(query.text, bindings), media_types)
    if result.body is not None:
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})
    return StreamingResponse(result.chunks, media_type=result.media_type, headers={"Vary": "Accept"})
