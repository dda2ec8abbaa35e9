"""The programme overview pages: the peer network (`/network`) and the challenge × city matrix
(`/matrix`). Each is one route for people and programs: browsers get the page, programs (no
Accept, `*/*`, JSON, or `format=json`) the JSON; `/network.json` is the network's JSON by URL.
Both are plain GET forms, so every view has a URL to share."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from nzc_graph.api.deps import CacheDep, IrisDep, QueriesDep, StoreDep
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.openapi import PAGE_OR_JSON, errors, get_and_head, merged, ok
from nzc_graph.api.rendering import render, script_json
from nzc_graph.api.schemas.overview import MatrixOut, NetworkOut, matrix_out, network_out
from nzc_graph.api.services import StoreCache
from nzc_graph.errors import NotAcceptable
from nzc_graph.formats import HTML_MEDIA_TYPE
from nzc_graph.publishing.matrix import SCOPE_LABELS, SORT_LABELS, build_matrix, read_scope, read_sort
from nzc_graph.publishing.network import SHARED_CHOICES, build_network, read_filter
from nzc_graph.publishing.overview import OverviewFacts, load_overview_facts
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore

router = APIRouter(tags=["overview"])
JSON_MEDIA_TYPE = "application/json"
# Programs first, as on /cities: no Accept header or */* gets JSON, a browser (text/html) the page.
OFFERED = (JSON_MEDIA_TYPE, HTML_MEDIA_TYPE)
Format = Annotated[
    str | None, Query(alias="format", description="json forces JSON; otherwise the Accept header decides.")
]


def overview_facts(store: GraphStore, queries: QueryLibrary, cache: StoreCache) -> OverviewFacts:
    """The overview snapshot, read once per store state (the cache is cleared on every write)."""
    return cache.get("overview-facts", lambda: load_overview_facts(store, queries))


def wants_json(request: Request, fmt: str | None) -> bool:
    """`/network.json`, `format=json`, or an Accept header that prefers JSON to HTML (or names
    neither but allows anything); a client that accepts neither gets 406."""
    if request.url.path.endswith(".json") or fmt == "json":
        return True
    media_type = negotiate(request.headers.get("accept"), OFFERED)
    if media_type is None:
        raise NotAcceptable(f"this page is available as {' or '.join(OFFERED)}")
    return media_type == JSON_MEDIA_TYPE


@get_and_head(
    router,
    "/network",
    summary="Peer network of the cities (HTML page or JSON)",
    responses=merged(ok("The network as JSON, or its page.", *PAGE_OR_JSON, model=NetworkOut), errors(406)),
)
@get_and_head(
    router,
    "/network.json",
    summary="Peer network of the cities as JSON",
    responses=merged(ok("The network as JSON.", JSON_MEDIA_TYPE, model=NetworkOut), errors(406)),
)
def network(
    request: Request,
    store: StoreDep,
    queries: QueriesDep,
    cache: CacheDep,
    iris: IrisDep,
    theme: str = "",
    cohort: str = "",
    role: str = "",
    shared: str = "",
    fmt: Format = None,
) -> Response:
    """Cities and their peer links, Pilot–Twin pairs and shared challenges; `theme`, `cohort` and
    `role` take a URL key (`finance`, `pcp-2`, `mission-city`) or an IRI, `shared` the least number
    of shared challenges (0 hides those links)."""
    facts = overview_facts(store, queries, cache)
    net = build_network(facts, read_filter(facts, theme, cohort, role, shared))
    body = network_out(net, iris.page)
    json_url = iris.base + "network.json" + (f"?{request.url.query}" if request.url.query else "")
    headers = {"Vary": "Accept", "Link": f'<{json_url}>; rel="alternate"; type="{JSON_MEDIA_TYPE}"'}
    if wants_json(request, fmt):
        return JSONResponse(body.model_dump(mode="json"), headers=headers)
    return render(
        request,
        "network.html",
        headers=headers,
        section="network",
        facts=facts,
        network=net,
        shared_choices=SHARED_CHOICES,
        data=script_json(body.model_dump_json()),
        json_url=json_url,
    )


@get_and_head(
    router,
    "/matrix",
    summary="Challenge × city matrix (HTML page or JSON)",
    responses=merged(ok("The matrix as JSON, or its page.", *PAGE_OR_JSON, model=MatrixOut), errors(406)),
)
def matrix(
    request: Request,
    store: StoreDep,
    queries: QueriesDep,
    cache: CacheDep,
    iris: IrisDep,
    sort: str = "",
    scope: str = "",
    fmt: Format = None,
) -> Response:
    """Which city faces which challenge and the furthest status of its practices for it;
    `sort` = shared (default), practices or name; `scope` = shared (default) or all."""
    facts = overview_facts(store, queries, cache)
    table = build_matrix(facts, read_sort(sort), read_scope(scope))
    if wants_json(request, fmt):
        return JSONResponse(matrix_out(table, iris.page).model_dump(mode="json"), headers={"Vary": "Accept"})
    return render(
        request,
        "matrix.html",
        headers={"Vary": "Accept"},
        section="network",
        matrix=table,
        sort_labels=SORT_LABELS,
        scope_labels=SCOPE_LABELS,
    )
