"""Response models of the matchmaking routes (/match/{city}, /pairs): the JSON contract of docs/search-api.md.

A match result carries its ranked peers with their reasons, the co-learners apart (never help) and
the city's partners in the programme with the pages that state them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from nzc_graph.api.schemas.search import EvidenceOut, Paged, evidence_out, paged
from nzc_graph.search.facts import Citation
from nzc_graph.search.matchmaking import CoLearner, MatchResult, PeerMatch, ProgrammePartner
from nzc_graph.search.pairing import Group, PairingPlan
from nzc_graph.search.reasons import Reason


class CitationOut(BaseModel):
    url: str = Field(description="Address of the web page that states the fact.")
    title: str
    publisher: str
    heading: str = Field(description="The heading of the page the fact appears under.")


class ReasonOut(BaseModel):
    kind: str = Field(
        description="helps, offers, co-learner, paired, pilot-twin, cohort, role, country, themes, peer-link, "
        "size or distance."
    )
    text: str = Field(description="One sentence; for helps, offers and co-learner it names practice, status, section.")
    challenge: str | None
    practice: str | None
    practice_label: str | None = None
    status: str | None = Field(default=None, description="Status label of the practice (helps, offers, co-learner).")
    evidence: EvidenceOut | None
    learner: str | None = Field(
        default=None, description="For an offer backed by a peer link: the city that learnt it from the giver."
    )
    relation: str | None = Field(default=None, description="How the learner learnt it: inspired or advised.")
    source_evidence: EvidenceOut | None = Field(
        default=None, description="The quote that says the learner learnt it from the giver (inspired by, advised)."
    )
    citation: CitationOut | None = Field(default=None, description="For paired: the page that states the pairing.")
    populations: list[int] | None = Field(
        default=None, description="For size: GeoNames' populations of the two cities, in the order the text names them."
    )
    distance_km: float | None = Field(
        default=None, description="For distance: the great-circle distance of the two cities in km (GeoNames)."
    )


class NeedOut(BaseModel):
    challenge: str
    challenge_label: str
    source: str = Field(
        description="faces (a challenge statement) or working-on (its own proposed or planned practice)."
    )
    weight: float
    evidence: EvidenceOut | None


class MatchItem(BaseModel):
    city: str
    city_label: str
    score: float
    help: float
    reciprocity: float
    similarity: float
    programme: float = Field(description="Programme fit: 0.5 already paired, 0.2 a Pilot for a Twin, 0.1 vice versa.")
    practice: str | None = Field(description="The peer's practice behind the first reason.")
    practice_label: str | None
    status: str | None
    challenge_label: str | None
    evidence: EvidenceOut | None
    why: str
    reasons: list[ReasonOut]
    context: float = Field(
        default=0.0,
        description="Size and distance: 0.1 for a similar size, 0.1 for neighbours. Not part of score; it only "
        "orders peers of an equal score.",
    )


class CoLearnerItem(BaseModel):
    city: str
    city_label: str
    score: float = Field(description="Sum of the weights of the needs it also works on; never part of help.")
    why: str
    reasons: list[ReasonOut] = Field(description="kind co-learner: its proposed or planned practice per need.")


class PartnerItem(BaseModel):
    city: str
    city_label: str
    role: str = Field(description="The partner's role in the programme's pair: Twin City or Pilot City.")
    text: str
    citations: list[CitationOut]


class MatchResponse(Paged):
    city: str
    city_label: str
    needs: list[NeedOut]
    results: list[MatchItem]
    co_learners: list[CoLearnerItem] = Field(
        description="Cities also working on the city's needs with only proposed or planned practices (not help)."
    )
    paired_in_programme: list[PartnerItem] = Field(
        description="The city's partners in the programme's Twin–Pilot pairs, with the pages that state them."
    )
    size: str | None = Field(
        default=None, description="similar when only cities of the city's population band are listed, else null."
    )
    size_band: str | None = Field(
        default=None, description="The city's population band (GeoNames), e.g. 250–500 k; null when unknown."
    )


class PairItem(BaseModel):
    city: str = Field(description="The first city of the group (alphabetical).")
    city_label: str
    score: float = Field(description="Total mutual benefit of the group.")
    cities: list[str]
    city_labels: list[str]
    why: str
    reasons: list[ReasonOut]


class PairsResponse(Paged):
    cohort: str
    cohort_label: str
    total_benefit: float
    method: str
    results: list[PairItem]


def citation_out(c: Citation | None) -> CitationOut | None:
    return None if c is None else CitationOut(url=c.url, title=c.title, publisher=c.publisher, heading=c.heading)


def reason_out(r: Reason) -> ReasonOut:
    return ReasonOut(
        kind=r.kind,
        text=r.text,
        challenge=r.challenge,
        practice=r.practice,
        practice_label=r.practice_label,
        status=r.status_label,
        evidence=evidence_out(r.evidence),
        learner=r.learner,
        relation=r.relation,
        source_evidence=evidence_out(r.source_evidence),
        citation=citation_out(r.citation),
        populations=list(r.populations) if r.populations else None,
        distance_km=r.distance_km,
    )


def co_learner_item(c: CoLearner) -> CoLearnerItem:
    return CoLearnerItem(
        city=c.city, city_label=c.city_label, score=c.score, why=c.why, reasons=[reason_out(r) for r in c.reasons]
    )


def partner_item(p: ProgrammePartner) -> PartnerItem:
    citations = [x for x in (citation_out(c) for c in p.citations) if x is not None]
    return PartnerItem(city=p.city, city_label=p.city_label, role=p.role, text=p.text, citations=citations)


def match_item(m: PeerMatch) -> MatchItem:
    top = next((r for r in m.reasons if r.kind == "helps"), None)
    return MatchItem(
        city=m.city,
        city_label=m.city_label,
        score=m.score,
        help=m.help,
        reciprocity=m.reciprocity,
        similarity=m.similarity,
        programme=m.programme,
        practice=top.practice if top else None,
        practice_label=top.practice_label if top else None,
        status=top.status_label if top else None,
        challenge_label=top.challenge_label if top else None,
        evidence=evidence_out(top.evidence) if top else None,
        why=m.why,
        reasons=[reason_out(r) for r in m.reasons],
        context=m.context,
    )


def match_response(result: MatchResult, limit: int, offset: int) -> MatchResponse:
    needs = [
        NeedOut(
            challenge=n.challenge,
            challenge_label=n.challenge_label,
            source=n.source,
            weight=n.weight,
            evidence=evidence_out(n.evidence),
        )
        for n in result.needs
    ]
    items = [match_item(m) for m in result.results[offset : offset + limit]]
    return MatchResponse(
        city=result.city,
        city_label=result.city_label,
        needs=needs,
        results=items,
        co_learners=[co_learner_item(c) for c in result.co_learners],
        paired_in_programme=[partner_item(p) for p in result.partners],
        size=result.size,
        size_band=result.size_band,
        **paged(len(result.results), limit, offset),
    )


def pair_item(g: Group) -> PairItem:
    return PairItem(
        city=g.cities[0],
        city_label=g.city_labels[0],
        score=g.benefit,
        cities=list(g.cities),
        city_labels=list(g.city_labels),
        why=g.why,
        reasons=[reason_out(r) for r in g.reasons],
    )


def pairs_response(plan: PairingPlan, limit: int, offset: int) -> PairsResponse:
    return PairsResponse(
        cohort=plan.cohort,
        cohort_label=plan.cohort_label,
        total_benefit=plan.total_benefit,
        method=plan.method,
        results=[pair_item(g) for g in plan.groups[offset : offset + limit]],
        **paged(len(plan.groups), limit, offset),
    )
