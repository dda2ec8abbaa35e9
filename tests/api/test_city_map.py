"""The map of the cities (`/map`) and their GeoJSON (`/cities.geojson`): one Point per city the
graph places, at the graph's coordinates, with the same city on the map page as a link; the
colour switch is a query parameter; the GeoJSON is cached like the other dumps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.namespaces import GEO, NZC
from nzc_graph.store import EmbeddedStore

CITY = "https://w3id.org/nzc/id/city/"


def graph_coordinates(store: EmbeddedStore) -> dict[str, tuple[Decimal, Decimal]]:
    """city IRI → (long, lat) as the graph holds them, read with a tiny ad-hoc probe."""
    rows = store.select(
        "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> PREFIX nzc: <https://w3id.org/nzc/ontology#> "
        "SELECT ?c ?lat ?long WHERE { ?c a nzc:City ; geo:lat ?lat ; geo:long ?long }"
    )
    return {str(r["c"]): (Decimal(str(r["long"])), Decimal(str(r["lat"]))) for r in rows}


def test_geojson_has_one_point_per_located_city_at_the_graphs_coordinates(client: TestClient, store) -> None:
    r = client.get("/cities.geojson")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    data = r.json()
    assert data["type"] == "FeatureCollection"
    expected = graph_coordinates(store)
    assert len(expected) > 100
    ids = [f["id"] for f in data["features"]]
    assert len(ids) == len(set(ids)) == len(expected)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        long, lat = feature["geometry"]["coordinates"]
        assert (Decimal(str(long)), Decimal(str(lat))) == expected[feature["id"]], feature["id"]
        assert -180 <= long <= 180 and -90 <= lat <= 90
        assert feature["properties"]["iri"] == feature["id"]
    aachen = next(f for f in data["features"] if f["id"] == CITY + "aachen")
    assert aachen["geometry"]["coordinates"] == [6.08342, 50.77664]  # east, north: GeoJSON order
    props = aachen["properties"]
    assert props["name"] == "Aachen" and props["country"] == "Germany" and props["isoCode"] == "DE"
    assert props["roles"][0] == "Pilot City" and "Mission City" in props["roles"]
    assert props["population"] == 265208
    assert props["page"].endswith("/id/city/aachen")


def test_cities_without_coordinates_are_left_out_of_the_geojson_and_listed_on_the_map(
    client: TestClient, store
) -> None:
    located = graph_coordinates(store)
    ids = {f["id"] for f in client.get("/cities.geojson").json()["features"]}
    assert CITY + "gozo" not in ids and CITY + "gozo" not in located
    page = client.get("/map", headers={"Accept": "text/html"}).text
    aside = page[page.index('id="h-unlocated"') : page.index("</aside>")]
    assert ">Gozo</a>" in aside and "(5)" in aside


def test_the_geojson_is_cached_and_revalidated_like_a_dump(client: TestClient) -> None:
    first = client.get("/cities.geojson")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/cities.geojson", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_map_has_a_linked_dot_per_located_city(client: TestClient, store) -> None:
    r = client.get("/map", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "application/geo+json" in r.headers["link"]
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'role="group" aria-label="Map of Europe' in svg
    assert '<g role="img" aria-label="Country outlines of Europe">' in svg  # the picture; the dots stay links
    dots = re.findall(r'<a href="([^"]+)" class="map-city" data-iri="([^"]+)"><title>([^<]*)</title><circle', svg)
    assert {d[1] for d in dots} == set(graph_coordinates(store))
    aachen = next(d for d in dots if d[1] == CITY + "aachen")
    assert aachen[0].endswith("/id/city/aachen")
    assert aachen[2] == "Aachen (Germany) — Pilot City, Mission City; in no cohort"
    assert svg.count("<path d=") > 40  # the countries are drawn (world-atlas is installed)
    assert 'class="located-table"' in r.text and r.text.count('<th scope="row">') == len(dots)


def test_the_colour_switch_is_a_query_parameter(client: TestClient) -> None:
    by_role = client.get("/map", headers={"Accept": "text/html"}).text
    by_cohort = client.get("/map?colour=cohort", headers={"Accept": "text/html"}).text
    assert "map-dot role-pilot-city" in by_role and "map-dot tone-" not in by_role
    assert "map-dot tone-1" in by_cohort and "map-dot role-" not in by_cohort
    assert '/map?colour=cohort" aria-current="page"' in by_cohort
    assert '/map?colour=role">' in by_cohort and '/map?colour=role" aria-current="page"' in by_role
    assert "Pilot Cities Programme cohort 1" in by_cohort
    bad = client.get("/map?colour=size")
    assert bad.status_code == 400 and "colour must be one of role, cohort" in bad.text


def test_the_home_page_and_the_network_link_to_the_map(client: TestClient) -> None:
    for path in ("/", "/network"):
        assert re.search(r'href="[^"]*/map">', client.get(path, headers={"Accept": "text/html"}).text), path


@pytest.fixture()
def hostile_client(app_settings: Settings) -> Iterator[TestClient]:
    """An app on a tiny store whose one city has a name and IRI made to break out of SVG."""
    city = URIRef(CITY + "x'&amp;y")  # an IRI cannot hold quotes or angle brackets; these it can
    g = Graph()
    g.add((city, RDF.type, NZC.City))
    g.add((city, RDFS.label, Literal('<b>"Evil" & co</b><script>alert(1)</script>', lang="en")))
    g.add((city, GEO.lat, Literal(Decimal("50.0"))))
    g.add((city, GEO.long, Literal(Decimal("8.0"))))
    store = EmbeddedStore(None)
    store.add_graph("urn:test:hostile", g)
    with TestClient(create_app(app_settings, store)) as c:
        yield c


def test_the_map_escapes_every_text(hostile_client: TestClient) -> None:
    page = hostile_client.get("/map", headers={"Accept": "text/html"}).text
    assert "<script>alert(1)" not in page and '<b>"Evil"' not in page
    assert "&lt;b&gt;" in page and "&amp;amp;y" in page  # the label and the IRI, escaped
    assert page.count('class="map-city"') == 1
    data = hostile_client.get("/cities.geojson").json()
    assert data["features"][0]["properties"]["name"].startswith('<b>"Evil" & co</b>')


def test_cities_negotiates_geojson_and_keeps_json_for_programs(client: TestClient) -> None:
    geo = client.get("/cities", headers={"Accept": "application/geo+json"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json() == client.get("/cities.geojson").json()
    assert "cities" in client.get("/cities", headers={"Accept": "*/*"}).json()
    assert "cities" in client.get("/cities").json()
    page = client.get("/cities", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")


@pytest.fixture()
def bare_client(app_settings: Settings, store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    """An app whose project root has the sources but no node_modules/ (npm never ran)."""
    for folder in ("ontology", "shapes", "queries", "data"):
        (tmp_path / folder).symlink_to(app_settings.root / folder)
    bare = Settings.model_validate({**app_settings.model_dump(), "root": tmp_path})
    with TestClient(create_app(bare, store)) as c:
        yield c


def test_without_node_modules_the_map_draws_the_cities_on_a_graticule(bare_client: TestClient, store) -> None:
    page = bare_client.get("/map", headers={"Accept": "text/html"}).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert '<g class="map-land"></g>' in svg and 'aria-label="Lines of longitude and latitude over Europe"' in svg
    assert svg.count('class="map-city"') == len(graph_coordinates(store))
    assert "The country outlines are not installed here" in page and "npm ci" in page
    assert bare_client.get("/cities.geojson").status_code == 200
