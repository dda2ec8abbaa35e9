"""Measuring the plain-words search on questions with known answers.

A question file is JSON Lines, one object per line:

    {"id": "q01", "type": "solved", "question": "…in plain words…", "gold": ["leuven", "aachen"]}

`type` is "solved" (run who_solved), "faces" (run who_faces) or "unanswerable" (no city in the
report solved it: who_solved should say "nobody yet"). `gold` lists the cities the report supports
as answers (slug, `city:slug`, IRI or label); for an unanswerable question, the cities the report
says face the problem, and it may be empty (an off-topic question). Two more types are measured by
ask_evaluation.py through the ask box: "fact" (with `expected` values instead of `gold`) and "match"
(`gold` is the city to find peers for); any question may carry an `intent` label (and a fact
question an `aspect`), what its wording asks.

A question may carry `language` (de, fr, es, it, pt; en when absent): the language it is written in;
hit@k and MRR are then also reported per language (`EvalReport.by_language`).

A solved or faces question counts as a hit at k when any gold city is among the first k cities
returned; its reciprocal rank is 1 / the rank of the first gold city (0 when none is in the first
10). Over the solved and unanswerable questions, `Honesty` measures the answered / nobody-yet
decision (service.ANSWER_RULE): precision of "answered" (answered questions that are answerable and
have a gold city in the first three) and recall of the answerable questions (answered ones).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter, NotFound, RdfParseError
from nzc_graph.languages import DEFAULT_LANGUAGE, LANGUAGES
from nzc_graph.search.confidence import AnswerRule
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.question_forms import ASPECTS, INTENTS
from nzc_graph.search.results import Confidence
from nzc_graph.search.service import ANSWER_RULE, who_faces, who_solved

QuestionType = Literal["solved", "faces", "unanswerable", "fact", "match"]
QUESTION_TYPES: tuple[str, ...] = ("solved", "faces", "unanswerable", "fact", "match")
SEARCH_TYPES: tuple[str, ...] = ("solved", "faces", "unanswerable")  # run through the search (run_questions)
RANKED_TYPES: tuple[str, ...] = ("solved", "faces")  # the types hit@k and MRR are measured on
DEPTH = 10
CORRECT_WITHIN = 3  # an answered question is correct when a gold city is among the first three


@dataclass(frozen=True)
class Question:
    """One question of a file. `intent` (and for a fact, `aspect`) is what its wording asks, when
    labelled; `expected` are a fact question's values (ask_evaluation.py)."""

    id: str
    type: QuestionType
    question: str
    gold: tuple[str, ...]
    line: int
    intent: str | None = None
    aspect: str | None = None
    expected: tuple[str, ...] = ()
    language: str = "en"  # the language the question is written in (dev_questions_<lang>.jsonl)


