"""What the search returns: frozen result values, converted to JSON at the edges (api/schemas_search.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from nzc_graph.languages import DEFAULT_LANGUAGE, Language
from nzc_graph.search.facts import Evidence

Mode = Literal["challenge", "theme", "kind", "text"]
T = TypeVar("T")


@dataclass(frozen=True)
class Matched:
    """A concept the query was read as, with its relevance."""

    iri: str
    label: str
    relevance: float


@dataclass(frozen=True)
class Interpretation:
    """How the query was understood: a named concept, or free text matched to concepts."""

    mode: Mode
    concepts: tuple[Matched, ...]


@dataclass(frozen=True)
class SolvedResult:
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
    challenges: tuple[str, ...]
    challenge_labels: tuple[str, ...]
    evidence: Evidence | None
    why: str
    other_practices: tuple[str, ...]


@dataclass(frozen=True)
class FacesResult:
    city: str
    city_label: str
    score: float
    challenge: str
    challenge_label: str
    statement: str
    evidence: Evidence | None
    why: str
    other_challenges: tuple[str, ...]


@dataclass(frozen=True)
class Adopter:
    city: str
    city_label: str
    practice: str
    status_label: str
    status_rank: int


@dataclass(frozen=True)
class KindResult:
    kind: str
    kind_label: str
    score: float
    challenges: tuple[str, ...]
    challenge_labels: tuple[str, ...]
    adopters: tuple[Adopter, ...]
    why: str


@dataclass(frozen=True)
class Confidence:
    """How far the best "who solved it" result answers the question (service.is_answered decides).

    `coverage`: share of the question's content words that the best result's challenge, kind of
    practice or own text match (a typo guess counts half; 1.0 when the query named a concept).
    `unsolved`: the challenge the question reads as best, when no city has a practice for it (a gap
    the report records), else None."""

    coverage: float = 1.0
    unsolved: Matched | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of ranked results, with the total and how the query was read."""

    results: tuple[T, ...]
    total: int
    offset: int
    limit: int
    interpretation: Interpretation
    ranker: str
    best: float = 0.0  # score of the best result over all pages (0 when there is none)
    confidence: Confidence = Confidence()  # filled in by who_solved only
    language: Language = DEFAULT_LANGUAGE  # of the labels and "why" lines (the quotes stay the report's English)
    question_language: Language = DEFAULT_LANGUAGE  # the language the question was read in
