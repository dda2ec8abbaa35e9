"""Peer matchmaking: which cities can help a city with its needs, on the evidence of the report.

Needs and offers follow the rules of `offers.py`: a city's needs are the challenges it faces (1.0)
and those it is still working on (0.5); only working practices help (implemented and scaled 1.0,
piloting 0.6), as do the cities others learnt a kind of practice from (peer links), and a practice
that another city already learnt from the giver counts 1.25 times. Then

    help(peer → city) = Σ over needs met  need weight × value of the peer's best offer for it
    score = help(peer → city) + 0.5 × reciprocity(city → peer) + 0.25 × similarity + programme

Reciprocity is the same help the other way round (what the city can offer back, by the same rules).
Similarity and the programme fit (already paired in the programme 0.5, else a Pilot City for a Twin
City 0.2, a Twin City for a Pilot City 0.1) are in `fit.py`. The city is never its own peer. Peers
are shortlisted by help (10 per peer asked for) before the full score is computed.

Size and distance (`fit.context_fit`: a similar size, neighbours; GeoNames' numbers) come after
all of that: they add reasons and the end of the why, and `context` orders peers of an equal score
only, so they never outrank complementarity. `size="similar"` keeps only peers and co-learners of
the city's own population band (search/places.py).

Cities with only a proposed or planned practice for a need are *co-learners* ("also working on
this"): the result lists them apart, and they never count as help. The programme's own partners of
the city (Twin–Pilot pairs from the roster pages) are listed with their pages whether or not they
help. See docs/search-api.md.

`helped_by` asks the same question the other way round: which cities have a need that one of the
city's offers meets ("whom we can help"), scored exactly as if the city were their peer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.search.facts import CHALLENGE_TYPE, Citation, City, Facts
from nzc_graph.search.filters import SizeFilter, expand, is_iri, resolve_city, resolve_size
from nzc_graph.search.fit import context_fit, paired_reason, programme_fit, similarity
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.offers import WORKING_RANK, Need, co_learning_of, help_with, needs_of, offers_of
from nzc_graph.search.places import similar_size, size_band
from nzc_graph.search.reasons import (
    CONTEXT_KINDS,
    Reason,
    co_learner_reason,
    context_clause,
    listed,
    offer_reason,
    through,
)
from nzc_graph.search.service import read_query
from nzc_graph.wording import counted

SHORTLIST = 10  # peers scored in full per peer asked for; the others give less help


@dataclass(frozen=True)
class PeerMatch:
    city: str
    city_label: str
    score: float
    help: float
    reciprocity: float
    similarity: float
    programme: float
    reasons: tuple[Reason, ...]
    why: str
    context: float = 0.0  # size and distance (fit.context_fit): orders equal scores only, never in the score


@dataclass(frozen=True)
class CoLearner:
    """A city also working on some of the city's needs, with only proposed or planned practices."""

    city: str
    city_label: str
    score: float  # Σ weight of the needs shared
    reasons: tuple[Reason, ...]  # kind co-learner: practice, status and quote per need
    why: str


@dataclass(frozen=True)
class ProgrammePartner:
    """A city the programme pairs with this one (Twin with Pilot City), with the pages that say so."""

    city: str
    city_label: str
    role: str  # the partner's role in the pair: "Twin City" or "Pilot City"
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class MatchResult:
    city: str
    city_label: str
    needs: tuple[Need, ...]
    results: tuple[PeerMatch, ...]
    co_learners: tuple[CoLearner, ...] = ()
    partners: tuple[ProgrammePartner, ...] = ()
    size: SizeFilter | None = None  # the size filter asked for
    size_band: str | None = None  # the city's population band (GeoNames), when known


@dataclass(frozen=True)
class HelpResult:
    """The cities a city can help, best first. In each match, `help` and the `helps` reasons are
    what the city gives; `reciprocity` and the `offers` reasons are what that city gives back."""

    city: str
    city_label: str
    results: tuple[PeerMatch, ...]


