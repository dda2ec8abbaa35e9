"""Two cities side by side: their context, challenges, practices, and what each could learn from the other.

"What A could learn from B" lists every working practice of B (piloting, implemented or scaled)
that addresses a need of A (a challenge A faces, or one it is still working on with a proposed or
planned practice of its own), the furthest status first, with the quote for the need and the quotes
for the practice. B's proposed and planned practices for A's needs are listed apart, as what B is
also working on: like matchmaking, they are never lessons. Needs are those of matchmaking
(`needs_of`), and lessons follow its rule for help; its peer-link sources are among the `fit` reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search.facts import City, Evidence, Facts
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.fit import context_fit, programme_fit, similarity
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.offers import WORKING_RANK, Need, needs_of
from nzc_graph.search.reasons import Reason


@dataclass(frozen=True)
class Named:
    """A resource of the graph and its label."""

    iri: str
    label: str


@dataclass(frozen=True)
class Challenge:
    """A need of one city, marked when the other city has the same need."""

    need: Need
    shared: bool


@dataclass(frozen=True)
class PracticeRow:
    """A practice of a city with its status and the challenges it addresses."""

    iri: str
    label: str
    status: Named
    rank: int
    challenges: tuple[Named, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Side:
    """One city of a comparison."""

    city: Named
    roles: tuple[Named, ...]
    country: Named | None
    cohorts: tuple[Named, ...]
    challenges: tuple[Challenge, ...]
    practices: tuple[PracticeRow, ...]


@dataclass(frozen=True)
class Lesson:
    """A practice of the teacher that addresses a need of the learner."""

    need: Need
    practice: PracticeRow


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    shared: tuple[Named, ...]
    a_learns: tuple[Lesson, ...]  # what A could learn from B
    b_learns: tuple[Lesson, ...]  # what B could learn from A
    # programme pairing, context similarity (cohort, roles, country, themes, peer links), then size and distance
    fit: tuple[Reason, ...]
    a_co_learns: tuple[Lesson, ...] = ()  # B's proposed or planned practices for A's needs: B also works on them
    b_co_learns: tuple[Lesson, ...] = ()  # A's proposed or planned practices for B's needs


def _named(facts: Facts, iris: frozenset[str] | tuple[str, ...]) -> tuple[Named, ...]:
    return tuple(sorted((Named(i, facts.label(i)) for i in iris), key=lambda n: (n.label.lower(), n.iri)))


def practices_of(facts: Facts, city: str) -> tuple[PracticeRow, ...]:
    """The city's practices, furthest status first, then by label."""
    rows = [
        PracticeRow(
            p.iri, p.label, Named(p.status, facts.label(p.status)), p.rank, _named(facts, p.challenges), p.evidence
        )
        for p in facts.practices_by_city.get(city, [])
    ]
    return tuple(sorted(rows, key=lambda r: (-r.rank, r.label.lower(), r.iri)))


def _side(facts: Facts, city: City, needs: list[Need], other: set[str]) -> Side:
    country = Named(city.country, city.country_label or facts.label(city.country)) if city.country else None
    challenges = sorted(needs, key=lambda n: (n.source != "faces", n.challenge_label.lower()))
    return Side(
        Named(city.iri, city.label),
        _named(facts, city.roles),
        country,
        _named(facts, city.cohorts),
        tuple(Challenge(n, n.challenge in other) for n in challenges),
        practices_of(facts, city.iri),
    )


def lessons(facts: Facts, learner_needs: list[Need], teacher: str, working: bool = True) -> tuple[Lesson, ...]:
    """Every working practice of the teacher that addresses one of the learner's needs (with
    `working=False`: every proposed or planned one, what the teacher is also working on)."""
    rows = [r for r in practices_of(facts, teacher) if (r.rank >= WORKING_RANK) == working]
    found = [
        Lesson(need, row) for need in learner_needs for row in rows if need.challenge in {c.iri for c in row.challenges}
    ]
    return tuple(sorted(found, key=lambda x: (-x.need.weight, -x.practice.rank, x.need.challenge_label.lower())))


def compare(index: SearchIndex, a: str, b: str) -> Comparison:
    """Cities `a` and `b` (any spelling, slug or IRI) side by side."""
    facts = index.facts
    city_a, city_b = resolve_city(facts, a), resolve_city(facts, b)
    if city_a.iri == city_b.iri:
        raise InvalidQueryParameter(f"b: '{b}' is {city_a.label} again; pick two different cities to compare")
    needs_a, needs_b = needs_of(facts, city_a), needs_of(facts, city_b)
    keys_a, keys_b = {n.challenge for n in needs_a}, {n.challenge for n in needs_b}
    _, programme = programme_fit(facts, city_a, city_b)
    _, fit = similarity(facts, city_a, city_b)
    _, context = context_fit(city_a, city_b)
    return Comparison(
        _side(facts, city_a, needs_a, keys_b),
        _side(facts, city_b, needs_b, keys_a),
        _named(facts, tuple(keys_a & keys_b)),
        lessons(facts, needs_a, city_b.iri),
        lessons(facts, needs_b, city_a.iri),
        tuple(programme + fit + context),
        lessons(facts, needs_a, city_b.iri, working=False),
        lessons(facts, needs_b, city_a.iri, working=False),
    )


def city_choices(index: SearchIndex) -> tuple[Named, ...]:
    """Every city of the graph, by label: the options of a city picker."""
    return _named(index.facts, tuple(index.facts.cities))
