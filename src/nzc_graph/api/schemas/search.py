"""Response models of the search routes: the JSON contract of docs/search-api.md (matchmaking's are
in schemas/matching.py).

Every response is an object with "results", ranked best first; every result carries at least
`city` (IRI), `city_label` and `score`, and where it applies `practice`, `practice_label`, `status`,
`challenge_label`, `evidence` (`quote`, `section`, `context`, `indirect`) and `why`.
"""

from __future__ import annotations

from typing import TypedDict

from pydantic import BaseModel, Field

from nzc_graph.languages import DEFAULT_LANGUAGE, Language, phrase
from nzc_graph.search.facts import Evidence
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
    note: str | None = Field(
        default=None,
        description="When the answer is in another language than the report's: a note, in that language, that "
        "the quote is kept in the report's language (English).",
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


class WordedPage(Paged):
    """A page of search results worded in the asker's language."""

    language: str = Field(
        default="en", description="Language of the labels and why lines (lang=, else Accept-Language, else en)."
    )
    question_language: str = Field(default="en", description="The language the question was read in.")


class SolvedResponse(WordedPage):
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


class FacesResponse(WordedPage):
    query: str
    ranker: str
    interpretation: InterpretationOut
    results: list[FacesItem]


def evidence_out(e: Evidence | None, language: Language = DEFAULT_LANGUAGE) -> EvidenceOut | None:
    if e is None:
        return None
    note = phrase(language, "quote_note") if language != DEFAULT_LANGUAGE else None
    return EvidenceOut(quote=e.quote, section=e.section, context=e.context or None, indirect=e.indirect, note=note)


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


def solved_item(r: SolvedResult, language: Language = DEFAULT_LANGUAGE) -> SolvedItem:
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
        evidence=evidence_out(r.evidence, language),
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
        results=[solved_item(r, page.language) for r in page.results],
        language=page.language,
        question_language=page.question_language,
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
            evidence=evidence_out(r.evidence, page.language),
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
        language=page.language,
        question_language=page.question_language,
        **paged(page.total, page.limit, page.offset),
    )