@dataclass(frozen=True)
class Outcome:
    """What the search returned for one question.

    `returned` are who_solved's cities (solved, unanswerable) or who_faces' (faces) and `rank` the
    first gold city among them; `best` and `confidence` come from who_solved; for an unanswerable
    question, `faced` are who_faces' cities and `faced_rank` the first gold city among them."""

    question: Question
    returned: tuple[str, ...]
    rank: int | None
    best: float = 0.0
    confidence: Confidence = Confidence()
    faced: tuple[str, ...] = ()
    faced_rank: int | None = None

    def hit(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k

    def answered(self, rule: AnswerRule = ANSWER_RULE) -> bool:
        """Whether who_solved's answer clears the rule (meaningful for solved and unanswerable)."""
        return rule.answers(self.best, self.confidence)


@dataclass(frozen=True)
class Metrics:
    count: int
    hit_at_1: float
    hit_at_3: float
    mrr: float


@dataclass(frozen=True)
class Honesty:
    """The answered / nobody-yet decision under one rule, over solved and unanswerable questions."""

    rule: AnswerRule
    answerable: int  # solved questions
    unanswerable: int
    answered: int  # questions of either kind that the rule answers
    answered_answerable: int
    correct: int  # answered, answerable, and a gold city among the first three
    faced: int = 0  # unanswerable questions with gold cities (who faces it)
    faced_hits: int = 0  # … with one of them among who_faces' first three

    @property
    def precision(self) -> float:
        """Answered questions that are answerable with a gold city in the first three (1.0 when none answered)."""
        return self.correct / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        """Answerable questions that are answered (0.0 when there are none)."""
        return self.answered_answerable / self.answerable if self.answerable else 0.0

    @property
    def f05(self) -> float:
        """F-beta with beta 0.5: precision counts twice as much as recall."""
        p, r = self.precision, self.recall
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


@dataclass(frozen=True)
class EvalReport:
    overall: Metrics  # over the solved and faces questions
    by_type: dict[str, Metrics]
    outcomes: tuple[Outcome, ...]
    ranker: str
    honesty: Honesty | None = None  # when there are unanswerable questions
    by_language: dict[str, Metrics] = field(default_factory=dict)  # when the files hold other languages

    @property
    def misses(self) -> list[Outcome]:
        """Solved and faces questions without a gold city in the first three results."""
        return [o for o in self.outcomes if o.question.type in RANKED_TYPES and not o.hit(3)]

    @property
    def false_answers(self) -> list[Outcome]:
        """Unanswerable questions that the answer rule answers anyway."""
        rule = self.honesty.rule if self.honesty else ANSWER_RULE
        return [o for o in self.outcomes if o.question.type == "unanswerable" and o.answered(rule)]

    @property
    def withheld(self) -> list[Outcome]:
        """Answerable (solved) questions that get "nobody yet" when there are unanswerable ones too."""
        if self.honesty is None:
            return []
        return [o for o in self.outcomes if o.question.type == "solved" and not o.answered(self.honesty.rule)]


def _fail(path: Path, line: int, message: str) -> RdfParseError:
    return RdfParseError(f"{path.name} line {line}: {message}", source=str(path), line=line)


def _question(path: Path, line: int, raw: str, index: SearchIndex) -> Question:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(path, line, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise _fail(path, line, "each line must be a JSON object with id, type, question and gold")
    needed = ("id", "type", "question", "expected") if obj.get("type") == "fact" else ("id", "type", "question", "gold")
    missing = [k for k in needed if k not in obj]
    if missing:
        raise _fail(path, line, f"missing {', '.join(missing)}")
    if obj["type"] not in QUESTION_TYPES:
        raise _fail(path, line, f"type must be one of {', '.join(QUESTION_TYPES)}, got {obj['type']!r}")
    intent, aspect, expected = _labels(path, line, obj)
    gold = obj.get("gold", [])
    may_be_empty = obj["type"] in ("unanswerable", "fact")
    if not isinstance(gold, list) or not (gold or may_be_empty) or not all(isinstance(g, str) for g in gold):
        kind = "a list (possibly empty)" if may_be_empty else "a non-empty list"
        raise _fail(path, line, f"gold must be {kind} of city names, slugs or IRIs")
    try:
        cities = tuple(resolve_city(index.facts, g).iri for g in gold)
    except NotFound as exc:
        raise _fail(path, line, f"gold: {exc}") from exc
    language = obj.get("language", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        raise _fail(path, line, f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    question = str(obj["question"])
    return Question(str(obj["id"]), obj["type"], question, cities, line, intent, aspect, expected, str(language))


def _labels(path: Path, line: int, obj: dict[str, object]) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The optional intent and aspect labels and a fact question's expected values, checked."""
    intent, aspect, expected = obj.get("intent"), obj.get("aspect"), obj.get("expected", [])
    if intent is not None and intent not in INTENTS:
        raise _fail(path, line, f"intent must be one of {', '.join(INTENTS)}, got {intent!r}")
    if aspect is not None and aspect not in ASPECTS:
        raise _fail(path, line, f"aspect must be one of {', '.join(ASPECTS)}, got {aspect!r}")
    if not isinstance(expected, list) or not all(isinstance(v, str) for v in expected):
        raise _fail(path, line, "expected must be a list of values (numbers, dates, city or session names)")
    if obj["type"] == "fact" and not expected:
        raise _fail(path, line, "a fact question needs its expected values")
    return (str(intent) if intent else None), (str(aspect) if aspect else None), tuple(expected)


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


def _rank(cities: Sequence[str], gold: tuple[str, ...]) -> int | None:
    return next((i for i, c in enumerate(cities, start=1) if c in gold), None)


def run_question(index: SearchIndex, q: Question) -> Outcome:
    """Run one question: the rank of its first gold city, and who_solved's best score and confidence."""
    if q.type == "faces":
        cities = tuple(r.city for r in who_faces(index, q.question, limit=DEPTH).results)
        return Outcome(q, cities, _rank(cities, q.gold))
    page = who_solved(index, q.question, limit=DEPTH)
    cities = tuple(r.city for r in page.results)
    if q.type == "solved":
        return Outcome(q, cities, _rank(cities, q.gold), page.best, page.confidence)
    faced = tuple(r.city for r in who_faces(index, q.question, limit=DEPTH).results)
    return Outcome(q, cities, None, page.best, page.confidence, faced, _rank(faced, q.gold))


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


def honesty(outcomes: Sequence[Outcome], rule: AnswerRule = ANSWER_RULE) -> Honesty:
    """Precision of "answered" and recall of the answerable questions under `rule`."""
    solved = [o for o in outcomes if o.question.type == "solved"]
    unanswerable = [o for o in outcomes if o.question.type == "unanswerable"]
    answered_solved = [o for o in solved if o.answered(rule)]
    with_gold = [o for o in unanswerable if o.question.gold]
    return Honesty(
        rule=rule,
        answerable=len(solved),
        unanswerable=len(unanswerable),
        answered=len(answered_solved) + sum(o.answered(rule) for o in unanswerable),
        answered_answerable=len(answered_solved),
        correct=sum(o.hit(CORRECT_WITHIN) for o in answered_solved),
        faced=len(with_gold),
        faced_hits=sum(o.faced_rank is not None and o.faced_rank <= CORRECT_WITHIN for o in with_gold),
    )


def run_questions(index: SearchIndex, questions: Sequence[Question]) -> tuple[Outcome, ...]:
    """Run every search question once (calibration reuses the outcomes for every rule it tries);
    fact and match questions are run by ask_evaluation.py."""
    return tuple(run_question(index, q) for q in questions if q.type in SEARCH_TYPES)


def report_of(outcomes: Sequence[Outcome], ranker: str, rule: AnswerRule = ANSWER_RULE) -> EvalReport:
    """Hit@1, hit@3 and MRR overall and per ranked type; honesty when there are unanswerable questions."""
    ranked = [o for o in outcomes if o.question.type in RANKED_TYPES]
    by_type = {
        t: metrics([o for o in ranked if o.question.type == t])
        for t in RANKED_TYPES
        if any(o.question.type == t for o in ranked)
    }
    has_unanswerable = any(o.question.type == "unanswerable" for o in outcomes)
    languages = [lang for lang in LANGUAGES if any(o.question.language == lang for o in ranked)]
    by_language: dict[str, Metrics] = (
        {lang: metrics([o for o in ranked if o.question.language == lang]) for lang in languages}
        if languages != [DEFAULT_LANGUAGE] and languages
        else {}
    )
    return EvalReport(
        metrics(ranked),
        by_type,
        tuple(outcomes),
        ranker,
        honesty(outcomes, rule) if has_unanswerable else None,
        by_language,
    )


def evaluate(index: SearchIndex, questions: Sequence[Question], rule: AnswerRule = ANSWER_RULE) -> EvalReport:
    """Hit@1, hit@3 and MRR overall and per question type; honesty of the answered decision."""
    return report_of(run_questions(index, questions), index.ranker, rule)
