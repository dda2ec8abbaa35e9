"""Measuring the ask box: is each question read as what it asks, and does it get the right answer.

Every question with an `intent` label is read (intents.recognise) and counts as **recognised** when
its intent — and for a fact question its aspect — is the labelled one. Fact and match questions are
also answered end to end (answers.answer_question) and count as **right** when

- a fact question is answered (`answered` true) with exactly the expected values: numbers compared
  as numbers (334000000 = 334000000.0), dates as ISO text, cities by any name the graph knows
  (compared as IRIs), sessions by slug, other values (a status, a job title, yes/no) as folded text;
- a match question is read as one about its gold city and gets peers.

Solved, faces and unanswerable questions keep their own measures (evaluation.py: hit@k, MRR, the
honesty of "answered"); here only whether their wording is read right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nzc_graph.errors import NotFound
from nzc_graph.namespaces import slug
from nzc_graph.search.answers import Sources, answer_question
from nzc_graph.search.evaluation import Question
from nzc_graph.search.fact_values import canonical_number
from nzc_graph.search.facts import Facts
from nzc_graph.search.filters import is_iri, resolve_city
from nzc_graph.search.intents import Lexicon, load_lexicon, recognise
from nzc_graph.search.question_forms import ASPECTS, INTENTS
from nzc_graph.search.words import fold

ANSWERED_TYPES = ("fact", "match")  # answered end to end here


@dataclass(frozen=True)
class AskOutcome:
    """How one question was read and, for a fact or match question, answered."""

    question: Question
    intent: str
    aspect: str | None
    recognised: bool
    answered: bool = False
    values: tuple[str, ...] = ()
    right: bool | None = None  # None: not answered end to end here
    message: str = ""


@dataclass(frozen=True)
class Score:
    """Questions labelled with one intent (or fact aspect): the share read right, and answered right."""

    label: str
    count: int
    recognised: float
    right: float | None  # None when none of them is answered end to end here


@dataclass(frozen=True)
class AskReport:
    outcomes: tuple[AskOutcome, ...]
    by_intent: tuple[Score, ...]
    by_aspect: tuple[Score, ...]

    @property
    def misread(self) -> list[AskOutcome]:
        """Questions whose intent (or aspect) was not the labelled one."""
        return [o for o in self.outcomes if not o.recognised]

    @property
    def wrong(self) -> list[AskOutcome]:
        """Fact and match questions without the right answer."""
        return [o for o in self.outcomes if o.right is False]


def _key(facts: Facts, value: str) -> str:
    """What a value is compared by: a city or session by slug, a number as a number, text folded."""
    if is_iri(value):
        return slug(value)
    try:
        return slug(resolve_city(facts, value).iri)
    except NotFound:
        return canonical_number(fold(value).strip())


def _outcome(sources: Sources, lexicon: Lexicon, q: Question) -> AskOutcome:
    if q.type not in ANSWERED_TYPES:
        r = recognise(lexicon, q.question)
        return AskOutcome(q, r.intent, r.aspect, r.intent == q.intent)
    a = answer_question(sources, q.question, lexicon=lexicon)
    recognised = a.intent == (q.intent or q.type) and (q.aspect is None or a.aspect == q.aspect)
    facts = lexicon.facts
    if q.type == "match":
        city = a.match.city if a.match else None
        return AskOutcome(q, a.intent, a.aspect, recognised, a.answered, (city or "",), city in q.gold, a.message)
    values = tuple(v.value for v in a.fact.values) if a.fact else ()
    right = a.answered and {_key(facts, v) for v in values} == {_key(facts, e) for e in q.expected}
    return AskOutcome(q, a.intent, a.aspect, recognised, a.answered, values, right, a.message)


def _score(label: str, outcomes: Sequence[AskOutcome]) -> Score:
    answered = [o for o in outcomes if o.right is not None]
    right = sum(bool(o.right) for o in answered) / len(answered) if answered else None
    return Score(label, len(outcomes), sum(o.recognised for o in outcomes) / len(outcomes), right)


def run_asks(sources: Sources, questions: Sequence[Question], lexicon: Lexicon | None = None) -> AskReport:
    """Read every labelled question, and answer the fact and match ones."""
    words = lexicon or load_lexicon(sources.index, sources.store, sources.queries)
    labelled = [q for q in questions if q.intent is not None or q.type in ANSWERED_TYPES]
    outcomes = tuple(_outcome(sources, words, q) for q in labelled)

    def label_of(o: AskOutcome) -> str:
        return o.question.intent or o.question.type

    by_intent = tuple(
        _score(i, group) for i in INTENTS for group in [[o for o in outcomes if label_of(o) == i]] if group
    )
    facts = [o for o in outcomes if o.question.type == "fact"]
    by_aspect = tuple(
        _score(a, group) for a in ASPECTS for group in [[o for o in facts if o.question.aspect == a]] if group
    )
    return AskReport(outcomes, by_intent, by_aspect)