def _why(peer: City, city: City, helps: list[Reason], offers: int, fit: list[Reason]) -> str:
    top = helps[0]
    more = len(helps) - 1
    first = next((r for r in fit if r.kind not in CONTEXT_KINDS), None)
    return (
        f"{peer.label} can help with “{top.challenge_label}” through {through(top)}"
        + (f" and with {counted(more, 'other need')}" if more else "")
        + (f"; {city.label} can offer back on {counted(offers, 'challenge')}" if offers else "")
        + (f"; {first.text}" if first else "")
        + context_clause(fit)
        + "."
    )


def score_pair(facts: Facts, city: City, peer: City, needs: list[Need]) -> PeerMatch | None:
    """The match of one peer for the city, or None when the peer meets none of its needs."""
    helped, used = help_with(facts, peer.iri, needs, city.iri)
    if helped <= 0:
        return None
    offered, back = help_with(facts, city.iri, needs_of(facts, peer), peer.iri)
    sim, sim_reasons = similarity(facts, city, peer)
    prog, prog_reasons = programme_fit(facts, city, peer)
    context, context_reasons = context_fit(peer, city)
    score = helped + 0.5 * offered + 0.25 * sim + prog
    used.sort(key=lambda t: (-t[0].weight * t[1].value, t[0].challenge_label))
    back.sort(key=lambda t: (-t[0].weight * t[1].value, t[0].challenge_label))
    helps = [offer_reason(facts, n, o, "helps") for n, o in used]
    offers = [offer_reason(facts, n, o, "offers") for n, o in back]
    fit = prog_reasons + sim_reasons + context_reasons
    return PeerMatch(
        peer.iri,
        peer.label,
        round(score, 4),
        round(helped, 4),
        round(offered, 4),
        round(sim, 4),
        round(prog, 4),
        tuple(helps + offers + fit),
        _why(peer, city, helps, len(offers), fit),
        round(context, 4),
    )


def rank_key(m: PeerMatch) -> tuple[float, float, str]:
    """Best first: the score (complementarity and fit), then context for equal scores, then the name."""
    return (-m.score, -m.context, m.city_label)


def shortlist(
    facts: Facts, city: str, needs: list[Need], size: int, allowed: Collection[str] | None = None
) -> list[str]:
    """The peers with the most help to give, found through the challenge index (not a scan of all
    cities); only those in `allowed` when it is given (a filter)."""
    wanted = {n.challenge for n in needs}
    candidates = {p.city for c in wanted for p in facts.practices_by_challenge.get(c, []) if p.rank >= WORKING_RANK}
    candidates |= set(facts.sources_by_city)
    if allowed is not None:
        candidates &= set(allowed)
    totals = {
        peer: total
        for peer in candidates - {city}
        if peer in facts.cities and (total := help_with(facts, peer, needs, city)[0]) > 0
    }
    return sorted(totals, key=lambda c: (-totals[c], c))[:size]


def co_learners(facts: Facts, city: str, needs: list[Need], allowed: Collection[str] | None = None) -> list[CoLearner]:
    """Cities with a proposed or planned practice (and no offer) for one of the needs, most shared
    first; only those in `allowed` when it is given (a filter)."""
    wanted = {n.challenge: n for n in needs}
    found: dict[str, list[Reason]] = {}
    candidates = {p.city for c in wanted for p in facts.practices_by_challenge.get(c, []) if p.rank < WORKING_RANK}
    if allowed is not None:
        candidates &= set(allowed)
    for other in sorted(candidates - {city}):
        for challenge, practice in sorted(co_learning_of(facts, other).items()):
            if challenge in wanted and other in facts.cities:
                found.setdefault(other, []).append(co_learner_reason(facts, wanted[challenge], practice))
    out = []
    for other, reasons in found.items():
        label = facts.label(other)
        score = sum(r.need.weight for r in reasons if r.need)
        names = listed([f"“{r.challenge_label}”" for r in reasons])
        it = "it" if len(reasons) == 1 else "them"
        why = f"{label} is also working on {names}, without a working practice for {it} yet."
        out.append(CoLearner(other, label, round(score, 4), tuple(reasons), why))
    return sorted(out, key=lambda c: (-c.score, c.city_label))


