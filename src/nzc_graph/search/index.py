"""The search index: plain-words relevance of challenges, practice kinds, practices and statements.

Four families of documents are built from the snapshot's corpus (search-corpus.rq):

- challenge and practice-kind concepts: preferred label (counted twice), alternative and hidden
  labels and definition — the curated paraphrases are what make "my partners are worn out" find
  stakeholder fatigue;
- practice adoptions and challenge statements: label, description and evidence quotes.

Each family has a BM25 ranker (search_postings.py) over Snowball-stemmed words without stop words. When the
optional `semantic` extra is installed, a sentence-embedding ranker scores the same texts and the two
relevances are fused (see search_semantic.py).

Relevance is absolute, in [0, 1]: a document's BM25 score divided by the sum of the IDFs of the
question's terms (a term the family never uses counts as its rarest). It says how much of the question
the document explains, so a family whose best match is weak (a question about a solution barely touches
any challenge) weighs little, instead of its best document being lifted to 1. A term is a word of the
question with its everyday synonyms and typo fix (search_words.py), scored as one word: its best
alternative counts, a synonym at a lower weight. Words neither the index nor the thesaurus knows are
left out, so a stray word does not lower every relevance alike.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from nzc_graph.languages import DEFAULT_LANGUAGE, FOREIGN, Language
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.facts import CHALLENGE_TYPE, KIND_TYPE, Facts, load_facts
from nzc_graph.search.foreign import ForeignReader, analyse_in, detect_language
from nzc_graph.search.postings import Postings, Segments
from nzc_graph.search.words import QueryReader, Term, analyse, fold, shown_words, stem, words
from nzc_graph.store.base import GraphStore

if TYPE_CHECKING:
    from nzc_graph.search.semantic import SemanticRanker

log = logging.getLogger(__name__)

Family = Literal["challenge", "kind", "practice", "statement"]
SemanticMode = Literal["auto", "off", "on"]
FAMILIES: tuple[Family, ...] = ("challenge", "kind", "practice", "statement")
# Candidates: documents above the floor, or, when even the best is weaker than that, within this
# share of the best (a long or unusual question still gets its closest matches).
RELATIVE_FLOOR = 0.5
_FIELD_WEIGHT = {
    "prefLabel": 2,
    "label": 1,
    "altLabel": 1,
    "hiddenLabel": 1,
    "definition": 1,
    "description": 1,
    "quote": 1,
}


@dataclass(frozen=True)
class LexicalFamily:
    """BM25 over one family of documents: postings built from the store, plus those of documents
    submitted since (`changed`), scored with the statistics of every live document."""

    ids: list[str]
    tokens: list[list[str]]  # each document's stems (a set only when asked: 4 M of them cost a second)
    segments: Segments
    delta: tuple[tuple[str, list[str]], ...] = ()
    positions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, ids: list[str], tokens: list[list[str]]) -> LexicalFamily:
        return cls(ids, tokens, Segments(Postings.build(tokens)), (), {i: n for n, i in enumerate(ids)})

    def changed(self, added: dict[str, list[str]], removed: set[str]) -> LexicalFamily:
        """This family with documents added (or replaced) and removed; only the delta is indexed anew."""
        gone = removed | set(added)
        main = len(self.segments.main.lengths)
        delta = tuple((i, t) for i, t in self.delta if i not in gone) + tuple(added.items())
        alive = self.segments.alive[:main].copy()
        alive[[self.positions[i] for i in gone if self.positions.get(i, main) < main]] = False
        ids = self.ids[:main] + [i for i, _ in delta]
        tokens = self.tokens[:main] + [t for _, t in delta]
        alive = np.concatenate([alive, np.ones(len(delta), dtype=bool)])
        segments = Segments(self.segments.main, Postings.build([t for _, t in delta]), alive)
        positions = self.positions.copy()  # (a copy: building a dict of 50 k ids anew costs 15 ms)
        for i in gone:
            positions.pop(i, None)
        positions.update((i, main + n) for n, (i, _) in enumerate(delta))
        return LexicalFamily(ids, tokens, segments, delta, positions)

    @property
    def vocabulary(self) -> frozenset[str]:
        """The stems some live document uses."""
        seg = self.segments
        stems = set(seg.main.spans) | set(seg.delta.spans)
        if seg.size < len(seg.alive):
            dead = {s for n in np.nonzero(~seg.alive)[0] for s in self.tokens[n]}
            stems -= {s for s in dead if seg.df(s) == 0}
        return frozenset(stems)

    def scores(self, terms: list[Term]) -> np.ndarray:
        """Relevance of every document, in [0, 1]: its BM25 score over the best score a document could
        reach on the query's terms. A term is matched by its best alternative (the word, or a synonym
        at a lower weight), and weighs the IDF of the documents holding any of them; a term the family
        never uses weighs as its rarest word."""
        seg = self.segments
        total, reach = np.zeros(len(self.ids)), 0.0
        if seg.size == 0:
            return total
        for term in terms:
            parts = [(seg.term_part(s), w) for s, w in term.alternatives]
            present = [(docs, part, w) for (docs, part), w in parts if docs.size]
            if not present:
                reach += seg.idf(0)
                continue
            best, holders = np.zeros(len(self.ids)), np.zeros(len(self.ids), dtype=bool)
            for docs, part, w in present:
                holders[docs] = True
                best[docs] = np.maximum(best[docs], w * part)  # weighted tf part, in [0, 1)
            weight = seg.idf(int(holders.sum()))
            total += weight * best
            reach += weight
        return total / reach if reach > 0 else total


def _top(scores: np.ndarray, n: int, floor: float) -> np.ndarray:
    """Indexes of the n highest scores above the floor and of any tied with the n-th (unordered):
    ties are kept whole, so the candidates do not depend on the order documents were indexed in."""
    hits = np.nonzero(scores > floor)[0]
    if hits.size <= n:
        return hits
    kth = float(-np.partition(-scores[hits], n - 1)[n - 1])
    kept: np.ndarray = hits[scores[hits] >= kth]
    return kept


def doc_tokens(fields: list[tuple[str, str]], seen: Counter[str]) -> list[str]:
    """The stems of a document, each field's counted by its weight; counts its words in `seen`
    (counted, so that a withdrawn document's words can leave the typo list, search/delta.py).
    Each text is read once (reading it twice, for the stems and again for the typo list, was
    half of the build)."""
    tokens: list[str] = []
    for name, text in fields:
        found = words(text)
        seen.update(found)
        tokens += [stem(w) for w in found] * _FIELD_WEIGHT.get(name, 1)
    return tokens


def _family_docs(facts: Facts, family: Family) -> tuple[list[str], list[list[tuple[str, str]]]]:
    if family == "challenge":
        ids = [c.iri for c in facts.of_type(CHALLENGE_TYPE)]
    elif family == "kind":
        ids = [c.iri for c in facts.of_type(KIND_TYPE)]
    elif family == "practice":
        ids = list(facts.practices)
    else:
        ids = list(facts.statements)
    ids = sorted(ids)
    return ids, [facts.corpus.get(i, []) for i in ids]


TRANSLATED: tuple[Family, ...] = ("challenge", "kind")  # the families with labels in every language


@dataclass(frozen=True)
class ForeignIndex:
    """The challenge and practice-kind families of one other language, over their labels in it
    (preferred label counted twice, alternative labels once), and the reader of its questions."""

    families: dict[Family, LexicalFamily]
    reader: ForeignReader

    @classmethod
    def build(cls, facts: Facts, language: Language) -> ForeignIndex:
        labels = facts.translations.get(language, {})
        families = {}
        for family in TRANSLATED:
            ids, _ = _family_docs(facts, family)
            tokens = [
                [s for name, text in labels.get(i, []) for s in analyse_in(language, text) * _FIELD_WEIGHT[name]]
                for i in ids
            ]
            families[family] = LexicalFamily.build(ids, tokens)
        stems = frozenset().union(*(f.vocabulary for f in families.values()))
        return cls(families, ForeignReader(language, stems))


class SearchIndex:
    """The snapshot plus one lexical (and optionally one semantic) ranker per family, and the
    challenge and kind families of each other language (ForeignIndex)."""

    def __init__(self, facts: Facts, semantic: SemanticMode = "auto") -> None:
        self.facts = facts
        self.families: dict[Family, LexicalFamily] = {}
        self.texts: dict[Family, tuple[list[str], list[list[tuple[str, str]]]]] = {}
        self.corpus_words: Counter[str] = Counter()
        for family in FAMILIES:
            ids, fields = _family_docs(facts, family)
            self.texts[family] = (ids, fields)
            self.families[family] = LexicalFamily.build(ids, [doc_tokens(f, self.corpus_words) for f in fields])
        indexed = {i for ids, _ in self.texts.values() for i in ids}
        for iri, texts in facts.corpus.items():
            if iri not in indexed:  # themes: their words help read typos, they are not ranked
                doc_tokens(texts, self.corpus_words)
        self.vocabulary = frozenset().union(*(f.vocabulary for f in self.families.values()))
        self.reader = QueryReader(self.corpus_words, self.vocabulary)
        self.semantic = _semantic_ranker(self.texts, semantic)
        self.foreign = {lang: ForeignIndex.build(facts, lang) for lang in FOREIGN if lang in facts.translations}

    def language_of(self, text: str) -> Language:
        """The language the text is written in (foreign.detect_language, ties broken by the labels)."""
        return detect_language(text, lambda lang, t: self.foreign[lang].reader.known(t) if lang in self.foreign else 0)

    def updated(self, facts: Facts, families: dict[Family, LexicalFamily], corpus_words: Counter[str]) -> SearchIndex:
        """A copy with another snapshot, some families replaced and another word count (search/delta.py)."""
        new = copy.copy(self)
        new.facts, new.families, new.corpus_words = facts, {**self.families, **families}, corpus_words
        new.vocabulary = frozenset().union(*(f.vocabulary for f in new.families.values()))
        new.reader = QueryReader(+corpus_words, new.vocabulary)
        return new

    @property
    def ranker(self) -> str:
        """Which rankers are fused: 'bm25' or 'bm25+embeddings'."""
        return "bm25+embeddings" if self.semantic is not None else "bm25"

    def relevance(
        self, family: Family, text: str, top: int = 50, floor: float = 0.0, language: Language = DEFAULT_LANGUAGE
    ) -> dict[str, float]:
        """The `top` documents of a family that match the text best (relevance in (0, 1]), best first:
        those above `floor`, or within RELATIVE_FLOOR of the best when the best is below it. A text in
        another language is matched against that language's labels (challenges and kinds only: the
        practices' and statements' own texts are the report's English)."""
        lexical_family = self._lexical(family, language)
        if lexical_family is None:
            return {}
        fam, read = lexical_family
        lexical = fam.scores(read(text))
        lex = {fam.ids[i]: float(lexical[i]) for i in _top(lexical, top * 2, 0.0)}
        if self.semantic is not None and language == DEFAULT_LANGUAGE:
            lex = self.semantic.fuse(family, text, lex)
        best = max(lex.values(), default=0.0)
        cut = min(floor, RELATIVE_FLOOR * best)
        ranked = sorted(((v, k) for k, v in lex.items() if v > cut), key=lambda t: (-t[0], t[1]))[:top]
        return {k: v for v, k in ranked}

    def matched_words(self, family: Family, iri: str, text: str, language: Language = DEFAULT_LANGUAGE) -> list[str]:
        """The words of the query that occur (stemmed) in a document, as the "why" line shows them."""
        terms = self.matched_terms(family, iri, text, language)
        if language != DEFAULT_LANGUAGE:
            return list(dict.fromkeys(t.word for t in terms))
        hits = {t.typed: t.word for t in terms}
        return shown_words(words(text), hits)

    def matched_terms(self, family: Family, iri: str, text: str, language: Language = DEFAULT_LANGUAGE) -> list[Term]:
        """The terms of the query that occur in a document (as the word, a synonym or a typo guess)."""
        lexical_family = self._lexical(family, language)
        if lexical_family is None:
            return []
        fam, read = lexical_family
        position = fam.positions.get(iri)
        if position is None:
            return []
        doc = set(fam.tokens[position])
        return [t for t in read(text) if any(s in doc for s, _ in t.alternatives)]

    def _lexical(self, family: Family, language: Language) -> tuple[LexicalFamily, Callable[[str], list[Term]]] | None:
        """A family's lexical ranker in a language and the reader of questions in it (None when the
        language has no labels for the family: the practices' and statements' texts are English)."""
        if language == DEFAULT_LANGUAGE:
            return self.families[family], self.reader.terms
        foreign = self.foreign.get(language)
        if foreign is None or family not in foreign.families:
            return None
        return foreign.families[family], foreign.reader.terms


def _semantic_ranker(
    texts: dict[Family, tuple[list[str], list[list[tuple[str, str]]]]], mode: SemanticMode
) -> SemanticRanker | None:
    if mode == "off":
        return None
    from nzc_graph.search.semantic import SemanticRanker, semantic_available

    if not semantic_available():
        if mode == "on":
            from nzc_graph.errors import UnsupportedOperation

            raise UnsupportedOperation("semantic search needs the 'semantic' extra: pip install 'nzc-graph[semantic]'")
        return None
    return SemanticRanker(texts)


def build_index(store: GraphStore, library: QueryLibrary, semantic: SemanticMode = "auto") -> SearchIndex:
    """Load the snapshot from the store and index it."""
    index = SearchIndex(load_facts(store, library), semantic)
    log.info(
        "search index built: %d practices, %d statements, ranker %s",
        len(index.facts.practices),
        len(index.facts.statements),
        index.ranker,
    )
    return index


__all__ = [
    "FAMILIES",
    "Family",
    "ForeignIndex",
    "LexicalFamily",
    "SearchIndex",
    "SemanticMode",
    "analyse",
    "build_index",
    "fold",
    "words",
]
