"""Response model of GET /ask (and `nzc-graph ask --format json`): docs/search-api.md, "Ask anything".

One shape for every intent: what the question was read as, whether the graph answers it, one
sentence for people, the values with their evidence (facts), and the full search or matchmaking
response it came from (solved and faces, or match), in the contracts of /solved, /faces and /match.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from nzc_graph.api.schemas.matching import MatchResponse, match_response
from nzc_graph.api.schemas.search import (
    EvidenceOut,
    FacesResponse,
    SolvedResponse,
    evidence_out,
    faces_response,
    solved_response,
)
from nzc_graph.search.answers import AskAnswer
from nzc_graph.search.fact_values import FactValue
from nzc_graph.search.facts import Evidence


class NamedOut(BaseModel):
    iri: str
    label: str
    kind: str = Field(description="city or session")


class FactValueOut(BaseModel):
    value: str = Field(
        description="Canonical value: a number without unit or trailing zeros (334000000), an ISO date "
        "(2025-04-02, 2024-10, 2017), a city or session IRI, a status label, a job title, or yes/no."
    )
    display: str = Field(description="The value as people read it: €334 million, 2 April 2025, Barcelona.")
    label: str = Field(description="What the value is: the figure's, session's, city's or practice's label.")
    iri: str | None = Field(description="The figure, session, city or practice that gives the value.")
    unit: str | None = Field(description="The unit of a figure as the graph gives it (EUR, percent, cities, month).")
    evidence: EvidenceOut | None


class AskResponse(BaseModel):
    query: str
    intent: str = Field(description="solved, faces, match, fact or unknown: what the question was read as.")
    aspect: str | None = Field(
        description="For a fact: amount, count, date, participants, sessions or status; else null."
    )
    answered: bool = Field(
        description="True when the graph answers the question; false means it does not know (see message)."
    )
    message: str = Field(description="The answer, or why there is none, in one sentence.")
    named: list[NamedOut] = Field(description="The cities and the session the question names, as recognised.")
    values: list[FactValueOut] = Field(description="For a fact: the answer's values (several for who took part).")
    related: list[FactValueOut] = Field(description="For a fact: other close figures the graph has, not the answer.")
    evidence: EvidenceOut | None = Field(description="The quote behind the answer (first value or first result).")
    solved: SolvedResponse | None = Field(description="For solved and faces: who solved it, as GET /solved.")
    faces: FacesResponse | None = Field(description="For solved and faces: who faces it, as GET /faces.")
    match: MatchResponse | None = Field(description="For match: the peers, as GET /match/{city}.")


def value_out(v: FactValue) -> FactValueOut:
    return FactValueOut(
        value=v.value, display=v.display, label=v.label, iri=v.iri, unit=v.unit, evidence=evidence_out(v.evidence)
    )


def _evidence(a: AskAnswer) -> Evidence | None:
    """The quote behind the answer: the first value's, or the first result's of the intent."""
    if a.fact is not None:
        return a.fact.evidence
    if a.search is not None:
        primary = a.search.faces.results if a.intent == "faces" else a.search.answers
        return primary[0].evidence if primary else None
    if a.match is not None and a.match.results:
        return next((r.evidence for r in a.match.results[0].reasons if r.evidence), None)
    return None


def ask_response(a: AskAnswer) -> AskResponse:
    search, fact = a.search, a.fact
    return AskResponse(
        query=a.question,
        intent=a.intent,
        aspect=a.aspect,
        answered=a.answered,
        message=a.message,
        named=[NamedOut(iri=n.iri, label=n.label, kind=n.kind) for n in a.named],
        values=[value_out(v) for v in fact.values] if fact else [],
        related=[value_out(v) for v in fact.related] if fact else [],
        evidence=evidence_out(_evidence(a)),
        solved=solved_response(a.question, search.solved) if search else None,
        faces=faces_response(a.question, search.faces) if search else None,
        match=match_response(a.match, max(1, len(a.match.results)), 0) if a.match else None,
    )
