"""Directory pages: `/cities` and `/challenges` (HTML for people, JSON for programs), and
`/browse` with every other list of the graph (practice kinds, themes, sessions, organisations)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from nzc_graph.api.deps import CacheDep, IndexDep, IrisDep, QueriesDep, StoreDep
from nzc_graph.api.errors import wants_page
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.openapi import PAGE_OR_JSON, errors, get_and_head, merged, ok
from nzc_graph.api.rendering import render
from nzc_graph.api.routes.city_map import city_locations, geojson_response
from nzc_graph.formats import GEOJSON_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE
from nzc_graph.namespaces import NZC
from nzc_graph.publishing.directory import challenge_rows, city_rows
from nzc_graph.publishing.linked_data import class_instances
from nzc_graph.search.filters import filter_options, resolve_filters, resolve_theme

router = APIRouter(tags=["directory"])
# The /browse lists: heading → classes whose instances it shows.
BROWSE_LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Practice kinds", ("PracticeKind",)),
    ("Themes", ("Theme",)),
    ("Learning sessions", ("LearningSession", "PeerLearningSession", "SensemakingRound")),
    ("Organisations", ("Organisation",)),
)
Filter = Annotated[str | None, Query(description="Slug, label or IRI; empty for any.")]


@get_and_head(
    router,
    "/cities",
    summary="Every city, with roles, cohorts and counts",
    responses=merged(
        ok(
            "The cities as JSON, the directory page, or GeoJSON (as /cities.geojson).",
            *PAGE_OR_JSON,
            GEOJSON_MEDIA_TYPE,
        ),
        errors(404, 422),
    ),
)
def cities(
    request: Request,
    index: IndexDep,
    store: StoreDep,
    queries: QueriesDep,
    cache: CacheDep,
    iris: IrisDep,
    role: Filter = None,
    cohort: Filter = None,
    country: Filter = None,
) -> Response:
    """A client that asks for application/geo+json above JSON and HTML gets every located city as
    GeoJSON, the filters aside: the same document as /cities.geojson."""
    offered = (JSON_MEDIA_TYPE, HTML_MEDIA_TYPE, GEOJSON_MEDIA_TYPE)
    if negotiate(request.headers.get("accept"), offered) == GEOJSON_MEDIA_TYPE:
        return geojson_response(city_locations(store, queries, cache), iris)
    filters = resolve_filters(index.facts, role=role, cohort=cohort, country=country)
    rows = city_rows(index.facts, filters)
    if not wants_page(request):
        return JSONResponse({"cities": [asdict(r) for r in rows]})
    chosen = {k: v for k, v in {"role": role, "cohort": cohort, "country": country}.items() if v}
    options = filter_options(index.facts)
    return render(request, "cities.html", section="cities", rows=rows, chosen=chosen, options=options)


@get_and_head(
    router,
    "/challenges",
    summary="Every challenge, most shared first",
    responses=merged(ok("The challenges as JSON, or the directory page.", *PAGE_OR_JSON), errors(404, 422)),
)
def challenges(request: Request, index: IndexDep, theme: Filter = None) -> Response:
    rows = challenge_rows(index.facts, resolve_theme(index.facts, theme) if theme else None)
    if not wants_page(request):
        return JSONResponse({"challenges": [asdict(r) for r in rows]})
    options = filter_options(index.facts)
    return render(request, "challenges.html", section="challenges", rows=rows, theme=theme or "", options=options)


@get_and_head(router, "/browse", summary="Every other list of the graph", include_in_schema=False)
def browse(request: Request, store: StoreDep, queries: QueriesDep) -> Response:
    lists = []
    for heading, classes in BROWSE_LISTS:
        found: dict[str, str] = {}
        for cls in classes:
            found.update(class_instances(store, queries, str(NZC[cls])))
        lists.append((heading, sorted(found.items(), key=lambda kv: kv[1].lower())))
    return render(request, "browse.html", section="", lists=lists)
