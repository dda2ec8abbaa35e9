"""The map's geometry: the projection puts known places where they belong, TopoJSON decodes as
the specification says (quantized deltas, reversed arcs, shared points kept once, polygons with
holes), the world-atlas outlines hold their capitals, rings are clipped to the frame, and a
missing outlines file leaves a map of the graticule alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nzc_graph.api.assets import outlines_path
from nzc_graph.config import project_root
from nzc_graph.errors import ConfigurationError, InvalidQueryParameter
from nzc_graph.publishing.geo.basemap import base_map, clip_ring, path_data, thin
from nzc_graph.publishing.geo.drawing import build_city_map, read_colour
from nzc_graph.publishing.geo.locations import CityLocation
from nzc_graph.publishing.geo.projection import EUROPE, Frame, laea
from nzc_graph.publishing.geo.topojson import decode_arcs, outlines, read_outlines, ring
from nzc_graph.publishing.overview import Option

FRAME = Frame.around(EUROPE, width=900)
PLACES = {  # (longitude, latitude)
    "Aachen": (6.08342, 50.77664),
    "Brussels": (4.35, 50.85),
    "Paris": (2.35, 48.86),
    "Reykjavik": (-21.9, 64.15),
    "Nicosia": (33.36, 35.17),
    "Izmir": (27.14, 38.42),
    "Lisbon": (-9.14, 38.72),
    "Helsinki": (24.94, 60.17),
}


def at(name: str) -> tuple[float, float]:
    return FRAME.point(*PLACES[name])


def test_aachen_lies_east_of_brussels_and_north_of_paris() -> None:
    (ax, ay), (bx, by), (px, py) = at("Aachen"), at("Brussels"), at("Paris")
    assert ax > bx > px  # x grows eastwards
    assert ay < py and by < py  # y grows downwards, as in SVG
    assert abs(ay - by) < 3  # Aachen and Brussels are on almost the same parallel


def test_the_frame_holds_iceland_cyprus_western_turkey_and_portugal() -> None:
    for name in PLACES:
        assert FRAME.inside(*at(name)), name
    assert at("Lisbon")[0] < at("Paris")[0] < at("Helsinki")[0] < at("Nicosia")[0]
    assert at("Reykjavik")[0] < at("Paris")[0]  # high latitudes lean towards the centre: not west of Lisbon
    assert at("Nicosia")[1] > at("Izmir")[1] > at("Lisbon")[1] > at("Helsinki")[1] > at("Reykjavik")[1]


def test_the_projection_keeps_distances_near_the_centre() -> None:
    x, y = laea(10.0, 52.0)
    assert (x, y) == (0.0, 0.0)
    east, _ = laea(11.0, 52.0)  # one degree of longitude at 52° N: 111.2 km × cos 52° ≈ 68.5 km
    assert 68_000 < east < 69_000
    with pytest.raises(ValueError):
        laea(-170.0, -52.0)  # the antipode has no place on the map


QUANTIZED = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    # arc 0: (0,0) → (4,0) → (4,4); arc 1: (4,4) → (0,4) → (0,0); arc 2: a hole, (1,1) … (1,1)
    "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]], [[1, 1], [0, 1], [1, 0], [0, -1], [-1, 0]]],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1], [2]], "id": "001", "properties": {"name": "Square"}},
                {"type": "MultiPolygon", "arcs": [[[-2, -1]]], "id": "002", "properties": {"name": "Back"}},
                {"type": None, "id": "003", "properties": {"name": "Nothing"}},
            ],
        }
    },
}


def test_quantized_arcs_are_deltas_from_the_previous_position() -> None:
    arcs = decode_arcs(QUANTIZED)
    assert arcs[0] == [(0, 0), (4, 0), (4, 4)]
    assert arcs[1] == [(4, 4), (0, 4), (0, 0)]


def test_a_negative_index_walks_the_arc_backwards_and_joins_keep_one_point() -> None:
    arcs = decode_arcs(QUANTIZED)
    assert ring(arcs, [0, 1]) == ((0, 0), (4, 0), (4, 4), (0, 4), (0, 0))
    assert ring(arcs, [~1, ~0]) == ((0, 0), (0, 4), (4, 4), (4, 0), (0, 0))


def test_polygons_multipolygons_and_null_geometries() -> None:
    square, back, nothing = outlines(QUANTIZED, "countries")
    assert (square.id, square.name) == ("001", "Square")
    assert len(square.polygons) == 1 and len(square.polygons[0]) == 2  # outer ring and one hole
    assert square.polygons[0][1][0] == square.polygons[0][1][-1] == (1, 1)
    assert back.polygons[0][0][:2] == ((0, 0), (0, 4))
    assert nothing.polygons == ()


def test_scale_and_translate_place_a_quantized_point() -> None:
    topology = {**QUANTIZED, "transform": {"scale": [0.5, 0.25], "translate": [-10, 40]}}
    assert decode_arcs(topology)[0] == [(-10, 40), (-8, 40), (-8, 41)]


def test_a_file_that_is_not_topojson_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "countries.json"
    bad.write_text(json.dumps({"type": "FeatureCollection"}))
    with pytest.raises(ConfigurationError, match="countries.json"):
        read_outlines(bad)
    bad.write_text("{not json")
    with pytest.raises(ConfigurationError, match="npm ci"):
        read_outlines(bad)


def inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting, for the test only."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


@pytest.fixture(scope="module")
def world_atlas() -> Path:
    path = outlines_path(project_root())
    if path is None:
        pytest.skip("world-atlas is not installed (make install runs npm ci)")
    return path


def test_the_world_atlas_outlines_hold_their_capitals(world_atlas: Path) -> None:
    countries = {o.name: o for o in read_outlines(world_atlas)}
    assert len(countries) > 200
    for name, capital in (("Germany", (13.4, 52.52)), ("Iceland", (-21.9, 64.15)), ("Cyprus", (33.04, 34.68))):
        assert any(inside(capital, p[0]) for p in countries[name].polygons), name
    assert not any(inside((13.4, 52.52), p[0]) for p in countries["France"].polygons)
    assert countries["Germany"].id == "276"  # ISO 3166-1 numeric


def test_the_base_map_of_europe_is_clipped_to_its_frame(world_atlas: Path) -> None:
    drawn = base_map(world_atlas)
    names = {c.name for c in drawn.countries}
    assert {"Iceland", "Cyprus", "Turkey", "Portugal", "Finland", "Malta"} <= names
    assert "Brazil" not in names and "Australia" not in names
    assert drawn.graticule


def test_without_outlines_the_base_map_is_the_graticule_alone(tmp_path: Path) -> None:
    for missing in (None, tmp_path / "no-such.json"):
        drawn = base_map(missing)
        assert drawn.countries == () and drawn.graticule


def test_clipping_thinning_and_path_data() -> None:
    clipped = clip_ring([(-5, 5), (5, 5), (5, 15), (-5, 15), (-5, 5)], 10, 10)
    assert sorted(clipped) == [(0, 5), (0, 10), (5, 5), (5, 10)]
    assert clip_ring([(20, 20), (30, 20), (30, 30)], 10, 10) == []
    assert thin([(0, 0), (0.1, 0.1), (2, 0), (2.1, 0)], step=1) == [(0, 0), (2, 0)]
    assert path_data([[(1.04, 2.0), (3.0, 2.0), (3.0, 0.46)]]) == "M1,2l2,0 0,-1.5z"


def city(name: str, lon: float | None, lat: float | None, role: str, cohort: int | None = None) -> CityLocation:
    cohorts = (
        (Option(f"https://w3id.org/nzc/id/cohort/pcp-{cohort}", f"cohort {cohort}", str(cohort)),) if cohort else ()
    )
    roles = (Option(f"https://w3id.org/nzc/id/role/{role}", role.replace("-", " ").title()),) if role else ()
    return CityLocation(f"https://w3id.org/nzc/id/city/{name}", name, lat, lon, None, None, roles, cohorts)


def test_cities_are_coloured_by_role_or_cohort_and_unlocated_ones_listed() -> None:
    cities = [
        city("a", 6.0, 50.0, "mission-city", 2),
        city("b", 10.0, 55.0, "pilot-city", 1),
        city("c", None, None, "twin-city", 1),
        city("d", 20.0, 45.0, ""),
    ]
    empty = base_map(None)
    by_role = build_city_map(cities, empty, read_colour(""))
    assert [n.city.label for n in by_role.nodes] == ["a", "b", "d"]
    assert [n.colour for n in by_role.nodes] == ["role-mission-city", "role-pilot-city", "role-none"]
    assert [(e.label, e.count) for e in by_role.legend] == [
        ("Pilot City", 1),
        ("Mission City", 1),
        ("no programme role recorded", 1),
    ]
    assert [c.label for c in by_role.not_located] == ["c"]
    by_cohort = build_city_map(cities, empty, read_colour("cohort"))
    assert [n.colour for n in by_cohort.nodes] == ["tone-2", "tone-1", "tone-none"]
    assert [e.label for e in by_cohort.legend] == ["cohort 1", "cohort 2", "in no cohort"]
    with pytest.raises(InvalidQueryParameter, match="role, cohort"):
        read_colour("population")