def partners(facts: Facts, city: City) -> list[ProgrammePartner]:
    """The city's partners in the programme's Twin–Pilot pairs, with the pages that state them."""
    out = []
    for pair in facts.twins_by_city.get(city.iri, []):
        other = pair.pilot if pair.twin == city.iri else pair.twin
        if other not in facts.cities:
            continue
        role = "Pilot City" if other == pair.pilot else "Twin City"
        out.append(ProgrammePartner(other, facts.label(other), role, paired_reason(facts, pair).text, pair.citations))
    return sorted(out, key=lambda p: p.city_label)


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


def _check_k(k: int) -> None:
    if not 1 <= k <= 50:
        raise InvalidQueryParameter(f"k: {k} is out of range; use 1 to 50")


def same_size(facts: Facts, city: City) -> frozenset[str]:
    """The cities of the city's own population band: what `size=similar` keeps."""
    if size_band(city.population) is None:
        raise InvalidQueryParameter(
            f"size: GeoNames gives no population for {city.label}, so no city can be called of a similar size;"
            " leave size out"
        )
    return frozenset(c.iri for c in facts.cities.values() if similar_size(city.population, c.population))


def match(
    index: SearchIndex, city: str, *, challenge: str | None = None, k: int = 5, size: str | None = None
) -> MatchResult:
    """The k peers that can best help the city with its needs (or with one challenge), its
    co-learners and its partners in the programme; with `size="similar"`, only cities of its size."""
    _check_k(k)
    facts = index.facts
    me = resolve_city(facts, city)
    size_filter = resolve_size(size)
    allowed = same_size(facts, me) if size_filter else None
    needs = needs_of(facts, me, resolve_challenge(index, challenge) if challenge else None)
    matches = [
        m
        for peer in shortlist(facts, me.iri, needs, SHORTLIST * k, allowed)
        for m in [score_pair(facts, me, facts.cities[peer], needs)]
        if m is not None
    ]
    matches.sort(key=rank_key)
    found = co_learners(facts, me.iri, needs, allowed)
    band = size_band(me.population)
    return MatchResult(
        me.iri,
        me.label,
        tuple(needs),
        tuple(matches[:k]),
        tuple(found),
        tuple(partners(facts, me)),
        size_filter,
        band.label if band else None,
    )


def _helped_candidates(facts: Facts, city: str) -> list[str]:
    """Cities with a need (faced, or still worked on) that one of the city's offers meets."""
    found: set[str] = set()
    for c in offers_of(facts, city):
        found |= {s.city for s in facts.statements_by_challenge.get(c, [])}
        found |= {p.city for p in facts.practices_by_challenge.get(c, []) if p.rank < WORKING_RANK}
    return sorted(c for c in found - {city} if c in facts.cities)


def helped_by(index: SearchIndex, city: str, *, k: int = 5) -> HelpResult:
    """The k cities the city can best help: matchmaking in the reverse direction."""
    _check_k(k)
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
            f"{other.label} {verb} “{top.challenge_label}”, and {me.label} can help through {through(top)}"
            + (f"; {other.label} can offer back on {counted(offers, 'challenge')}" if offers else "")
            + ("; they are already paired in the programme" if any(r.kind == "paired" for r in m.reasons) else "")
            + context_clause(m.reasons)
            + "."
        )
        matches.append(replace(m, city=other.iri, city_label=other.label, why=why))
    matches.sort(key=rank_key)
    return HelpResult(me.iri, me.label, tuple(matches[:k]))
