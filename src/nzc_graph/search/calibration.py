"""Choosing the answer rule: sweep its values over solved and unanswerable questions.

Every combination of a score floor, a minimum coverage and an unsolved-challenge relevance
(confidence.AnswerRule) is scored by the precision of "answered" and the recall of the answerable
questions (evaluation.Honesty), from one run of the questions. The chosen rule maximises F0.5
(precision counts twice) among the rules whose recall reaches `min_recall`; ties go to the more
cautious rule (higher floor, higher coverage, lower unsolved relevance). The grids are coarse on
purpose: a handful of questions must not be able to pick a value between two of them.

Run it with `nzc-graph eval eval/dev_questions.jsonl eval/dev_unanswerable.jsonl --calibrate` and
copy the chosen values into service.py (ANSWER_FLOOR, MIN_COVERAGE, UNSOLVED_RELEVANCE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search.confidence import AnswerRule
from nzc_graph.search.evaluation import Honesty, Outcome, honesty

FLOORS: tuple[float, ...] = (0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30)
COVERAGES: tuple[float, ...] = (0.0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75)  # a share of a handful of words
UNSOLVED: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5, 1.01)  # 1.01: never (relevance is at most 1)
MIN_RECALL = 0.8


@dataclass(frozen=True)
class Calibration:
    """Every rule tried, best first, and the one chosen."""

    chosen: Honesty
    tried: tuple[Honesty, ...]
    min_recall: float

    @property
    def meets_recall(self) -> bool:
        return self.chosen.recall >= self.min_recall


def _preference(h: Honesty) -> tuple[float, float, float, float, float]:
    """Higher is better: F0.5, then recall, then the more cautious rule."""
    rule = h.rule
    return (round(h.f05, 9), round(h.recall, 9), rule.floor, rule.min_coverage, -rule.unsolved_relevance)


def calibrate(
    outcomes: Sequence[Outcome],
    *,
    floors: Sequence[float] = FLOORS,
    coverages: Sequence[float] = COVERAGES,
    unsolved: Sequence[float] = UNSOLVED,
    min_recall: float = MIN_RECALL,
) -> Calibration:
    """Sweep the answer rule over the outcomes of solved and unanswerable questions."""
    kinds = {o.question.type for o in outcomes}
    if not {"solved", "unanswerable"} <= kinds:
        raise InvalidQueryParameter(
            "calibration needs both answerable ('solved') and 'unanswerable' questions; "
            "give e.g. eval/dev_questions.jsonl and eval/dev_unanswerable.jsonl"
        )
    tried = sorted(
        (honesty(outcomes, AnswerRule(f, c, u)) for f in floors for c in coverages for u in unsolved),
        key=lambda h: (h.recall >= min_recall, *_preference(h)),
        reverse=True,
    )
    return Calibration(tried[0], tuple(tried), min_recall)


__all__ = ["COVERAGES", "FLOORS", "MIN_RECALL", "UNSOLVED", "Calibration", "calibrate"]
