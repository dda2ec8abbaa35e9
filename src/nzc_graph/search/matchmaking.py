"""Peer matchmaking: which cities can help a city with the challenges it faces, and pairing plans.

A city's needs are the challenges the report says it faces (weight 1.0) and the challenges its own
proposed or planned practices address, i.e. what it is still working on (weight 0.5). A peer helps
with a need when one of its practices addresses that challenge; the help is worth
need weight × status weight (proposed 0.6 … scaled 1.0) × evidence weight of its best such practice.

    score = help(peer → city) + 0.5 × reciprocity(city → peer) + 0.25 × similarity

Similarity adds 0.3 for a shared cohort, 0.3 for a Pilot–Twin complement, 0.1 for another shared
programme role, 0.1 for the same country, 0.2 for an existing peer link, and up to 0.3 for shared
themes (Jaccard). The city itself is never its own peer. Peers are shortlisted by help (10 per
peer asked for) before reciprocity and similarity are computed. See docs/search-api.md.

`helped_by` asks the same question the other way round: which cities have a need that one of the
city's own practices addresses ("whom we can help"), scored exactly as if the city were their peer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.namespaces import ROLE
from nzc_graph.search.facts import CHALLENGE_TYPE, City, Evidence, Facts, Practice
from nzc_graph.search.filters import expand, is_iri, resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.service import evidence_weight, read_query, status_weight

PILOT, TWIN = str(ROLE["pilot-city"]), str(ROLE["twin-city"])
WORKING_ON_WEIGHT = 0.5
SHORTLIST = 10  # peers scored in full per peer asked for; the others give less help
ReasonKind = Literal["helps", "offers", "cohort", "pilot-twin", "role", "country", "themes", "peer-link"]


@dataclass(frozen=True)
class Need:
    """A challenge a city needs help with, why we think so, and the evidence."""

    challenge: str
    challenge_label: str
    source: Literal["faces", "working-on"]
    weight: float
    evidence: Evidence | None


@dataclass(frozen=True)
class Reason:
    """One reason for a match, with the evidence behind it where there is a quote."""

    kind: ReasonKind
    text: str
    challenge: str | None = None
    practice: str | None = None
    evidence: Evidence | None = None
    practice_label: str | None = None
    status_label: str | None = None
    challenge_label: str | None = None
    need: Need | None = None  # for helps and offers: the need met, with its own evidence
    giver: str | None = None  # for helps and offers: the city whose practice it is
    giver_label: str | None = None


@dataclass(frozen=True)
class PeerMatch:
    city: str
    city_label: str
    score: float
    help: float
    reciprocity: float
    similarity: float
    reasons: tuple[Reason, ...]
    why: str


@dataclass(frozen=True)
class MatchResult:
    city: str
    city_label: str
    needs: tuple[Need, ...]
    results: tuple[PeerMatch, ...]


@dataclass(frozen=True)
class HelpResult:
    """The cities a city can help, best first. In each match, `help` and the `helps` reasons are
    what the city gives; `reciprocity` and the `offers` reasons are what that city gives back."""

    city: str
    city_label: str
    results: tuple[PeerMatch, ...]


def needs_of(facts: Facts, city: City, challenge: str | None = None) -> list[Need]:
    """What the city needs help with: faced challenges first, then what it is still working on."""
    needs: dict[str, Need] = {}
    for s in sorted(facts.statements_by_city.get(city.iri, []), key=lambda s: s.iri):
        if s.challenge not in needs:
            needs[s.challenge] = Need(
                s.challenge, facts.label(s.challenge), "faces", 1.0, s.evidence[0] if s.evidence else None
            )
    for p in sorted(facts.practices_by_city.get(city.iri, []), key=lambda p: p.iri):
        for c in p.challenges if p.rank <= 2 else ():
            if c not in needs:
                needs[c] = Need(
                    c, facts.label(c), "working-on", WORKING_ON_WEIGHT, p.evidence[0] if p.evidence else None
                )
    if challenge is not None:
        found = needs.get(challenge)
        return [found if found else Need(challenge, facts.label(challenge), "faces", 1.0, None)]
    return list(needs.values())


def help_with(facts: Facts, helper: str, needs: list[Need]) -> tuple[float, list[tuple[Need, Practice]]]:
    """How much the helper's practices address the needs, and the best practice for each need met."""
    total, used = 0.0, []
    own = facts.practices_by_city.get(helper, [])
    for need in needs:
        fits = [p for p in own if need.challenge in p.challenges]
        if fits:
            best = max(fits, key=lambda p: (p.rank, len(p.evidence), p.iri))
            total += need.weight * status_weight(best.rank) * evidence_weight(best.evidence)
            used.append((need, best))
    return total, used


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
        reasons.append(Reason("cohort", f"both in {facts.label(cohort)}"))
    if {PILOT, TWIN} <= (a.roles | b.roles) and (PILOT in a.roles) != (PILOT in b.roles):
        score += 0.3
        reasons.append(Reason("pilot-twin", "a Pilot City and a Twin City: the programme pairs these"))
    shared_roles = sorted((a.roles & b.roles) - {PILOT, TWIN})
    if shared_roles:
        score += 0.1
        reasons.append(Reason("role", "both " + ", ".join(facts.label(r) for r in shared_roles)))
    if a.country and a.country == b.country:
        score += 0.1
        reasons.append(Reason("country", f"both in {a.country_label or facts.label(a.country)}"))
    ta, tb = _themes(facts, a.iri), _themes(facts, b.iri)
    if ta & tb:
        jaccard = len(ta & tb) / len(ta | tb)
        score += 0.3 * jaccard
        names = ", ".join(sorted(facts.label(t) for t in ta & tb)[:4])
        reasons.append(Reason("themes", f"shared themes: {names}"))
    for link in facts.peer_links:
        if {link.from_city, link.to_city} == {a.iri, b.iri}:
            score += 0.2
            text = f"{facts.label(link.from_city)} {link.type_label} {facts.label(link.to_city)}"
            reasons.append(Reason("peer-link", text, evidence=link.evidence[0] if link.evidence else None))
            break
    return score, reasons


