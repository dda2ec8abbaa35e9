"""The breakout-room planner on the report graph: every city placed once, even rooms, a Storyteller
with a working practice for a challenge its room shares (or a room that says it has none), the
CSV, and clear errors for bad parameters. Expected values are read from the facts by hand."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.facts import Facts
from nzc_graph.search.index import build_index
from nzc_graph.search.planner import CSV_COLUMNS, RoomPlan, plan_csv, plan_rooms
from nzc_graph.search.room_model import room_sizes

COHORT = "https://w3id.org/nzc/id/cohort/pcp-{}"
WORKING = {"piloting", "implemented", "scaled"}


@pytest.fixture(scope="module")
def facts(store, settings) -> Facts:
    return build_index(store, QueryLibrary(settings.queries_dir), "off").facts


def cohort_cities(facts: Facts, number: int) -> set[str]:
    return {c.iri for c in facts.cities.values() if COHORT.format(number) in c.cohorts}


def challenges_by_hand(facts: Facts, city: str) -> set[str]:
    faced = {s.challenge for s in facts.statements.values() if s.city == city}
    return faced | {c for p in facts.practices.values() if p.city == city for c in p.challenges}


def assert_storytellers_are_real(facts: Facts, plan: RoomPlan) -> None:
    for room in plan.rooms:
        s = room.storyteller
        if s is None:
            continue
        practice = facts.practices[s.practice]
        assert s.city in room.cities and practice.city == s.city
        assert facts.label(practice.status) == s.status_label and s.status_label in WORKING
        assert s.challenge in practice.challenges
        others = [c for c in room.cities if c != s.city and s.challenge in challenges_by_hand(facts, c)]
        assert others, f"room {room.number}: nobody else has {s.challenge_label}"
        assert set(s.audience) == {facts.label(c) for c in others}
        assert s.evidence is None or s.evidence in practice.evidence


def assert_no_storyteller_was_possible(facts: Facts, plan: RoomPlan) -> None:
    for room in plan.rooms:
        if room.storyteller is not None:
            continue
        assert room.note.startswith("No storyteller")
        for city in room.cities:
            others = set().union(*(challenges_by_hand(facts, c) for c in room.cities if c != city))
            working = {c for p in facts.practices.values() if p.city == city and p.rank >= 3 for c in p.challenges}
            assert not working & others, f"room {room.number}: {facts.label(city)} could have told a story"


def test_cohort_3_in_four_rooms(facts: Facts) -> None:
    plan = plan_rooms(facts, cohort="3", rooms=4)
    placed = [c for room in plan.rooms for c in room.cities]
    assert sorted(placed) == sorted(cohort_cities(facts, 3)) and len(placed) == len(set(placed))
    assert len(plan.rooms) == 4 and plan.cohort == COHORT.format(3) and plan.status == "optimal"
    assert sorted(len(r.cities) for r in plan.rooms) == [7, 7, 8, 8]
    assert plan.without_storyteller == 0 and all(r.storyteller for r in plan.rooms)
    assert_storytellers_are_real(facts, plan)
    assert plan.rooms[0].storyteller and plan.rooms[0].cities[0] == plan.rooms[0].storyteller.city


@pytest.mark.parametrize("number", [1, 2, 3])
@pytest.mark.parametrize("rooms", [2, 3, 5, 8])
def test_every_plan_places_each_city_once_with_real_storytellers(facts: Facts, number: int, rooms: int) -> None:
    plan = plan_rooms(facts, cohort=str(number), rooms=rooms)
    placed = Counter(c for room in plan.rooms for c in room.cities)
    assert set(placed) == cohort_cities(facts, number) and set(placed.values()) == {1}
    low, high, _ = room_sizes(len(placed), rooms)
    assert len(plan.rooms) == rooms and {len(r.cities) for r in plan.rooms} <= {low, high}
    assert (plan.min_size, plan.max_size) == (low, high)
    assert_storytellers_are_real(facts, plan)
    assert_no_storyteller_was_possible(facts, plan)
    assert plan.without_storyteller == sum(r.storyteller is None for r in plan.rooms)


def test_shared_challenges_are_those_two_or_more_cities_of_the_room_have(facts: Facts) -> None:
    plan = plan_rooms(facts, cohort="2", rooms=3)
    for room in plan.rooms:
        counts = Counter(c for city in room.cities for c in challenges_by_hand(facts, city))
        assert {s.challenge for s in room.shared} == {c for c, n in counts.items() if n > 1}
        assert room.overlap == sum(n - 1 for n in counts.values() if n > 1)
        for s in room.shared:
            assert set(s.cities) == {c for c in room.cities if s.challenge in challenges_by_hand(facts, c)}
    assert plan.overlap == sum(r.overlap for r in plan.rooms)


def test_the_plan_shares_more_than_rooms_dealt_in_turn(facts: Facts) -> None:
    """A baseline with the same sizes: cities by IRI, dealt into the rooms like cards."""
    plan = plan_rooms(facts, cohort="2", rooms=4)
    cities = sorted(cohort_cities(facts, 2))
    dealt = [cities[r::4] for r in range(4)]

    def overlap(room: list[str]) -> int:
        counts = Counter(c for city in room for c in challenges_by_hand(facts, city))
        return sum(n - 1 for n in counts.values() if n > 1)

    assert plan.overlap > sum(overlap(r) for r in dealt)


def test_rooms_of_a_given_size(facts: Facts) -> None:
    plan = plan_rooms(facts, cohort="3", size=5)
    assert len(plan.rooms) == 6 and max(len(r.cities) for r in plan.rooms) <= 5
    both = plan_rooms(facts, cohort="3", rooms=4, size=8)
    assert len(both.rooms) == 4 and both.max_size == 8


def test_any_list_of_cities_in_any_spelling(facts: Facts) -> None:
    plan = plan_rooms(facts, cities=["Kozani", "aachen", "city:leuven"], rooms=1)
    (room,) = plan.rooms
    assert plan.cohort is None and plan.cohort_label is None
    assert {facts.label(c) for c in room.cities} == {"Kozani", "Aachen", "Leuven"}
    assert room.storyteller is not None and room.storyteller.city_label == "Leuven"
    assert_storytellers_are_real(facts, plan)


def test_a_room_without_a_possible_storyteller_says_so(facts: Facts) -> None:
    """Gozo and Vilnius have no practice at all: nobody can tell a story, and the room says why."""
    plan = plan_rooms(facts, cities=["Gozo", "Vilnius"], rooms=1)
    (room,) = plan.rooms
    assert room.storyteller is None and plan.without_storyteller == 1
    assert room.note.startswith("No storyteller:")
    assert_no_storyteller_was_possible(facts, plan)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"cohort": "9", "rooms": 2}, NotFound, "no cohort number 9"),
        ({"cohort": "cohort nine", "rooms": 2}, NotFound, "no cohort 'cohort nine'"),
        ({"cohort": "3", "rooms": 0}, InvalidQueryParameter, "rooms: at least 1"),
        ({"cohort": "3", "rooms": -2}, InvalidQueryParameter, "rooms: at least 1"),
        ({"cohort": "3", "rooms": 31}, InvalidQueryParameter, "31 rooms for 30 cities"),
        ({"cohort": "3", "size": 0}, InvalidQueryParameter, "size: a room holds at least 1"),
        ({"cohort": "3", "rooms": 2, "size": 3}, InvalidQueryParameter, "2 rooms of at most 3 cities"),
        ({"cohort": "3"}, InvalidQueryParameter, "rooms or size"),
        ({"rooms": 2}, InvalidQueryParameter, "cohort or city"),
        ({"cohort": "3", "cities": ["Cork"], "rooms": 2}, InvalidQueryParameter, "not both"),
        ({"cities": ["Kozani", "Narnia"], "rooms": 1}, NotFound, "no city 'Narnia'"),
        ({"cities": ["Kozani", "kozani"], "rooms": 1}, InvalidQueryParameter, "Kozani is given twice"),
        ({"cities": ["Kozani"], "rooms": 1}, InvalidQueryParameter, "at least two"),
    ],
)
def test_bad_parameters_are_named(facts: Facts, kwargs: dict, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        plan_rooms(facts, **kwargs)
    assert words in str(caught.value)


def test_csv_has_one_row_per_room_with_its_storyteller(facts: Facts) -> None:
    plan = plan_rooms(facts, cohort="3", rooms=4)
    text = plan_csv(plan)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_column = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert len(by_column) == len(plan.rooms)
    for row, room in zip(by_column, plan.rooms, strict=True):
        s = room.storyteller
        assert row["room"] == str(room.number) and row["city_iris"].split() == list(room.cities)
        assert row["storyteller"] == (s.city_label if s else "") and row["status"] in WORKING
        assert s is not None and s.evidence is not None
        assert row["evidence_section"] == s.evidence.section and row["evidence_quote"] == s.evidence.shown
        assert row["plan"] == plan.cohort_label and row["overlap"] == str(room.overlap)
