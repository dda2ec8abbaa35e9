"""Measuring the plain-words search on questions with known answers.

A question file is JSON Lines, one object per line:

    {"id": "q01", "type": "solved", "question": "…in plain words…", "gold": ["leuven", "aachen"]}

`type` is "solved" (run who_solved) or "faces" (run who_faces); `gold` lists the cities the report
supports as answers (slug, `city:slug`, IRI or label). A question counts as a hit at k when any gold
city is among the first k cities returned; its reciprocal rank is 1 / the rank of the first gold
city (0 when none is in the first 10).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter, NotFound, RdfParseError
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.service import who_faces, who_solved

QuestionType = Literal["solved", "faces"]
QUESTION_TYPES: tuple[str, ...] = ("solved", "faces")
DEPTH = 10


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    question: str
    gold: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Outcome:
    """What the search returned for one question."""

    question: Question
    returned: tuple[str, ...]
    rank: int | None

    def hit(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k


@dataclass(frozen=True)
class Metrics:
    count: int
    hit_at_1: float
    hit_at_3: float
    mrr: float


@dataclass(frozen=True)
class EvalReport:
    overall: Metrics
    by_type: dict[str, Metrics]
    outcomes: tuple[Outcome, ...]
    ranker: str

    @property
    def misses(self) -> list[Outcome]:
        """Questions without a gold city in the first three results."""
        return [o for o in self.outcomes if not o.hit(3)]


def _fail(path: Path, line: int, message: str) -> RdfParseError:
    return RdfParseError(f"{path.name} line {line}: {message}", source=str(path), line=line)


def _question(path: Path, line: int, raw: str, index: SearchIndex) -> Question:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(path, line, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise _fail(path, line, "each line must be a JSON object with id, type, question and gold")
    missing = [k for k in ("id", "type", "question", "gold") if k not in obj]
    if missing:
        raise _fail(path, line, f"missing {', '.join(missing)}")
    if obj["type"] not in QUESTION_TYPES:
        raise _fail(path, line, f"type must be one of {', '.join(QUESTION_TYPES)}, got {obj['type']!r}")
    gold = obj["gold"]
    if not isinstance(gold, list) or not gold or not all(isinstance(g, str) for g in gold):
        raise _fail(path, line, "gold must be a non-empty list of city names, slugs or IRIs")
    try:
        cities = tuple(resolve_city(index.facts, g).iri for g in gold)
    except NotFound as exc:
        raise _fail(path, line, f"gold: {exc}") from exc
    return Question(str(obj["id"]), obj["type"], str(obj["question"]), cities, line)


def load_questions(path: Path, index: SearchIndex) -> list[Question]:
    """Read and check a question file; a bad line fails with its number and what to fix."""
    if not path.is_file():
        raise InvalidQueryParameter(f"no question file at {path}")
    questions = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip() and not raw.lstrip().startswith("//"):
            questions.append(_question(path, n, raw, index))
    if not questions:
        raise InvalidQueryParameter(f"{path.name} holds no questions")
    return questions


def ask(index: SearchIndex, q: Question) -> Outcome:
    """Run one question and find the rank of its first gold city."""
    if q.type == "faces":
        cities = [r.city for r in who_faces(index, q.question, limit=DEPTH).results]
    else:
        cities = [r.city for r in who_solved(index, q.question, limit=DEPTH).results]
    rank = next((i for i, c in enumerate(cities, start=1) if c in q.gold), None)
    return Outcome(q, tuple(cities), rank)


def metrics(outcomes: Sequence[Outcome]) -> Metrics:
    n = len(outcomes)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0)
    return Metrics(
        n,
        sum(o.hit(1) for o in outcomes) / n,
        sum(o.hit(3) for o in outcomes) / n,
        sum(1 / o.rank for o in outcomes if o.rank) / n,
    )


def evaluate(index: SearchIndex, questions: Sequence[Question]) -> EvalReport:
    """Hit@1, hit@3 and MRR overall and per question type."""
    outcomes = tuple(ask(index, q) for q in questions)
    by_type = {
        t: metrics([o for o in outcomes if o.question.type == t])
        for t in QUESTION_TYPES
        if any(o.question.type == t for o in outcomes)
    }
    return EvalReport(metrics(outcomes), by_type, outcomes, index.ranker)