def help_reasons(facts: Facts, used: list[tuple[Need, Practice]], kind: ReasonKind, giver: str) -> list[Reason]:
    out = []
    for need, p in sorted(used, key=lambda t: (-t[0].weight, -t[1].rank)):
        verb = "can help with" if kind == "helps" else "can offer back on"
        text = f"{facts.label(giver)} {verb} “{need.challenge_label}”: {p.label} ({facts.label(p.status)})"
        out.append(
            Reason(
                kind,
                text,
                need.challenge,
                p.iri,
                p.evidence[0] if p.evidence else None,
                p.label,
                facts.label(p.status),
                need.challenge_label,
                need,
                giver,
                facts.label(giver),
            )
        )
    return out


def score_pair(facts: Facts, city: City, peer: City, needs: list[Need]) -> PeerMatch | None:
    """The match of one peer for the city, or None when the peer helps with none of its needs."""
    helped, used = help_with(facts, peer.iri, needs)
    if helped <= 0:
        return None
    offered, back = help_with(facts, city.iri, needs_of(facts, peer))
    sim, sim_reasons = similarity(facts, city, peer)
    score = helped + 0.5 * offered + 0.25 * sim
    reasons = help_reasons(facts, used, "helps", peer.iri) + help_reasons(facts, back, "offers", city.iri) + sim_reasons
    top = used[0]
    why = (
        f"{peer.label} has “{top[1].label}” ({facts.label(top[1].status)}) for “{top[0].challenge_label}”"
        + (f"; {city.label} can offer back on {len(back)} of its challenges" if back else "")
        + (f"; {sim_reasons[0].text}" if sim_reasons else "")
        + "."
    )
    return PeerMatch(
        peer.iri, peer.label, round(score, 4), round(helped, 4), round(offered, 4), round(sim, 4), tuple(reasons), why
    )


