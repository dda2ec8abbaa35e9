"""A pairing plan for a whole cohort: pairs of cities, and one trio when a city is left over.

The benefit of putting two cities together is what each can really offer the other (matchmaking's
help in both directions, by the rules of `offers.py`: working practices and peer-link sources only),
plus a quarter of their similarity, plus the programme fit in both directions (already paired in the
programme 0.5 + 0.5; else a Pilot City with a Twin City 0.2 + 0.1). Proposed and planned practices
never add to it. The plan maximises the total benefit with networkx's maximum-weight matching among
the plans that pair as many cities as possible, in two rounds: first without two Pilot Cities or two
Twin Cities together, then, for the cities a cohort has too many of, among themselves. With an odd
number of cities the one left over joins the pair it gains most with, so every group has two or
three cities and every city of the cohort appears exactly once.

`plan_csv` writes a plan as a spreadsheet: a header row, then one row per pair or trio with its
reasons and the report sections of their evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search.facts import COHORT_TYPE, City, Facts
from nzc_graph.search.filters import resolve_cohort
from nzc_graph.search.fit import PILOT, TWIN, programme_fit, similarity
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.offers import help_with, needs_of
from nzc_graph.search.reasons import Reason, offer_reason
from nzc_graph.search.spreadsheet import csv_text
from nzc_graph.wording import counted

TIE_BREAK = 1e-3  # lets a pair with no benefit still be formed, so everybody is covered
MAX_GROUP = 3


@dataclass(frozen=True)
class Group:
    cities: tuple[str, ...]
    city_labels: tuple[str, ...]
    benefit: float
    reasons: tuple[Reason, ...]
    why: str


@dataclass(frozen=True)
class PairingPlan:
    cohort: str
    cohort_label: str
    groups: tuple[Group, ...]
    total_benefit: float
    method: str


def benefit(facts: Facts, a: City, b: City) -> tuple[float, list[Reason]]:
    """Mutual benefit of pairing a and b, with the reasons for it."""
    ab, used_ab = help_with(facts, b.iri, needs_of(facts, a), a.iri)
    ba, used_ba = help_with(facts, a.iri, needs_of(facts, b), b.iri)
    sim, sim_reasons = similarity(facts, a, b)
    to_a, reasons_a = programme_fit(facts, a, b)
    to_b, reasons_b = programme_fit(facts, b, a)
    helps = [offer_reason(facts, n, o, "helps") for n, o in used_ab + used_ba]
    programme = reasons_a if to_a >= to_b else reasons_b  # the direction the programme means
    return ab + ba + 0.25 * sim + to_a + to_b, helps + programme + sim_reasons


def _allowed(a: City, b: City) -> bool:
    return not ({PILOT} <= (a.roles & b.roles) or {TWIN} <= (a.roles & b.roles))


def _matching(cities: list[City], weights: dict[tuple[str, str], float], roles: bool) -> set[tuple[str, str]]:
    graph = nx.Graph()
    graph.add_nodes_from(c.iri for c in cities)
    for a, b in combinations(cities, 2):
        if not roles or _allowed(a, b):
            graph.add_edge(a.iri, b.iri, weight=weights[(a.iri, b.iri)] + TIE_BREAK)
    return {(min(a, b), max(a, b)) for a, b in nx.max_weight_matching(graph, maxcardinality=True)}


def _w(weights: dict[tuple[str, str], float], a: str, b: str) -> float:
    return weights.get((a, b), weights.get((b, a), 0.0))


def _groups(cities: list[City], weights: dict[tuple[str, str], float]) -> list[list[str]]:
    """Pairs that respect roles, then pairs of the cities left over, then a trio for the last one."""
    pairs = _matching(cities, weights, roles=True)
    paired = {c for p in pairs for c in p}
    pairs |= _matching([c for c in cities if c.iri not in paired], weights, roles=False)
    groups = [list(p) for p in sorted(pairs)]
    paired = {c for p in pairs for c in p}
    for city in (c.iri for c in cities if c.iri not in paired):  # at most one: the odd city out
        room = [g for g in groups if len(g) < MAX_GROUP]
        best = max(room, key=lambda g: sum(_w(weights, city, m) for m in g))
        best.append(city)
    return groups


def _why(labels: tuple[str, ...], reasons: list[Reason]) -> str:
    paired = [r for r in reasons if r.kind == "paired"]
    helps = [r for r in reasons if r.kind == "helps"]
    parts = [r.text for r in paired[:1]] + [r.text for r in helps[:2]]
    if not helps:
        parts.append(
            "no working practice of one city meets a need of another yet"
            + ("" if paired else ", so they are grouped for what they share")
        )
    return f"{' + '.join(labels)}: " + "; ".join(parts) + "."


def _group(facts: Facts, members: list[str]) -> Group:
    members = sorted(members, key=lambda c: facts.label(c))
    total, reasons = 0.0, []
    for a, b in combinations(members, 2):
        value, found = benefit(facts, facts.cities[a], facts.cities[b])
        total += value
        reasons += found
    labels = tuple(facts.label(c) for c in members)
    return Group(tuple(members), labels, round(total, 4), tuple(reasons), _why(labels, reasons))


def pair_cohort(index: SearchIndex, cohort: str) -> PairingPlan:
    """Pair every city of the cohort once, maximising the total benefit."""
    facts = index.facts
    iri = resolve_cohort(facts, cohort)
    cities = sorted((c for c in facts.cities.values() if iri in c.cohorts), key=lambda c: c.iri)
    if len(cities) < 2:
        raise InvalidQueryParameter(
            f"cohort: {facts.label(iri)} has {counted(len(cities), 'city')} in the graph; pairing needs at least two"
        )
    weights = {(a.iri, b.iri): benefit(facts, a, b)[0] for a, b in combinations(cities, 2)}
    groups = [_group(facts, g) for g in _groups(cities, weights)]
    groups.sort(key=lambda g: (-g.benefit, g.city_labels))
    return PairingPlan(
        iri,
        facts.label(iri),
        tuple(groups),
        round(sum(g.benefit for g in groups), 4),
        "networkx.max_weight_matching (maximum cardinality), Pilot and Twin Cities apart first;"
        " the odd city out joins its best pair",
    )


@dataclass(frozen=True)
class CohortChoice:
    """A cohort a plan can be made for (the options of a cohort picker)."""

    iri: str
    label: str
    number: int | None
    size: int


def cohort_choices(index: SearchIndex) -> tuple[CohortChoice, ...]:
    """Every cohort of the graph with its number of cities, by number."""
    facts = index.facts
    found = [
        CohortChoice(c.iri, c.label, c.number, sum(c.iri in city.cohorts for city in facts.cities.values()))
        for c in facts.of_type(COHORT_TYPE)
    ]
    return tuple(sorted(found, key=lambda c: (c.number is None, c.number or 0, c.label)))


CSV_COLUMNS = ("cohort", "group", "cities", "city_iris", "benefit", "why", "reasons", "evidence_sections")


def plan_csv(plan: PairingPlan) -> str:
    """The plan as CSV (RFC 4180, CRLF line ends): a header row, then one row per group."""
    return csv_text(CSV_COLUMNS, (_csv_row(plan, number, g) for number, g in enumerate(plan.groups, start=1)))


def _csv_row(plan: PairingPlan, number: int, g: Group) -> tuple[str, ...]:
    sections = sorted({r.evidence.section for r in g.reasons if r.evidence and r.evidence.section})
    return (
        plan.cohort_label,
        str(number),
        " + ".join(g.city_labels),
        " ".join(g.cities),
        f"{g.benefit:.4f}",
        g.why,
        " | ".join(r.text for r in g.reasons),
        " ".join(sections),
    )
