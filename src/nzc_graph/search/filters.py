"""Turning what a user typed (a city name, a cohort number, a status word) into graph terms.

Every resolver accepts an IRI, a prefixed name (`city:kozani`), a slug, or a label in any spelling
the graph knows, and raises a precise error with close matches when nothing fits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.namespaces import PREFIXES, slug
from nzc_graph.search.facts import (
    CHALLENGE_TYPE,
    COHORT_TYPE,
    COUNTRY_TYPE,
    KIND_TYPE,
    ROLE_TYPE,
    STATUS_TYPE,
    THEME_TYPE,
    City,
    Facts,
)
from nzc_graph.search.words import fold

_PREFIXED = re.compile(r"^([a-z][a-z0-9-]*):([^/\s][^\s]*)$")
EXTRA_PREFIXES = {"pk": PREFIXES["pk"], "country": "https://w3id.org/nzc/id/country/"}


def key(text: str) -> str:
    """A spelling-tolerant key: folded, with only letters and digits."""
    return re.sub(r"[^0-9a-z]+", "", fold(text))


def expand(text: str) -> str:
    """Expand a prefixed name (challenge:stakeholder-fatigue) to an IRI; other text is unchanged."""
    m = _PREFIXED.match(text.strip())
    if m and not text.startswith(("http:", "https:")):
        base = {**PREFIXES, **EXTRA_PREFIXES}.get(m.group(1))
        if base:
            return base + m.group(2)
    return text.strip()


def is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://", "urn:"))


def _names_of_type(facts: Facts, type_iri: str) -> dict[str, str]:
    """Spelling key → IRI for every concept of the type (label and slug)."""
    out: dict[str, str] = {}
    for c in facts.of_type(type_iri):
        out.setdefault(key(c.iri.rstrip("/").rsplit("/", 1)[-1]), c.iri)
        if c.label:
            out.setdefault(key(c.label), c.iri)
    return out


def _suggest(text: str, names: dict[str, str], facts: Facts) -> list[str]:
    close = difflib.get_close_matches(key(text), list(names), n=5, cutoff=0.6)
    return list(dict.fromkeys(facts.label(names[k]) for k in close))


def resolve_concept(facts: Facts, text: str, type_iri: str, what: str) -> str:
    """A concept of the given type from an IRI, prefixed name, slug or label."""
    value = expand(text)
    if value in facts.concepts and facts.concepts[value].type == type_iri:
        return value
    names = _names_of_type(facts, type_iri)
    hit = names.get(key(value.rsplit("/", 1)[-1] if is_iri(value) else value))
    if hit:
        return hit
    suggestions = _suggest(value, names, facts)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise NotFound(f"no {what} '{text}' in the graph{hint}", suggestions)


def city_names(facts: Facts) -> dict[str, str]:
    """Spelling key → city IRI for every name and slug of every city."""
    out: dict[str, str] = {}
    for city in facts.cities.values():
        out.setdefault(key(city.iri.rsplit("/", 1)[-1]), city.iri)
        for name in city.names:
            out.setdefault(key(name), city.iri)
    return out


def resolve_city(facts: Facts, text: str) -> City:
    """A city from its IRI, `city:slug`, slug or any label the graph knows (Umea, Umeå, umea)."""
    value = expand(text)
    if value in facts.cities:
        return facts.cities[value]
    names = city_names(facts)
    hit = names.get(key(value.rsplit("/", 1)[-1] if is_iri(value) else value))
    if hit:
        return facts.cities[hit]
    suggestions = _suggest(value, names, facts)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise NotFound(f"no city '{text}' in the graph{hint}", suggestions)


def resolve_status_rank(facts: Facts, text: str) -> int:
    """A status rank 1–5 from a rank, a status word (implemented) or a status IRI."""
    if text.strip().isdecimal():
        rank = int(text)
        if 1 <= rank <= 5:
            return rank
        raise InvalidQueryParameter(f"min_status: rank {rank} is out of range; use 1 (proposed) to 5 (scaled)")
    try:
        iri = resolve_concept(facts, text, STATUS_TYPE, "status")
    except NotFound as exc:
        known = ", ".join(sorted(facts.label(s.iri).lower() for s in facts.of_type(STATUS_TYPE)))
        raise InvalidQueryParameter(f"min_status: unknown status '{text}'; use one of {known} or 1-5") from exc
    return facts.concepts[iri].number or 1


def resolve_cohort(facts: Facts, text: str) -> str:
    """A cohort from its number (3), slug (pcp-3), label (Cohort 3) or IRI."""
    if text.strip().isdecimal():
        for c in facts.of_type(COHORT_TYPE):
            if c.number == int(text):
                return c.iri
        known = ", ".join(str(n) for n in sorted(c.number for c in facts.of_type(COHORT_TYPE) if c.number is not None))
        raise NotFound(f"no cohort number {text}; known cohorts: {known or 'none'}")
    return resolve_concept(facts, text, COHORT_TYPE, "cohort")


def resolve_country(facts: Facts, text: str) -> str:
    """A country from its ISO code (ES), label (Spain) or IRI."""
    code = text.strip().upper()
    for city in facts.cities.values():
        if city.country and city.country_code and city.country_code.upper() == code:
            return city.country
    return resolve_concept(facts, text, COUNTRY_TYPE, "country")


def resolve_theme(facts: Facts, text: str) -> str:
    return resolve_concept(facts, text, THEME_TYPE, "theme")


def resolve_role(facts: Facts, text: str) -> str:
    """A programme role from its slug (mission-city), label (Mission City) or IRI."""
    return resolve_concept(facts, text, ROLE_TYPE, "programme role")


SizeFilter = Literal["similar"]


def resolve_size(text: str | None) -> SizeFilter | None:
    """The size filter of a peer question: `similar` (only cities of the city's own population
    band, search/places.py) or none; blank (an empty form field) means none.

    >>> resolve_size("similar"), resolve_size(" Similar "), resolve_size(""), resolve_size(None)
    ('similar', 'similar', None, None)
    """
    value = (text or "").strip().lower()
    if not value:
        return None
    if value == "similar":
        return "similar"
    raise InvalidQueryParameter(f"size: '{text}' is not a size filter; use size=similar or leave it out")


@dataclass(frozen=True)
class Filters:
    """Resolved filters: every field is an IRI or a rank, or None for no filter."""

    theme: str | None = None
    cohort: str | None = None
    country: str | None = None
    min_rank: int | None = None
    role: str | None = None

    def city_ok(self, city: City | None) -> bool:
        if city is None:
            return self.cohort is None and self.country is None and self.role is None
        return (
            (self.cohort is None or self.cohort in city.cohorts)
            and (self.country is None or city.country == self.country)
            and (self.role is None or self.role in city.roles)
        )


def resolve_filters(
    facts: Facts,
    *,
    theme: str | None = None,
    cohort: str | None = None,
    country: str | None = None,
    min_status: str | None = None,
    role: str | None = None,
) -> Filters:
    """Resolve the optional filters; empty strings count as absent."""
    return Filters(
        role=resolve_role(facts, role) if role else None,
        theme=resolve_theme(facts, theme) if theme else None,
        cohort=resolve_cohort(facts, cohort) if cohort else None,
        country=resolve_country(facts, country) if country else None,
        min_rank=resolve_status_rank(facts, min_status) if min_status else None,
    )


CONCEPT_TYPES = {CHALLENGE_TYPE: "challenge", THEME_TYPE: "theme", KIND_TYPE: "practice kind"}


Option = tuple[str, str]  # (value to send, label to show)


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter accepts, as short shareable values with their labels."""

    themes: tuple[Option, ...]
    statuses: tuple[Option, ...]
    cohorts: tuple[Option, ...]
    countries: tuple[Option, ...]
    roles: tuple[Option, ...]
    sizes: tuple[Option, ...] = (("similar", "similar to the city's"),)  # peer questions only


def filter_options(facts: Facts) -> FilterOptions:
    """Every theme, status, cohort, country and role the graph knows, for pick-lists."""

    def by_label(type_iri: str) -> tuple[Option, ...]:
        return tuple(sorted(((slug(c.iri), c.label) for c in facts.of_type(type_iri)), key=lambda o: o[1].lower()))

    statuses = sorted(facts.of_type(STATUS_TYPE), key=lambda c: c.number or 0)
    cohorts = sorted((c for c in facts.of_type(COHORT_TYPE) if c.number is not None), key=lambda c: c.number or 0)
    countries = {
        (city.country_code or slug(city.country)): city.country_label or facts.label(city.country)
        for city in facts.cities.values()
        if city.country
    }
    return FilterOptions(
        themes=by_label(THEME_TYPE),
        statuses=tuple((str(c.number), c.label) for c in statuses if c.number is not None),
        cohorts=tuple((str(c.number), c.label) for c in cohorts),
        countries=tuple(sorted(countries.items(), key=lambda o: o[1].lower())),
        roles=by_label(ROLE_TYPE),
    )