def shortlist(facts: Facts, city: str, needs: list[Need], size: int) -> list[str]:
    """The peers with the most help to give, found through the challenge index (not a scan of all cities)."""
    best: dict[tuple[str, str], float] = {}
    for need in needs:
        for p in facts.practices_by_challenge.get(need.challenge, []):
            if p.city != city and p.city in facts.cities:
                value = need.weight * status_weight(p.rank) * evidence_weight(p.evidence)
                best[(p.city, need.challenge)] = max(best.get((p.city, need.challenge), 0.0), value)
    totals: dict[str, float] = {}
    for (peer, _), value in best.items():
        totals[peer] = totals.get(peer, 0.0) + value
    return sorted(totals, key=lambda c: (-totals[c], c))[:size]


def resolve_challenge(index: SearchIndex, text: str) -> str:
    """A challenge from its IRI or prefixed name, or the challenge the words match best."""
    value = expand(text)
    if is_iri(value):
        concept = index.facts.concepts.get(value)
        if concept is None or concept.type != CHALLENGE_TYPE:
            raise NotFound(f"challenge: {value} is not a challenge of the graph")
        return value
    reading = read_query(index, text, "practice")
    if not reading.challenges:
        raise NotFound(f"challenge: no challenge matches '{text}'; try other words or a challenge IRI")
    return next(iter(reading.challenges))


def match(index: SearchIndex, city: str, *, challenge: str | None = None, k: int = 5) -> MatchResult:
    """The k peers that can best help the city with its challenges (or with one challenge)."""
    if not 1 <= k <= 50:
        raise InvalidQueryParameter(f"k: {k} is out of range; use 1 to 50")
    facts = index.facts
    me = resolve_city(facts, city)
    needs = needs_of(facts, me, resolve_challenge(index, challenge) if challenge else None)
    matches = [
        m
        for peer in shortlist(facts, me.iri, needs, SHORTLIST * k)
        for m in [score_pair(facts, me, facts.cities[peer], needs)]
        if m is not None
    ]
    matches.sort(key=lambda m: (-m.score, m.city_label))
    return MatchResult(me.iri, me.label, tuple(needs), tuple(matches[:k]))


def _helped_candidates(facts: Facts, city: str) -> list[str]:
    """Cities with a need (faced, or still worked on) that one of the city's practices addresses."""
    found: set[str] = set()
    for c in {c for p in facts.practices_by_city.get(city, []) for c in p.challenges}:
        found |= {s.city for s in facts.statements_by_challenge.get(c, [])}
        found |= {p.city for p in facts.practices_by_challenge.get(c, []) if p.rank <= 2}
    return sorted(c for c in found - {city} if c in facts.cities)


def helped_by(index: SearchIndex, city: str, *, k: int = 5) -> HelpResult:
    """The k cities the city can best help: matchmaking in the reverse direction."""
    if not 1 <= k <= 50:
        raise InvalidQueryParameter(f"k: {k} is out of range; use 1 to 50")
    facts = index.facts
    me = resolve_city(facts, city)
    matches = []
    for iri in _helped_candidates(facts, me.iri):
        other = facts.cities[iri]
        m = score_pair(facts, other, me, needs_of(facts, other))
        if m is None:
            continue
        top = next(r for r in m.reasons if r.kind == "helps")
        verb = "is still working on" if top.need and top.need.source == "working-on" else "faces"
        offers = sum(r.kind == "offers" for r in m.reasons)
        why = (
            f"{other.label} {verb} “{top.challenge_label}”; {me.label} has “{top.practice_label}” ({top.status_label})"
            + (f"; {other.label} can offer back on {offers} of {me.label}'s challenges" if offers else "")
            + "."
        )
        matches.append(replace(m, city=other.iri, city_label=other.label, why=why))
    matches.sort(key=lambda m: (-m.score, m.city_label))
    return HelpResult(me.iri, me.label, tuple(matches[:k]))
