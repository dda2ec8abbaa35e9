"""Breakout rooms for a peer-learning session: cities grouped by the challenges they share, each room
with a Storyteller who has a working practice for one of them (D4.8 §2.3, "next steps": smaller
groups "based on shared thematic challenges" and a nominated Storyteller).

A city's challenges are those the report says it faces and those its practices (any status)
address: what it faces or works on. A room *shares* a challenge that two or more of its cities
have. A city can be the room's **Storyteller** when it has a working practice — piloting,
implemented or scaled — for a challenge it shares with another city of the room.

`plan_rooms` splits a cohort, or any list of cities, into `rooms` rooms (or rooms of at most `size`
cities; with both, `rooms` rooms checked against `size`), as even in size as possible, so that

1. every city sits in exactly one room (hard);
2. as many rooms as possible have a Storyteller (first objective);
3. the rooms share as much as possible (second objective): the overlap
   Σ_rooms Σ_challenges max(0, cities of the room with the challenge − 1) is largest.

The assignment is a CP-SAT model (`search/room_model.py`). The Storyteller of each room is then the
city whose practice reaches most of the room, weighted by how far it got and how well it is
evidenced: (cities of the room with the challenge − 1) × `status_weight` × `evidence_weight`, the
weights of peer matchmaking. A room that cannot get one says so (`storyteller` is None and `note`
says why) rather than naming a city that has nothing working to show.

`plan_csv` writes the plan as a spreadsheet: a header row, then one row per room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search.facts import Evidence, Facts, Practice
from nzc_graph.search.filters import resolve_city, resolve_cohort
from nzc_graph.search.offers import status_weight
from nzc_graph.search.room_model import SolverLimits, SolveStatus, assign_rooms, room_sizes
from nzc_graph.search.service import evidence_weight
from nzc_graph.search.spreadsheet import csv_text
from nzc_graph.wording import counted

WORKING_RANK = 3  # piloting (3), implemented (4) and scaled (5) count as working practices
OBJECTIVE = (
    "every city in exactly one room, rooms as even as possible; first as many rooms with a Storyteller "
    "as possible, then the largest overlap: for each room and challenge, the cities with it beyond the first"
)
METHOD = "OR-Tools CP-SAT (one worker, deterministic time limit), then the best Storyteller of each room"


@dataclass(frozen=True)
class Member:
    """A city of a room and the room's challenges it has (empty: it shares none)."""

    city: str
    label: str
    shares: tuple[str, ...]
    has_challenges: bool


@dataclass(frozen=True)
class SharedChallenge:
    """A challenge two or more cities of a room have, with those cities."""

    challenge: str
    label: str
    cities: tuple[str, ...]
    city_labels: tuple[str, ...]


@dataclass(frozen=True)
class Storyteller:
    """The city that presents, the working practice it presents and the quote that shows it."""

    city: str
    city_label: str
    practice: str
    practice_label: str
    status: str
    status_label: str
    status_rank: int
    challenge: str
    challenge_label: str
    audience: tuple[str, ...]  # labels of the other cities of the room with that challenge
    evidence: Evidence | None


@dataclass(frozen=True)
class Room:
    number: int
    members: tuple[Member, ...]
    shared: tuple[SharedChallenge, ...]
    overlap: int
    storyteller: Storyteller | None
    note: str

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(m.city for m in self.members)

    @property
    def city_labels(self) -> tuple[str, ...]:
        return tuple(m.label for m in self.members)


@dataclass(frozen=True)
class RoomPlan:
    cohort: str | None
    cohort_label: str | None
    rooms: tuple[Room, ...]
    min_size: int
    max_size: int
    overlap: int
    without_storyteller: int
    status: SolveStatus
    objective: str = OBJECTIVE
    method: str = METHOD

    @property
    def cities(self) -> int:
        return sum(len(r.members) for r in self.rooms)


