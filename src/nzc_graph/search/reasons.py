"""The reasons behind a peer match or a pair, and the sentences that say them.

A reason about help (`helps`, `offers`) or co-learning (`co-learner`) names the practice, its status
and the report section of its quote, and carries the quote itself; one backed by a peer link also
names the city that learnt the practice from the giver, with that quote. `paired` carries the web
page that states the programme's pairing. `size` and `distance` carry GeoNames' numbers: the two
populations and the distance in km. Every text is one sentence, and counted nouns agree with
their number (`wording.counted`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from nzc_graph.search.facts import Citation, Evidence, Facts, Practice
from nzc_graph.search.offers import Need, Offer

ReasonKind = Literal[
    "helps",
    "offers",
    "co-learner",
    "paired",
    "pilot-twin",
    "cohort",
    "role",
    "country",
    "themes",
    "peer-link",
    "size",
    "distance",
]
CONTEXT_KINDS: tuple[ReasonKind, ...] = ("size", "distance")  # context after complementarity: never help
LINK_PHRASES = {"offered a contact": "offered a contact to"}  # link-type labels that need a preposition


@dataclass(frozen=True)
class Reason:
    """One reason for a match, with the evidence behind it where there is a quote or a page."""

    kind: ReasonKind
    text: str
    challenge: str | None = None
    practice: str | None = None
    evidence: Evidence | None = None
    practice_label: str | None = None
    status_label: str | None = None
    challenge_label: str | None = None
    need: Need | None = None  # for helps, offers and co-learner: the need, with its own evidence
    giver: str | None = None  # for helps and offers: the city that gives; for co-learner: the one also working on it
    giver_label: str | None = None
    learner: str | None = None  # for an offer backed by a peer link: the city that learnt it from the giver
    learner_label: str | None = None
    relation: str | None = None  # how the learner learnt it: "inspired" or "advised"
    source_evidence: Evidence | None = None  # the quote that says the learner learnt it from the giver
    # (for a source without a practice of its own, `evidence` is that same quote)
    citation: Citation | None = None  # for paired: the page that states the pairing
    practice_city: str | None = None  # whose practice it is: the giver's, or the learner's copy for a source
    populations: tuple[int, int] | None = None  # for size: GeoNames' populations, in the order the text names them
    distance_km: float | None = None  # for distance: the great-circle distance, km (search/places.py)


def through(r: Reason) -> str:
    """How a help reason's giver helps, for a why line: its practice, or what it taught the learner.

    >>> through(Reason("helps", "", practice_label="P", status_label="implemented", giver="a", practice_city="a"))
    '“P” (implemented)'
    >>> through(Reason("helps", "", practice_label="P", status_label="piloting", giver="a", practice_city="b",
    ...                learner="b", learner_label="B", relation="advised"))
    'the advice it gave B (“P”, piloting)'
    """
    if r.practice_city == r.giver:
        return f"“{r.practice_label}” ({r.status_label})"
    what = "advice" if r.relation == "advised" else "model"
    return f"the {what} it gave {r.learner_label} (“{r.practice_label}”, {r.status_label})"


def context_clause(reasons: Collection[Reason]) -> str:
    """The end of a why line: the size and distance reasons, after everything else.

    >>> context_clause([Reason("size", "similar size: …"), Reason("distance", "neighbours, 80 km apart")])
    '; similar size: …; neighbours, 80 km apart'
    """
    return "".join(f"; {r.text}" for r in reasons if r.kind in CONTEXT_KINDS)


def listed(items: list[str]) -> str:
    """Items joined as in a sentence.

    >>> listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def plural_label(label: str) -> str:
    """A role label in the plural: "Mission City" → "Mission Cities".

    >>> plural_label("Twin City"), plural_label("Pilot Cities Programme participant")
    ('Twin Cities', 'Pilot Cities Programme participants')
    """
    return label[: -len("City")] + "Cities" if label.endswith("City") else label + "s"


def _where(status: str, evidence: Evidence | None) -> str:
    return f"{status}, §{evidence.section}" if evidence and evidence.section else status


def offer_reason(facts: Facts, need: Need, offer: Offer, kind: Literal["helps", "offers"]) -> Reason:
    """The reason for one offer: giver, need, practice, status and section, and a peer link behind it."""
    giver, p, src = facts.label(offer.giver), offer.practice, offer.source
    status = facts.label(p.status)
    verb = "can help with" if kind == "helps" else "can offer back on"
    own = p.city == offer.giver
    evidence = p.evidence[0] if own and p.evidence else None
    link = next((e for e in src.evidence if e != evidence), src.evidence[0]) if src and src.evidence else None
    learner = facts.label(src.learner) if src else ""
    if own:
        text = f"{giver} {verb} “{need.challenge_label}”: “{p.label}” ({_where(status, evidence)})"
        if src:
            learnt = f"{learner} took it as a model" if src.relation == "inspired" else f"it advised {learner} on it"
            text += f", and {learnt}" + (f" (§{link.section})" if link and link.section else "")
    else:
        did = "advised" if src and src.relation == "advised" else "inspired"
        text = f"{giver} {verb} “{need.challenge_label}”: it {did} {learner} on “{p.label}” ({_where(status, link)})"
    return Reason(
        kind,
        text,
        challenge=need.challenge,
        practice=p.iri,
        evidence=evidence or link,
        practice_label=p.label,
        status_label=status,
        challenge_label=need.challenge_label,
        need=need,
        giver=offer.giver,
        giver_label=giver,
        learner=src.learner if src else None,
        learner_label=learner or None,
        relation=src.relation if src else None,
        source_evidence=link,
        practice_city=p.city,
    )


def co_learner_reason(facts: Facts, need: Need, practice: Practice) -> Reason:
    """A city also working on a need, with its proposed or planned practice: never help."""
    who, status = facts.label(practice.city), facts.label(practice.status)
    evidence = practice.evidence[0] if practice.evidence else None
    text = f"{who} is also working on “{need.challenge_label}”: “{practice.label}” ({_where(status, evidence)})"
    return Reason(
        "co-learner",
        text,
        challenge=need.challenge,
        practice=practice.iri,
        evidence=evidence,
        practice_label=practice.label,
        status_label=status,
        challenge_label=need.challenge_label,
        need=need,
        giver=practice.city,
        giver_label=who,
        practice_city=practice.city,
    )


def link_phrase(label: str) -> str:
    """A peer-link type label as a verb phrase between two city names."""
    return LINK_PHRASES.get(label, label)
