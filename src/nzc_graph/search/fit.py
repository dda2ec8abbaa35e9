"""How well two cities fit besides help: context similarity, and the programme's own pairing.

Similarity is symmetric: +0.3 for a shared cohort, +0.1 for another shared programme role (not
Pilot or Twin City), +0.1 for the same country, +0.2 for an existing peer link (advised, inspired,
…) and up to +0.3 for shared themes (Jaccard over the themes of their practices and challenges).

Programme fit follows the Pilot Cities Programme, in which Twin Cities learn from Pilot Cities: a
peer already paired with the city in the programme (a roster page states the pairing) adds
`PAIRED` (0.5); otherwise a Pilot City as the peer of a Twin City adds `PILOT_TO_TWIN` (0.2), and a
Twin City as the peer of a Pilot City `TWIN_TO_PILOT` (0.1), since Pilots learn from Twins too.

Context comes last: two cities of a similar size (the same population band) and neighbours (at
most 200 km apart), on GeoNames' numbers (search/places.py), each give a reason and `CONTEXT_STEP`
(0.1) of context. Context is never part of a score: it only orders peers whose scores are equal,
so it can never put a peer above one that helps more.
"""

from __future__ import annotations

from nzc_graph.namespaces import ROLE
from nzc_graph.search.facts import City, Facts, TwinPair
from nzc_graph.search.places import NEIGHBOUR_KM, distance_km, inhabitants, kilometres, similar_size, size_band
from nzc_graph.search.reasons import Reason, link_phrase, plural_label
from nzc_graph.wording import counted

PILOT, TWIN = str(ROLE["pilot-city"]), str(ROLE["twin-city"])
PAIRED, PILOT_TO_TWIN, TWIN_TO_PILOT = 0.5, 0.2, 0.1
SHOWN_THEMES = 4
CONTEXT_STEP = 0.1


def _themes(facts: Facts, city: str) -> set[str]:
    themes = {t for p in facts.practices_by_city.get(city, []) for t in p.themes}
    for s in facts.statements_by_city.get(city, []):
        concept = facts.concepts.get(s.challenge)
        themes |= set(concept.themes if concept else ())
    return themes


def similarity(facts: Facts, a: City, b: City) -> tuple[float, list[Reason]]:
    """Context similarity of two cities, with a reason per shared feature."""
    score, reasons = 0.0, []
    for cohort in sorted(a.cohorts & b.cohorts):
        score += 0.3
        reasons.append(Reason("cohort", f"both are in {facts.label(cohort)}"))
    shared_roles = sorted((a.roles & b.roles) - {PILOT, TWIN})
    if shared_roles:
        score += 0.1
        names = " and ".join(plural_label(facts.label(r)) for r in shared_roles)
        reasons.append(Reason("role", f"both are {names}"))
    if a.country and a.country == b.country:
        score += 0.1
        reasons.append(Reason("country", f"both are in {a.country_label or facts.label(a.country)}"))
    ta, tb = _themes(facts, a.iri), _themes(facts, b.iri)
    if ta & tb:
        score += 0.3 * len(ta & tb) / len(ta | tb)
        themes = sorted(facts.label(t) for t in ta & tb)
        more = ", …" if len(themes) > SHOWN_THEMES else ""
        text = f"they share {counted(len(themes), 'theme')}: {', '.join(themes[:SHOWN_THEMES])}{more}"
        reasons.append(Reason("themes", text))
    for link in facts.peer_links:
        if {link.from_city, link.to_city} == {a.iri, b.iri}:
            score += 0.2
            text = f"{facts.label(link.from_city)} {link_phrase(link.type_label)} {facts.label(link.to_city)}"
            reasons.append(Reason("peer-link", text, evidence=link.evidence[0] if link.evidence else None))
            break
    return score, reasons


def twin_pair(facts: Facts, a: str, b: str) -> TwinPair | None:
    """The programme's pairing of the two cities (either way round), if a roster page states one."""
    return next((p for p in facts.twins_by_city.get(a, []) if {p.twin, p.pilot} == {a, b}), None)


def paired_reason(facts: Facts, pair: TwinPair) -> Reason:
    """The fact that two cities are already paired in the programme, with the page that says so."""
    twin, pilot = facts.label(pair.twin), facts.label(pair.pilot)
    text = f"{twin} is already paired with {pilot} in the programme, as its Twin City"
    return Reason("paired", text, citation=pair.citations[0] if pair.citations else None)


def programme_fit(facts: Facts, city: City, peer: City) -> tuple[float, list[Reason]]:
    """How much the programme means the peer to teach the city: its own pairing, else Pilot → Twin."""
    pair = twin_pair(facts, city.iri, peer.iri)
    if pair:
        return PAIRED, [paired_reason(facts, pair)]
    if PILOT in peer.roles and TWIN in city.roles and PILOT not in city.roles:
        text = f"{peer.label} is a Pilot City and {city.label} a Twin City, and Twin Cities learn from Pilot Cities"
        return PILOT_TO_TWIN, [Reason("pilot-twin", text)]
    if TWIN in peer.roles and PILOT in city.roles and PILOT not in peer.roles:
        text = f"{peer.label} is a Twin City and {city.label} a Pilot City, and Pilot Cities learn from Twin Cities too"
        return TWIN_TO_PILOT, [Reason("pilot-twin", text)]
    return 0.0, []


def context_fit(a: City, b: City) -> tuple[float, list[Reason]]:
    """Size and distance as context (never score): a reason for a similar size and one for
    neighbours, when GeoNames gives both cities the numbers; nothing otherwise."""
    value, reasons = 0.0, []
    band = size_band(a.population)
    if band and a.population and b.population and similar_size(a.population, b.population):
        value += CONTEXT_STEP
        text = (
            f"similar size: {a.label} {inhabitants(a.population)} and {b.label} {inhabitants(b.population)}"
            f" inhabitants, both {band.label} (GeoNames)"
        )
        reasons.append(Reason("size", text, populations=(a.population, b.population)))
    if a.point and b.point and (km := distance_km(a.point, b.point)) <= NEIGHBOUR_KM:
        value += CONTEXT_STEP
        reasons.append(Reason("distance", f"neighbours, {kilometres(km)} apart (GeoNames)", distance_km=round(km, 1)))
    return value, reasons
