"""Response models of the search and matchmaking routes: the JSON contract of docs/search-api.md.

Every response is an object with "results", ranked best first; every result carries at least
`city` (IRI), `city_label` and `score`, and where it applies `practice`, `practice_label`, `status`,
`challenge_label`, `evidence` (`quote`, `section`, `context`, `indirect`) and `why`.
"""

from __future__ import annotations

from typing import TypedDict

from pydantic import BaseModel, Field

from nzc_graph.search.facts import Citation, Evidence
from nzc_graph.search.matchmaking import CoLearner, MatchResult, PeerMatch, ProgrammePartner
from nzc_graph.search.pairing import Group, PairingPlan
from nzc_graph.search.reasons import Reason
from nzc_graph.search.service import FacesResult, Interpretation, Page, SolvedResult, is_answered


class EvidenceOut(BaseModel):
    quote: str = Field(description="Verbatim text from the source report, as plain text (markup left out).")
    section: str = Field(description="Number of the report section, e.g. 1.4.1.")
    context: str | None = Field(
        default=None,
        description="The whole sentence the quote starts inside of, only when the quote starts mid-sentence "
        "(show the quote with a leading '…').",
    )
    indirect: bool = Field(
        default=False, description="True when the quote names other cities but not the one the result is about."
    )


class MatchedConcept(BaseModel):
    iri: str
    label: str
    relevance: float


class InterpretationOut(BaseModel):
    mode: str = Field(description="challenge, theme or kind when the query named one; text for plain words.")
    concepts: list[MatchedConcept] = Field(description="The concepts the query was read as, best first.")


class SolvedItem(BaseModel):
    city: str
    city_label: str
    score: float
    practice: str
    practice_label: str
    kind: str | None
    kind_label: str | None
    status: str
    status_label: str
    status_rank: int
    challenge: str | None = Field(description="The challenge that made this result relevant (first of challenges).")
    challenge_label: str | None
    challenges: list[str]
    challenge_labels: list[str]
    evidence: EvidenceOut | None
    why: str
    other_practices: list[str] = Field(description="The city's other matching practices, by IRI.")


class FacesItem(BaseModel):
    city: str
    city_label: str
    score: float
    challenge: str
    challenge_label: str
    statement: str
    evidence: EvidenceOut | None
    why: str
    other_challenges: list[str]


class Paged(BaseModel):
    total: int = Field(description="Number of results over all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page, or null on the last page.")


class SolvedResponse(Paged):
    query: str
    answered: bool = Field(
        description="False when the best practice is not a convincing answer (it scores below the floor, matches "
        "less than half of the question's words, or the question reads as a challenge nobody solved): the report "
        "has no real answer yet; ask /faces for the cities that face the problem."
    )
    best_score: float = Field(description="Score of the best result over all pages (0 when none).")
    coverage: float = Field(
        description="Share of the question's words that the best result matches (a typo guess counts half; "
        "1 when the query named a concept)."
    )
    unsolved_challenge: MatchedConcept | None = Field(
        description="The challenge the question reads as best, when no city in the graph has a practice for it."
    )
    ranker: str = Field(description="bm25, or bm25+embeddings when the semantic extra is installed.")
    interpretation: InterpretationOut
    results: list[SolvedItem]


class FacesResponse(Paged):
    query: str
    ranker: str
    interpretation: InterpretationOut
    results: list[FacesItem]


class CitationOut(BaseModel):
    url: str = Field(description="Address of the web page that states the fact.")
    title: str
    publisher: str
    heading: str = Field(description="The heading of the page the fact appears under.")


class ReasonOut(BaseModel):
    kind: str = Field(
        description="helps, offers, co-learner, paired, pilot-twin, cohort, role, country, themes or peer-link."
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


def evidence_out(e: Evidence | None) -> EvidenceOut | None:
    if e is None:
        return None
    return EvidenceOut(quote=e.quote, section=e.section, context=e.context or None, indirect=e.indirect)


class PageFields(TypedDict):
    total: int
    limit: int
    offset: int
    next_offset: int | None


def paged(total: int, limit: int, offset: int) -> PageFields:
    """The paging fields of a response.

    >>> paged(25, 10, 10)
    {'total': 25, 'limit': 10, 'offset': 10, 'next_offset': 20}
    >>> paged(25, 10, 20)["next_offset"] is None
    True
    """
    nxt = offset + limit
    return {"total": total, "limit": limit, "offset": offset, "next_offset": nxt if nxt < total else None}


def interpretation_out(i: Interpretation) -> InterpretationOut:
    return InterpretationOut(
        mode=i.mode, concepts=[MatchedConcept(iri=c.iri, label=c.label, relevance=c.relevance) for c in i.concepts]
    )


def solved_item(r: SolvedResult) -> SolvedItem:
    return SolvedItem(
        city=r.city,
        city_label=r.city_label,
        score=r.score,
        practice=r.practice,
        practice_label=r.practice_label,
        kind=r.kind,
        kind_label=r.kind_label,
        status=r.status,
        status_label=r.status_label,
        status_rank=r.status_rank,
        challenge=r.challenges[0] if r.challenges else None,
        challenge_label=r.challenge_labels[0] if r.challenge_labels else None,
        challenges=list(r.challenges),
        challenge_labels=list(r.challenge_labels),
        evidence=evidence_out(r.evidence),
        why=r.why,
        other_practices=list(r.other_practices),
    )


def _unsolved_out(page: Page[SolvedResult]) -> MatchedConcept | None:
    c = page.confidence.unsolved
    return MatchedConcept(iri=c.iri, label=c.label, relevance=round(c.relevance, 3)) if c else None


def solved_response(query: str, page: Page[SolvedResult]) -> SolvedResponse:
    return SolvedResponse(
        query=query,
        answered=is_answered(page),
        best_score=page.best,
        coverage=round(page.confidence.coverage, 3),
        unsolved_challenge=_unsolved_out(page),
        ranker=page.ranker,
        interpretation=interpretation_out(page.interpretation),
        results=[solved_item(r) for r in page.results],
        **paged(page.total, page.limit, page.offset),
    )


def faces_response(query: str, page: Page[FacesResult]) -> FacesResponse:
    items = [
        FacesItem(
            city=r.city,
            city_label=r.city_label,
            score=r.score,
            challenge=r.challenge,
            challenge_label=r.challenge_label,
            statement=r.statement,
            evidence=evidence_out(r.evidence),
            why=r.why,
            other_challenges=list(r.other_challenges),
        )
        for r in page.results
    ]
    return FacesResponse(
        query=query,
        ranker=page.ranker,
        interpretation=interpretation_out(page.interpretation),
        results=items,
        **paged(page.total, page.limit, page.offset),
    )


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
