"""Honest relevance: is the best "who solved it" result an answer, or is the honest reply "nobody yet"?

A score alone does not tell. A question a city officer types can share one word with a practice
("quantum computing" is read as "commuting") or be about a problem the report records but nobody
solved ("carbon sinks"). Two signals beside the best score, both computed by `who_solved`
(results.Confidence):

- **coverage**: the share of the question's content words that the best result's challenge, kind
  of practice or own text match (a word matched only through a typo guess counts TYPO_CREDIT). A
  practice that explains one word of four does not answer the question.
- **unsolved**: the challenge the question reads as best, when no city in the graph has a practice
  for it. The report records such gaps (cities ask for know-how, say what they lack); when the
  question is about one of them, a practice found through a weaker reading is not an answer.

`AnswerRule` combines them; its values are chosen on the dev question sets by
`evaluation.calibrate` (`nzc-graph eval … --calibrate`) and set in service.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nzc_graph.languages import DEFAULT_LANGUAGE, Language
from nzc_graph.search.facts import Facts
from nzc_graph.search.foreign import content_words
from nzc_graph.search.index import Family, SearchIndex
from nzc_graph.search.results import Confidence, Matched
from nzc_graph.search.words import words

TYPO_CREDIT = 0.5  # a guessed word may not be what the officer meant


@dataclass(frozen=True)
class AnswerRule:
    """When "who solved it" counts as answered: the best result scores at least `floor` and matches
    at least `min_coverage` of the question's words, and the question does not read best as a
    challenge nobody solved with a relevance of `unsolved_relevance` or more."""

    floor: float
    min_coverage: float
    unsolved_relevance: float

    def answers(self, best: float, confidence: Confidence) -> bool:
        """Whether a result list with this best score and confidence is an answer."""
        if best < self.floor or confidence.coverage < self.min_coverage:
            return False
        gap = confidence.unsolved
        return gap is None or gap.relevance < self.unsolved_relevance


def coverage(
    index: SearchIndex, text: str, docs: Iterable[tuple[Family, str]], language: Language = DEFAULT_LANGUAGE
) -> float:
    """Share of the content words of `text` that occur in any of the documents, in [0, 1] (a text in
    another language against the documents' labels in it)."""
    asked = set(words(text) if language == DEFAULT_LANGUAGE else content_words(language, text))
    if not asked:
        return 0.0
    found: dict[str, float] = {}
    for family, iri in docs:
        for term in index.matched_terms(family, iri, text, language):
            credit = TYPO_CREDIT if term.guess_for else 1.0
            found[term.typed] = max(found.get(term.typed, 0.0), credit)
    return min(1.0, sum(found.values()) / len(asked))


def unsolved_challenge(
    facts: Facts, challenges: dict[str, float], labels: Language = DEFAULT_LANGUAGE
) -> Matched | None:
    """The best-read challenge (first of `challenges`, best first) when no practice addresses it."""
    best = next(iter(challenges.items()), None)
    if best is None or facts.practices_by_challenge.get(best[0]):
        return None
    return Matched(best[0], facts.label(best[0], labels), best[1])


def confidence_of(
    index: SearchIndex,
    text: str,
    challenges: dict[str, float],
    docs: Iterable[tuple[Family, str]],
    language: Language = DEFAULT_LANGUAGE,
    labels: Language = DEFAULT_LANGUAGE,
) -> Confidence:
    """Coverage of the best result's documents (1.0 for a named concept, `text` empty) and the
    unsolved challenge the question reads as; `language` is the question's, `labels` the answer's."""
    share = coverage(index, text, docs, language) if text else 1.0
    return Confidence(share, unsolved_challenge(index.facts, challenges, labels))


__all__ = ["TYPO_CREDIT", "AnswerRule", "confidence_of", "coverage", "unsolved_challenge"]
