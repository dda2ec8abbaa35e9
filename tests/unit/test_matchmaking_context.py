"""Size and distance in matchmaking on the real curated graph: reasons where GeoNames gives the
numbers and none where it does not, after complementarity and never above it, and the filter
`size=similar`."""

from __future__ import annotations

import pytest

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search import matchmaking
from nzc_graph.search.matchmaking import MatchResult, PeerMatch, helped_by, match
from nzc_graph.search.places import NEIGHBOUR_KM, distance_km, size_band
from nzc_graph.search.reasons import CONTEXT_KINDS

CITY = "https://w3id.org/nzc/id/city/"
AACHEN, LEUVEN, VALLADOLID, GOZO, LLOBREGAT = (
    CITY + "aachen",
    CITY + "leuven",
    CITY + "valladolid",
    CITY + "gozo",
    CITY + "llobregat",
)


def peer(result: MatchResult, iri: str) -> PeerMatch:
    return next(m for m in result.results if m.city == iri)


def test_the_graph_gives_most_cities_a_population_and_a_place(index) -> None:
    cities = index.facts.cities.values()
    assert sum(c.population is not None for c in cities) >= 120
    assert sum(c.point is not None for c in cities) >= 120
    gozo = index.facts.cities[GOZO]  # GeoNames holds the island as no one populated place
    assert gozo.population is None and gozo.point is None


def test_a_neighbour_and_a_city_of_a_similar_size_say_so_in_the_why(matches) -> None:
    leuven = peer(matches[AACHEN], LEUVEN)
    distance = [r for r in leuven.reasons if r.kind == "distance"]
    assert [r.text for r in distance] == ["neighbours, 98 km apart (GeoNames)"]
    assert leuven.why.endswith("; neighbours, 98 km apart (GeoNames).") and leuven.context > 0
    valladolid = peer(matches[AACHEN], VALLADOLID)
    size = [r for r in valladolid.reasons if r.kind == "size"]
    assert [r.text for r in size] == [
        "similar size: Valladolid 301 k and Aachen 265 k inhabitants, both 250–500 k (GeoNames)"
    ]
    assert size[0].populations is not None and size[0].populations[1] == 265_208
    assert "similar size: Valladolid 301 k and Aachen 265 k inhabitants" in valladolid.why


def test_context_reasons_hold_on_every_match_and_come_last(index, matches) -> None:
    cities, seen = index.facts.cities, 0
    for city, result in matches.items():
        me = cities[city]
        for m in result.results:
            other = cities[m.city]
            kinds = [r.kind for r in m.reasons]
            tail = [k for k in kinds if k in CONTEXT_KINDS]
            assert kinds[len(kinds) - len(tail) :] == tail, (city, m.city)
            for r in m.reasons:
                if r.kind == "size":
                    assert size_band(me.population) == size_band(other.population) is not None
                    assert r.populations == (other.population, me.population)
                if r.kind == "distance":
                    assert me.point and other.point and r.distance_km is not None
                    assert r.distance_km == pytest.approx(distance_km(me.point, other.point), abs=0.05)
                    assert r.distance_km <= NEIGHBOUR_KM
            seen += bool(tail)
    assert seen >= 20


def test_a_city_without_population_or_place_gets_no_such_reason(index, matches) -> None:
    for iri in (GOZO, LLOBREGAT):  # Llobregat lies next to Barcelona, but GeoNames gives it no place
        assert matches[iri].results, iri
        for m in matches[iri].results:
            assert not [r for r in m.reasons if r.kind in CONTEXT_KINDS], (iri, m.city)
            assert m.context == 0
    for result in matches.values():
        for m in result.results:
            if m.city in (GOZO, LLOBREGAT):
                assert not [r for r in m.reasons if r.kind in CONTEXT_KINDS]


def test_context_never_changes_a_score_or_outranks_complementarity(index, matches, monkeypatch) -> None:
    """The ranking without size and distance is the same peers with the same scores; context only
    reorders peers of an equal score."""
    monkeypatch.setattr(matchmaking, "context_fit", lambda a, b: (0.0, []))
    changed = 0
    for city, result in matches.items():
        plain = match(index, city, k=50)
        assert [m.score for m in plain.results] == [m.score for m in result.results], city
        assert {(m.city, m.score, m.help) for m in plain.results} == {(m.city, m.score, m.help) for m in result.results}
        changed += [m.city for m in plain.results] != [m.city for m in result.results]
        scores = [m.score for m in result.results]
        assert scores == sorted(scores, reverse=True)
        for a, b in zip(result.results, result.results[1:], strict=False):
            if a.score == b.score:
                assert (a.context, b.city_label) >= (b.context, a.city_label), (city, a.city, b.city)
    helped = helped_by(index, AACHEN, k=50)
    monkeypatch.undo()
    assert [m.score for m in helped.results] == [m.score for m in helped_by(index, AACHEN, k=50).results]


def test_similar_size_keeps_only_the_citys_band(index) -> None:
    me = index.facts.cities[AACHEN]
    band = size_band(me.population)
    result = match(index, "Aachen", k=50, size="similar")
    assert result.size == "similar" and result.size_band == "250–500 k"
    assert result.results
    for m in [*result.results, *result.co_learners]:
        assert size_band(index.facts.cities[m.city].population) == band, m.city
    everyone = match(index, "Aachen", k=50)
    same = [m.city for m in everyone.results if size_band(index.facts.cities[m.city].population) == band]
    assert [m.city for m in result.results] == same  # the same order, the others left out
    assert LEUVEN not in {m.city for m in result.results}  # a neighbour, but 101 k inhabitants


def test_the_size_filter_says_so_when_it_cannot_apply(index) -> None:
    assert match(index, "Aachen", size="").size is None
    with pytest.raises(InvalidQueryParameter, match="GeoNames gives no population for Gozo"):
        match(index, "Gozo", size="similar")
    with pytest.raises(InvalidQueryParameter, match="size: 'huge'"):
        match(index, "Aachen", size="huge")