def _chosen_cities(facts: Facts, cohort: str | None, cities: Sequence[str]) -> tuple[str | None, list[str]]:
    if cohort and cities:
        raise InvalidQueryParameter("cohort and city: give either a cohort or a list of cities, not both")
    if cohort:
        iri = resolve_cohort(facts, cohort)
        return iri, sorted(c.iri for c in facts.cities.values() if iri in c.cohorts)
    if not cities:
        raise InvalidQueryParameter("cohort or city: give a cohort (cohort=3) or the cities (city=…, repeated)")
    seen: dict[str, str] = {}
    for text in cities:
        city = resolve_city(facts, text)
        if city.iri in seen:
            raise InvalidQueryParameter(
                f"city: {city.label} is given twice ('{seen[city.iri]}' and '{text}'); every city is placed once"
            )
        seen[city.iri] = text
    return None, sorted(seen)


def room_count(n: int, rooms: int | None, size: int | None) -> int:
    """The number of rooms for n cities: `rooms`, or enough rooms of at most `size` cities.

    >>> room_count(30, None, 8)
    4
    >>> room_count(30, 4, 8)
    4
    """
    if rooms is None and size is None:
        raise InvalidQueryParameter("rooms or size: give the number of rooms (rooms=4) or the largest room (size=6)")
    if size is not None and size < 1:
        raise InvalidQueryParameter(f"size: a room holds at least 1 city (got {size})")
    if rooms is None:
        return math.ceil(n / (size or 1))
    if rooms < 1:
        raise InvalidQueryParameter(f"rooms: at least 1 room is needed (got {rooms})")
    if rooms > n:
        raise InvalidQueryParameter(
            f"rooms: {counted(rooms, 'room')} for {counted(n, 'city')} would leave a room empty; use at most {n}"
        )
    if size is not None and rooms * size < n:
        raise InvalidQueryParameter(
            f"rooms and size: {counted(rooms, 'room')} of at most {counted(size, 'city')} hold {rooms * size}, "
            f"fewer than the {counted(n, 'city')}; "
            f"use at least {math.ceil(n / size)} rooms or rooms of {math.ceil(n / rooms)}"
        )
    return rooms


def challenges_of(facts: Facts, city: str) -> tuple[frozenset[str], frozenset[str]]:
    """(what the city faces or works on, what it has a working practice for)."""
    has = {s.challenge for s in facts.statements_by_city.get(city, [])}
    working: set[str] = set()
    for p in facts.practices_by_city.get(city, []):
        has.update(p.challenges)
        if p.rank >= WORKING_RANK:
            working.update(p.challenges)
    return frozenset(has), frozenset(working)


def _weight(p: Practice, reach: int) -> float:
    return reach * status_weight(p.rank) * evidence_weight(p.evidence)


def _storyteller(facts: Facts, members: list[str], has: dict[str, frozenset[str]]) -> Storyteller | None:
    best: tuple[float, str, str, str] | None = None
    for city in members:
        for p in facts.practices_by_city.get(city, []):
            for c in p.challenges if p.rank >= WORKING_RANK else ():
                reach = sum(c in has[o] for o in members if o != city)
                key = (_weight(p, reach), facts.label(city), p.iri, c)
                if reach and (best is None or key[0] > best[0] or (key[0] == best[0] and key[1:] < best[1:])):
                    best = key
    if best is None:
        return None
    _, _, practice_iri, c = best
    p = facts.practices[practice_iri]
    quotes = [e for e in p.evidence if not e.indirect] or list(p.evidence)
    return Storyteller(
        p.city, facts.label(p.city), p.iri, p.label, p.status, facts.label(p.status), p.rank, c, facts.label(c),
        tuple(facts.label(o) for o in sorted(members, key=facts.label) if o != p.city and c in has[o]),
        quotes[0] if quotes else None,
    )  # fmt: skip


def _shared(facts: Facts, members: list[str], has: dict[str, frozenset[str]]) -> tuple[SharedChallenge, ...]:
    counts: dict[str, list[str]] = {}
    for city in sorted(members, key=facts.label):
        for c in has[city]:
            counts.setdefault(c, []).append(city)
    shared = [(c, cities) for c, cities in counts.items() if len(cities) > 1]
    shared.sort(key=lambda item: (-len(item[1]), facts.label(item[0])))
    return tuple(
        SharedChallenge(c, facts.label(c), tuple(cities), tuple(facts.label(x) for x in cities)) for c, cities in shared
    )


