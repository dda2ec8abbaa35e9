"""The cities on a map: `/map` (a page with a server-rendered SVG map of Europe, a dot per located
city linking to its page, coloured by `colour=role` or `colour=cohort`) and `/cities.geojson`
(the same cities as GeoJSON, a stable URL for programs and GIS tools). Both read the cities
through the named query `list-city-locations`; the country outlines come from the npm package
world-atlas, read by the server (api/assets.py), so the page needs no tile server and no script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from nzc_graph.api.assets import OUTLINES_HINT, outlines_path
from nzc_graph.api.deps import CacheDep, IrisDep, QueriesDep, SettingsDep, StoreDep
from nzc_graph.api.openapi import errors, get_and_head, merged, ok
from nzc_graph.api.rendering import render
from nzc_graph.api.schemas.geo import city_collection
from nzc_graph.api.services import StoreCache
from nzc_graph.formats import GEOJSON_MEDIA_TYPE, HTML_MEDIA_TYPE
from nzc_graph.publishing.geo.basemap import base_map
from nzc_graph.publishing.geo.drawing import COLOUR_LABELS, build_city_map, map_svg, read_colour
from nzc_graph.publishing.geo.locations import CityLocation, load_city_locations
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore

router = APIRouter(tags=["overview"])


def city_locations(store: GraphStore, queries: QueryLibrary, cache: StoreCache) -> tuple[CityLocation, ...]:
    """The cities' locations, read once per store state (the cache is cleared on every write)."""
    return cache.get("city-locations", lambda: load_city_locations(store, queries))


def geojson_response(cities: tuple[CityLocation, ...], iris: IriMapper) -> Response:
    body = city_collection(cities, iris.page).model_dump_json(indent=1)
    return Response(body, media_type=GEOJSON_MEDIA_TYPE)


@get_and_head(
    router,
    "/cities.geojson",
    summary="The cities as GeoJSON points",
    responses=merged(ok("A FeatureCollection, one Point per located city.", GEOJSON_MEDIA_TYPE), errors()),
)
def cities_geojson(store: StoreDep, queries: QueriesDep, cache: CacheDep, iris: IrisDep) -> Response:
    """Every city with coordinates as a Point feature [longitude, latitude] (WGS84), with its IRI,
    name, roles, cohorts, country, population and page; cities without coordinates are left out."""
    return geojson_response(city_locations(store, queries, cache), iris)


@get_and_head(
    router,
    "/map",
    summary="Map of the cities (HTML page)",
    responses=merged(ok("The map page.", HTML_MEDIA_TYPE), errors(400)),
)
def city_map(
    request: Request,
    store: StoreDep,
    queries: QueriesDep,
    cache: CacheDep,
    iris: IrisDep,
    settings: SettingsDep,
    colour: str = "",
) -> Response:
    """The located cities on a map of Europe; `colour` = role (default) or cohort."""
    outlines = outlines_path(settings.root)
    drawn = build_city_map(city_locations(store, queries, cache), base_map(outlines), read_colour(colour))
    geojson_url = iris.base + "cities.geojson"
    return render(
        request,
        "map.html",
        headers={"Link": f'<{geojson_url}>; rel="alternate"; type="{GEOJSON_MEDIA_TYPE}"'},
        section="network",
        city_map=drawn,
        svg=map_svg(drawn, iris.page),
        colour_labels=COLOUR_LABELS,
        geojson_url=geojson_url,
        outlines_hint=None if outlines else OUTLINES_HINT,
    )
