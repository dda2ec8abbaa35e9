"""What a city needs and what it can really offer: the evidence rules of peer matchmaking.

A city's **needs** are the challenges the report says it faces (weight 1.0) and the challenges its
own proposed or planned practices address, i.e. what it is still working on (weight 0.5).

An **offer** is what a city can give for one challenge, and only working practices count:

- its own practice that addresses the challenge, if it is implemented or scaled (weight 1.0) or
  piloting (0.6). A proposed or planned practice is never an offer: it makes the city a
  *co-learner* ("also working on this");
- its know-how as a **source** of a practice kind: another city's practice of that kind was
  inspired by it, or it advised another city about its own practice (peer links, see
  queries/search-practice-sources.rq). It offers for the challenges that the practices of that
  kind, its own and the learner's, address, and weighs like an implemented practice.

An offer of a kind another city learnt from the giver is worth `TRANSFER` (1.25) times more: a
practice that has already travelled to a peer is the best evidence that it can travel again. Every
offer is also multiplied by its evidence weight (one quote 0.95, two or more 1.0). A city that
faces a challenge without a working practice for it offers nothing for it, source or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nzc_graph.search.facts import City, Evidence, Facts, Practice, PracticeSource
from nzc_graph.search.service import evidence_weight

WORKING_RANK = 3  # piloting (3), implemented (4) and scaled (5) are working practices
WORKING_ON_WEIGHT = 0.5
TRANSFER = 1.25


def status_weight(rank: int) -> float:
    """A practice's status as help: proposed and planned 0, piloting 0.6, implemented and scaled 1.0."""
    return 0.0 if rank < WORKING_RANK else 0.6 if rank == WORKING_RANK else 1.0


@dataclass(frozen=True)
class Need:
    """A challenge a city needs help with, why we think so, and the evidence."""

    challenge: str
    challenge_label: str
    source: Literal["faces", "working-on"]
    weight: float
    evidence: Evidence | None


@dataclass(frozen=True)
class Offer:
    """What a city can give for one challenge: the practice it names, its value and its evidence.

    `practice` is the giver's own working practice; for a source without one it is the learner's
    practice of that kind. `source` is the peer link that shows another city learnt it from the giver.
    """

    giver: str
    challenge: str
    practice: Practice
    value: float
    evidence: tuple[Evidence, ...]
    source: PracticeSource | None = None


def needs_of(facts: Facts, city: City, challenge: str | None = None) -> list[Need]:
    """What the city needs help with: faced challenges first, then what it is still working on."""
    needs: dict[str, Need] = {}
    for s in sorted(facts.statements_by_city.get(city.iri, []), key=lambda s: s.iri):
        if s.challenge not in needs:
            needs[s.challenge] = Need(
                s.challenge, facts.label(s.challenge), "faces", 1.0, s.evidence[0] if s.evidence else None
            )
    for p in sorted(facts.practices_by_city.get(city.iri, []), key=lambda p: p.iri):
        for c in p.challenges if p.rank < WORKING_RANK else ():
            if c not in needs:
                needs[c] = Need(
                    c, facts.label(c), "working-on", WORKING_ON_WEIGHT, p.evidence[0] if p.evidence else None
                )
    if challenge is not None:
        found = needs.get(challenge)
        return [found if found else Need(challenge, facts.label(challenge), "faces", 1.0, None)]
    return list(needs.values())


def _best(practices: list[Practice]) -> Practice | None:
    return max(practices, key=lambda p: (p.rank, len(p.evidence), p.iri), default=None)


def _better(a: Offer | None, b: Offer) -> bool:
    return a is None or (b.value, b.practice.rank, b.practice.iri) > (a.value, a.practice.rank, a.practice.iri)


def _merged(*groups: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(e for g in groups for e in g))


def _source_offers(facts: Facts, city: str, src: PracticeSource, faced: set[str]) -> list[Offer]:
    own = [p for p in facts.practices_by_city.get(city, []) if p.kind == src.kind]
    copied = [p for p in facts.practices_by_city.get(src.learner, []) if p.kind == src.kind]
    shown = _best([p for p in own if p.rank >= WORKING_RANK]) or _best(copied)
    if shown is None:
        return []
    evidence = _merged(shown.evidence if shown.city == city else (), src.evidence)
    value = evidence_weight(evidence) * TRANSFER
    challenges = dict.fromkeys(c for p in own + copied for c in p.challenges)
    return [Offer(city, c, shown, value, evidence, src) for c in challenges if c not in faced]


def offers_of(facts: Facts, city: str) -> dict[str, Offer]:
    """The city's best offer for each challenge it can help with."""
    sources = {s.kind: s for s in sorted(facts.sources_by_city.get(city, []), key=lambda s: (s.learner, s.relation))}
    best: dict[str, Offer] = {}
    for p in facts.practices_by_city.get(city, []):
        if p.rank < WORKING_RANK:
            continue
        src = sources.get(p.kind or "")
        value = status_weight(p.rank) * evidence_weight(p.evidence) * (TRANSFER if src else 1.0)
        for c in p.challenges:
            offer = Offer(city, c, p, value, _merged(p.evidence, src.evidence if src else ()), src)
            if _better(best.get(c), offer):
                best[c] = offer
    # a city that faces a challenge and has no working practice for it is no source for it either
    faced = {s.challenge for s in facts.statements_by_city.get(city, [])} - set(best)
    for src in sources.values():
        for offer in _source_offers(facts, city, src, faced):
            if _better(best.get(offer.challenge), offer):
                best[offer.challenge] = offer
    return best


def co_learning_of(facts: Facts, city: str) -> dict[str, Practice]:
    """For each challenge the city works on without a working practice or source for it, its
    furthest proposed or planned practice: what makes it a co-learner, never a helper."""
    offered = offers_of(facts, city)
    found: dict[str, list[Practice]] = {}
    for p in facts.practices_by_city.get(city, []):
        for c in p.challenges if p.rank < WORKING_RANK else ():
            if c not in offered:
                found.setdefault(c, []).append(p)
    return {c: best for c, ps in found.items() if (best := _best(ps)) is not None}


def help_with(
    facts: Facts, helper: str, needs: list[Need], recipient: str | None = None
) -> tuple[float, list[tuple[Need, Offer]]]:
    """How much the helper's offers meet the needs (Σ need weight × offer value), and the offer for
    each need met. An offer that names the recipient's own practice (the helper advised it on that
    very practice) teaches it nothing new and is left out."""
    offers = offers_of(facts, helper)
    used = [
        (need, offers[need.challenge])
        for need in needs
        if need.challenge in offers and offers[need.challenge].practice.city != recipient
    ]
    return sum(need.weight * offer.value for need, offer in used), used