def _note(story: Storyteller | None, shared: tuple[SharedChallenge, ...], members: list[Member]) -> str:
    if story is not None:
        return (
            f"{story.city_label} tells how its {story.status_label} practice “{story.practice_label}” "
            f"addresses {story.challenge_label}, a challenge of {', '.join(story.audience)}."
        )
    if not shared:
        return "No storyteller: the cities of this room share no challenge recorded in the graph."
    return (
        "No storyteller: no city of this room has a piloting, implemented or scaled practice for a challenge "
        f"it shares with another ({', '.join(s.label for s in shared)}); a facilitator leads the room."
    )


def _room(facts: Facts, members: list[str], has: dict[str, frozenset[str]]) -> Room:
    shared = _shared(facts, members, has)
    story = _storyteller(facts, members, has)
    order = sorted(members, key=lambda c: (story is None or c != story.city, facts.label(c)))
    people = [
        Member(c, facts.label(c), tuple(s.challenge for s in shared if c in s.cities), bool(has[c]))
        for c in order
    ]  # fmt: skip
    overlap = sum(len(s.cities) - 1 for s in shared)
    return Room(0, tuple(people), shared, overlap, story, _note(story, shared, people))


def plan_rooms(
    facts: Facts,
    *,
    cohort: str | None = None,
    cities: Sequence[str] = (),
    rooms: int | None = None,
    size: int | None = None,
    limits: SolverLimits = SolverLimits(),
) -> RoomPlan:
    """Breakout rooms for a cohort or the given cities (labels, slugs or IRIs); see the module docstring."""
    cohort_iri, chosen = _chosen_cities(facts, cohort, cities)
    if len(chosen) < 2:
        where = facts.label(cohort_iri) if cohort_iri else "the list"
        raise InvalidQueryParameter(
            f"{where} has {counted(len(chosen), 'city')} in the graph; a room plan needs at least two"
        )
    k = room_count(len(chosen), rooms, size)
    sets = {c: challenges_of(facts, c) for c in chosen}
    has = {c: s[0] for c, s in sets.items()}
    assignment = assign_rooms([has[c] for c in chosen], [sets[c][1] for c in chosen], k, limits)
    groups: list[list[str]] = [[] for _ in range(k)]
    for city, r in zip(chosen, assignment.room_of, strict=True):
        groups[r].append(city)
    built = [_room(facts, g, has) for g in groups]
    built.sort(key=lambda r: (r.storyteller is None, -r.overlap, r.city_labels))
    numbered = tuple(Room(n, r.members, r.shared, r.overlap, r.storyteller, r.note) for n, r in enumerate(built, 1))
    low, high, _ = room_sizes(len(chosen), k)
    return RoomPlan(
        cohort_iri,
        facts.label(cohort_iri) if cohort_iri else None,
        numbered,
        low,
        high,
        sum(r.overlap for r in numbered),
        sum(r.storyteller is None for r in numbered),
        assignment.status,
    )


CSV_COLUMNS = (
    "plan", "room", "cities", "city_iris", "shared_challenges", "overlap", "storyteller", "practice",
    "status", "challenge", "evidence_section", "evidence_quote", "note",
)  # fmt: skip


def plan_csv(plan: RoomPlan) -> str:
    """The plan as CSV (RFC 4180, CRLF line ends): a header row, then one row per room."""
    return csv_text(CSV_COLUMNS, (_csv_row(plan, room) for room in plan.rooms))


def _csv_row(plan: RoomPlan, room: Room) -> tuple[str, ...]:
    s = room.storyteller
    return (
        plan.cohort_label or "chosen cities",
        str(room.number),
        " + ".join(room.city_labels),
        " ".join(room.cities),
        " | ".join(f"{c.label} ({', '.join(c.city_labels)})" for c in room.shared),
        str(room.overlap),
        s.city_label if s else "",
        s.practice_label if s else "",
        s.status_label if s else "",
        s.challenge_label if s else "",
        s.evidence.section if s and s.evidence else "",
        s.evidence.shown if s and s.evidence else "",
        room.note,
    )
