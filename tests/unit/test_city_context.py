"""Size bands and great-circle distances (search/places.py), and the reasons they give matchmaking
(fit.context_fit): context after complementarity, from GeoNames' numbers in the graph, never a guess."""

from __future__ import annotations

import math

import pytest

from nzc_graph.search.facts import City
from nzc_graph.search.fit import CONTEXT_STEP, context_fit
from nzc_graph.search.places import (
    EARTH_RADIUS_KM,
    NEIGHBOUR_KM,
    SIZE_BANDS,
    Point,
    distance_km,
    inhabitants,
    kilometres,
    places_of,
    similar_size,
    size_band,
)


def city(slug: str, population: int | None = None, point: Point | None = None) -> City:
    return City(
        f"https://w3id.org/nzc/id/city/{slug}",
        slug.title(),
        (slug.title(),),
        None,
        None,
        None,
        frozenset(),
        frozenset(),
        population,
        point,
    )


def test_the_bands_cover_every_population_once_without_gaps() -> None:
    assert SIZE_BANDS[0].low == 0 and SIZE_BANDS[-1].high is None
    for lower, upper in zip(SIZE_BANDS, SIZE_BANDS[1:], strict=False):
        assert lower.high == upper.low
    for n in (1, 99_999, 100_000, 249_999, 250_000, 499_999, 500_000, 999_999, 1_000_000, 15_701_602):
        assert sum(b.holds(n) for b in SIZE_BANDS) == 1, n


@pytest.mark.parametrize(
    ("population", "label"),
    [
        (1_453, "under 100 k"),
        (99_999, "under 100 k"),
        (100_000, "100–250 k"),
        (240_000, "100–250 k"),
        (250_000, "250–500 k"),
        (265_208, "250–500 k"),
        (500_000, "0.5–1 M"),
        (1_000_000, "over 1 M"),
    ],
)
def test_a_band_runs_from_its_lower_bound_included(population: int, label: str) -> None:
    band = size_band(population)
    assert band is not None and band.label == label


def test_an_unknown_population_has_no_band_and_is_similar_to_nothing() -> None:
    assert size_band(None) is None and size_band(0) is None
    assert not similar_size(None, None) and not similar_size(None, 265_208) and not similar_size(265_208, None)
    assert similar_size(265_208, 285_273) and not similar_size(265_208, 741_636)


def test_haversine_against_the_sphere() -> None:
    one_degree = math.pi * EARTH_RADIUS_KM / 180
    assert distance_km(Point(0, 0), Point(1, 0)) == pytest.approx(one_degree)
    assert distance_km(Point(0, 0), Point(0, 90)) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)
    assert distance_km(Point(90, 0), Point(-90, 0)) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert distance_km(Point(60, 179.5), Point(60, -179.5)) == pytest.approx(
        one_degree * math.cos(math.radians(60)), rel=1e-4
    )
    a, b = Point(50.77664, 6.08342), Point(50.87959, 4.70093)
    assert distance_km(a, b) == distance_km(b, a) and distance_km(a, a) == 0


def test_distances_of_known_pairs_from_their_coordinates_in_the_graph(index) -> None:
    """Coordinates as data/ttl/geonames.ttl gives them; the expected values were worked out
    independently with the spherical law of cosines on the same radius."""
    cities = index.facts.cities

    def km(a: str, b: str) -> float:
        pa, pb = cities[f"https://w3id.org/nzc/id/city/{a}"].point, cities[f"https://w3id.org/nzc/id/city/{b}"].point
        assert pa is not None and pb is not None
        return distance_km(pa, pb)

    assert km("aachen", "leuven") == pytest.approx(97.77, abs=0.01)
    assert km("lund", "malmo") == pytest.approx(16.41, abs=0.01)
    assert km("helsinki", "espoo") == pytest.approx(16.15, abs=0.01)
    assert km("kozani", "thessaloniki") > 100


@pytest.mark.parametrize(
    ("n", "text"), [(850, "850"), (6_318, "6.3 k"), (9_999, "10 k"), (36_481, "36 k"), (265_208, "265 k"),
                    (999_700, "1 M"), (1_515_017, "1.5 M"), (15_701_602, "15.7 M")],
)  # fmt: skip
def test_populations_are_written_in_k_and_m(n: int, text: str) -> None:
    assert inhabitants(n) == text


def test_distances_are_rounded_for_people() -> None:
    assert [kilometres(km) for km in (0.3, 16.41, 97.77, 121.6, 199.9)] == [
        "under 1 km",
        "16 km",
        "98 km",
        "120 km",
        "200 km",
    ]


def test_the_places_rows_keep_numbers_and_drop_the_rest() -> None:
    rows = [
        {"city": "c:a", "population": "265208", "lat": "50.77664", "long": "6.08342"},
        {"city": "c:b", "population": "0", "lat": "50.1"},
        {"city": "c:c", "population": "many", "lat": "north", "long": "6.0"},
    ]
    found = places_of(rows)
    assert found["c:a"] == (265_208, Point(50.77664, 6.08342))
    assert found["c:b"] == (None, None) and found["c:c"] == (None, None)


def test_similar_size_and_neighbours_give_one_reason_each() -> None:
    aachen = city("aachen", 265_208, Point(50.77664, 6.08342))
    leuven = city("leuven", 101_032, Point(50.87959, 4.70093))
    porto = city("porto", 249_633 + 3_000, Point(41.14961, -8.61099))
    value, reasons = context_fit(porto, aachen)
    assert value == CONTEXT_STEP and [r.kind for r in reasons] == ["size"]
    assert reasons[0].text == "similar size: Porto 253 k and Aachen 265 k inhabitants, both 250–500 k (GeoNames)"
    assert reasons[0].populations == (252_633, 265_208)
    value, reasons = context_fit(leuven, aachen)
    assert value == CONTEXT_STEP and [r.kind for r in reasons] == ["distance"]
    assert reasons[0].text == "neighbours, 98 km apart (GeoNames)" and reasons[0].distance_km == 97.8


def test_without_numbers_there_is_no_reason_and_no_guess() -> None:
    aachen = city("aachen", 265_208, Point(50.77664, 6.08342))
    assert context_fit(city("gozo"), aachen) == (0.0, [])
    assert context_fit(aachen, city("gozo")) == (0.0, [])
    assert context_fit(city("near", None, Point(50.8, 6.1)), city("size", 265_208)) == (0.0, [])
    far = city("far", 240_000, Point(41.14961, -8.61099))  # another band, and further than NEIGHBOUR_KM
    assert distance_km(far.point or Point(0, 0), aachen.point or Point(0, 0)) > NEIGHBOUR_KM
    assert context_fit(far, aachen) == (0.0, [])
