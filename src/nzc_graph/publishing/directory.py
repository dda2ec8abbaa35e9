"""The directory pages: every city and every challenge, with what the graph knows of each, as
plain rows (the search snapshot already holds them; no extra queries)."""

from __future__ import annotations

from dataclasses import dataclass

from nzc_graph.search.facts import CHALLENGE_TYPE, Facts
from nzc_graph.search.filters import Filters


@dataclass(frozen=True)
class CityRow:
    iri: str
    label: str
    country: str
    roles: tuple[str, ...]
    cohorts: tuple[str, ...]
    practices: int
    challenges: int
    best_status: str  # the furthest status of its practices, or "" when it has none


@dataclass(frozen=True)
class ChallengeRow:
    iri: str
    label: str
    themes: tuple[str, ...]
    facing: int  # cities the report says face it
    solving: int  # cities with a practice addressing it


def city_rows(facts: Facts, filters: Filters | None = None) -> list[CityRow]:
    """Every city (passing the filters), by name."""
    rows = []
    for city in facts.cities.values():
        if filters is not None and not filters.city_ok(city):
            continue
        practices = facts.practices_by_city.get(city.iri, [])
        best = max(practices, key=lambda p: p.rank, default=None)
        rows.append(
            CityRow(
                iri=city.iri,
                label=city.label,
                country=city.country_label or facts.label(city.country),
                roles=tuple(sorted(facts.label(r) for r in city.roles)),
                cohorts=tuple(sorted(facts.label(c) for c in city.cohorts)),
                practices=len(practices),
                challenges=len({s.challenge for s in facts.statements_by_city.get(city.iri, [])}),
                best_status=facts.label(best.status) if best else "",
            )
        )
    return sorted(rows, key=lambda r: r.label.lower())


def challenge_rows(facts: Facts, theme: str | None = None) -> list[ChallengeRow]:
    """Every challenge (of the theme, if given), most shared first."""
    rows = []
    for c in facts.of_type(CHALLENGE_TYPE):
        if theme is not None and theme not in c.themes:
            continue
        rows.append(
            ChallengeRow(
                iri=c.iri,
                label=c.label,
                themes=tuple(sorted(facts.label(t) for t in c.themes)),
                facing=len({s.city for s in facts.statements_by_challenge.get(c.iri, [])}),
                solving=len({p.city for p in facts.practices_by_challenge.get(c.iri, [])}),
            )
        )
    return sorted(rows, key=lambda r: (-r.facing, -r.solving, r.label.lower()))
