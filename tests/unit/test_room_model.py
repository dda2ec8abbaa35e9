"""The breakout-room model on small sets whose best plan is known: room sizes, Storytellers first,
then overlap, cities without challenges, and the same answer every time."""

from __future__ import annotations

from collections import Counter

import pytest

from nzc_graph.search.room_model import assign_rooms, room_sizes

F = frozenset


def rooms_of(room_of: tuple[int, ...]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for city, room in enumerate(room_of):
        groups.setdefault(room, set()).add(city)
    return {frozenset(g) for g in groups.values()}


def test_two_clear_themes_make_two_rooms() -> None:
    has = [F({"x"}), F({"y"}), F({"x"}), F({"y"})]
    working = [F({"x"}), F({"y"}), F(), F()]
    plan = assign_rooms(has, working, 2)
    assert rooms_of(plan.room_of) == {F({0, 2}), F({1, 3})} and plan.status == "optimal"


def test_a_storyteller_in_every_room_comes_before_overlap() -> None:
    """0 and 1 share four challenges, but they are the only cities with a working practice: together
    they would share more (overlap 4 against 2), yet leave the other room without a Storyteller."""
    has = [F({"x", "y", "z", "w"}), F({"x", "y", "z", "w"}), F({"x"}), F({"y"})]
    working = [F({"x"}), F({"y"}), F(), F()]
    plan = assign_rooms(has, working, 2)
    rooms = rooms_of(plan.room_of)
    assert all(len(r & {0, 1}) == 1 for r in rooms)


def test_a_storyteller_needs_someone_in_the_room_with_that_challenge() -> None:
    """City 0 works on x; x is also city 1's: they are the only room that can have a Storyteller."""
    has = [F({"x"}), F({"x"}), F({"z"}), F({"w"})]
    working = [F({"x"}), F(), F(), F()]
    plan = assign_rooms(has, working, 2)
    assert F({0, 1}) in rooms_of(plan.room_of)


@pytest.mark.parametrize(("n", "k"), [(7, 3), (30, 4), (12, 4), (5, 5), (9, 1)])
def test_rooms_are_as_even_as_possible_and_everyone_sits_once(n: int, k: int) -> None:
    has = [F({f"c{i % 3}", f"d{i % 2}"}) if i % 4 else F() for i in range(n)]
    working = [F({f"c{i % 3}"}) if i % 5 == 1 else F() for i in range(n)]
    plan = assign_rooms(has, working, k)
    assert len(plan.room_of) == n and set(plan.room_of) <= set(range(k))
    low, high, extra = room_sizes(n, k)
    sizes = Counter(Counter(plan.room_of).values())
    assert set(sizes) <= {low, high} and len(set(plan.room_of)) == k
    assert sizes[high] == (extra if extra else k)


def test_cities_without_challenges_fill_the_rooms() -> None:
    has = [F({"x"}), F({"x"}), F(), F(), F(), F()]
    working = [F({"x"}), F(), F(), F(), F(), F()]
    plan = assign_rooms(has, working, 2)
    assert sorted(Counter(plan.room_of).values()) == [3, 3]
    assert plan.room_of[0] == plan.room_of[1]


def test_the_same_input_gives_the_same_plan() -> None:
    has = [F({f"c{(i * 7) % 5}", f"c{(i * 3) % 4}"}) for i in range(20)]
    working = [F({f"c{(i * 7) % 5}"}) if i % 3 == 0 else F() for i in range(20)]
    assert assign_rooms(has, working, 4) == assign_rooms(has, working, 4)
