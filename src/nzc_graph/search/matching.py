"""Matching the words of a question against the short texts of a few graph resources.

The plain-words search ranks hundreds of documents with BM25 (index.py). A fact question instead
names one figure, date, session or practice among a few dozen by words of its label ("Turku's EIB
loan", "the session on innovative financing"), so a candidate scores the share of the question's
words its texts contain: `coverage`, each word weighted by how rare it is among the candidates
(`weights`), a word matched through an everyday synonym counting SYNONYM_WEIGHT, and a text field
counting its own weight (a label more than a description).

Words are read as the search reads them (words.py: folded, British, stemmed, stop words out), except
that digits stay ("cohort 2") and a few irregular verbs are read as their base form ("took" → take).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nzc_graph.search.words import STOPWORDS, SYNONYM_WEIGHT, british, fold, stem

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A fact answer's candidate must hold more than this share of the question's words: with one word
# found and one missing ("how far has Aachen got with its tram *network*") the graph does not know.
MOST = 0.5
IRREGULAR = {
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "spent": "spend",
    "ran": "run",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "met": "meet",
    "went": "go",
    "came": "come",
    "brought": "bring",
    "paid": "pay",
    "sent": "send",
    "made": "make",
    "grew": "grow",
    "grown": "grow",
    "lent": "lend",
    "sought": "seek",
}


def plain_words(text: str) -> list[str]:
    """Every word of the text, folded (Umeå → umea), stop words included; apostrophes split words."""
    return _TOKEN.findall(fold(text.replace("’", "'")))


def tokens(text: str) -> list[str]:
    """The content words of the text as stems, digits kept: "the cohort 2 round" → [cohort, 2, round]."""
    return [s for _, s in worded(text)]


def worded(text: str) -> list[tuple[str, str]]:
    """The content words of the text, each as written (folded) and as its stem."""
    out = []
    for written in plain_words(text):
        if written.isdigit():
            out.append((written, written))
            continue
        word = british(IRREGULAR.get(written, written))
        if word not in STOPWORDS and len(word) > 1:
            out.append((written, _base(stem(word))))
    return out


def _base(s: str) -> str:
    """Snowball keeps -ment in "environmental" → environment but not in "environment" → environ:
    read both as one word (government, governmental → govern)."""
    return s[:-4] if s.endswith("ment") and len(s) > 7 else s


def stems_of(text: str) -> tuple[str, ...]:
    """Every word of the text as a stem, stop words included ("cities" → citi): for units and the
    words after "how many"."""
    return tuple(stem(british(w)) for w in plain_words(text))


@dataclass(frozen=True)
class Term:
    """A word of the question (as a stem, and as written) and the stems that may stand for it, with
    their weights."""

    stem: str
    alternatives: tuple[tuple[str, float], ...]
    word: str = ""


def terms_of(words: Iterable[tuple[str, str]], synonyms: Mapping[str, frozenset[str]]) -> tuple[Term, ...]:
    """One term per distinct stem of the (written, stem) pairs, with its everyday synonyms
    (SYNONYM_WEIGHT each)."""
    out: dict[str, Term] = {}
    for written, s in words:
        if s not in out:
            alternatives = ((s, 1.0), *((t, SYNONYM_WEIGHT) for t in sorted(synonyms.get(s, ()))))
            out[s] = Term(s, alternatives, written)
    return tuple(out.values())


@dataclass(frozen=True)
class Text:
    """The stems of a candidate's texts, each with the weight of the best field it occurs in."""

    stems: Mapping[str, float]

    @classmethod
    def of(cls, fields: Iterable[tuple[str | None, float]]) -> Text:
        """Fields as (text, weight): e.g. the label at 1.0, the description at 0.5."""
        stems: dict[str, float] = {}
        for text, weight in fields:
            for s in tokens(text or ""):
                stems[s] = max(stems.get(s, 0.0), weight)
        return cls(stems)

    def match(self, term: Term) -> float:
        """How well the text holds the term: its best alternative × the field's weight (0 when absent)."""
        return max((w * self.stems.get(s, 0.0) for s, w in term.alternatives), default=0.0)


def weights(terms: Sequence[Term], texts: Sequence[Text], strict: bool = False) -> dict[str, float]:
    """Each term's weight among these candidates: rare words weigh more ("mel" more than "session").
    A word no candidate holds weighs as the rarest word that one does: it lowers every coverage alike
    (a question about the World Bank is not one about the EIB), without drowning the words that do
    match when it is only the question's own verb ("did the EIB *send*"). `strict` weighs it more
    still, for deciding whether the question names one of the candidates at all."""
    n = len(texts)
    out = {}
    for t in terms:
        df = max(0 if strict else 1, sum(1 for x in texts if x.match(t) > 0))
        out[t.stem] = math.log(1 + (n + 1) / (df + 0.5))
    return out


def holds_most(terms: Sequence[Term], text: Text, weight: Mapping[str, float]) -> bool:
    """Whether the text holds enough of the question to answer it: more than half (MOST) of its
    words, counted both by weight and one by one (a rare word found does not outweigh one missing)."""
    found = sum(1 for t in terms if text.match(t) > 0)
    return bool(terms) and coverage(terms, text, weight) > MOST and found / len(terms) > MOST


def coverage(terms: Sequence[Term], text: Text, weight: Mapping[str, float] | None = None) -> float:
    """The weighted share of the terms the text holds, in [0, 1] (0 for no terms)."""
    if not terms:
        return 0.0
    w = weight or {}
    total = sum(w.get(t.stem, 1.0) for t in terms)
    return sum(w.get(t.stem, 1.0) * text.match(t) for t in terms) / total
