"""Updating the search index in place after a submission is accepted or withdrawn.

A submission writes practice adoptions and challenge statements (with their quotes) into its own
graph; withdrawing it removes that graph. Either way the subjects of its triples are known
(`GraphChange`), so only their documents are read again, with the index's own named queries bound
to those subjects (a VALUES block), and applied to the snapshot and to the practice and statement
families as a delta (`LexicalFamily.changed`). The result ranks exactly as an index built anew.

A change the delta cannot express gives None, and the caller builds the whole index: one that
touches cities, concepts or peer links (their facts feed matchmaking as a whole), a resource of
another type, or an index with the semantic ranker (its embeddings are built for all documents).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from rdflib import URIRef
from rdflib.namespace import PROV

from nzc_graph.namespaces import NZC, is_absolute_iri
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.facts import (
    Facts,
    Practice,
    PracticeSource,
    Statement,
    claim_texts,
    evidence_of,
    links_of,
    practices_of,
    sources_of,
    statements_of,
)
from nzc_graph.search.index import Family, LexicalFamily, SearchIndex, doc_tokens
from nzc_graph.store.base import GraphStore, TextRow
from nzc_graph.store.bindings import inject_column

PRACTICE_TYPE = str(NZC.PracticeAdoption)
STATEMENT_TYPE = str(NZC.ChallengeStatement)
# The types a delta can update: documents, their quotes, and the submission's record.
UPDATABLE = frozenset({PRACTICE_TYPE, STATEMENT_TYPE, str(NZC.Quote), str(PROV.Entity)})
T = TypeVar("T", Practice, Statement)
K = TypeVar("K", bound=Hashable)


def _bound(store: GraphStore, library: QueryLibrary, name: str, var: str, iris: list[str]) -> list[TextRow]:
    """The rows of a named query for just these resources."""
    if not iris:
        return []
    return store.select_text(inject_column(library.get(name).text, var, [URIRef(i) for i in iris]))


def _merged(old: dict[str, T], gone: set[str], new: dict[str, T]) -> dict[str, T]:
    """`old` without `gone`, plus `new`, in IRI order (the order of the queries' ORDER BY). A copy,
    and a new dict only when a new key sorts before the last one (building one costs 15 ms at 50 k)."""
    merged = old.copy()
    for key in gone:
        merged.pop(key, None)
    last = next(reversed(merged), "")
    merged.update((k, new[k]) for k in sorted(new))
    if new and min(new) < last:
        return {k: merged[k] for k in sorted(merged)}
    return merged


def _replaced(
    old: dict[str, list[tuple[str, str]]], gone: set[str], new: dict[str, list[tuple[str, str]]]
) -> dict[str, list[tuple[str, str]]]:
    """A copy of `old` without `gone`, plus `new`."""
    out = old.copy()
    for key in gone:
        out.pop(key, None)
    out.update(new)
    return out


def _regrouped(
    old: dict[K, list[T]], before: Iterable[T], after: Iterable[T], keys: Callable[[T], Iterable[K]]
) -> dict[K, list[T]]:
    """A reverse index with the documents `before` replaced by those `after`, each list in IRI order."""
    gone = {d.iri for d in before}
    out = dict(old)
    added: dict[K, list[T]] = {}
    for doc in after:
        for key in keys(doc):
            added.setdefault(key, []).append(doc)
    for key in {k for d in before for k in keys(d)} | set(added):
        docs = sorted([d for d in old.get(key, []) if d.iri not in gone] + added.get(key, []), key=lambda d: d.iri)
        if docs:
            out[key] = docs
        else:
            out.pop(key, None)
    return out


def _sources_changed(facts: Facts, old: list[Practice], rows: list[TextRow]) -> bool:
    """Whether search-practice-sources may answer otherwise: a changed practice was, or is, one a
    source is read from."""
    used = {(s.kind, city) for s in facts.sources for city in (s.source, s.learner)}
    return bool(rows) or any((p.kind, p.city) in used for p in old)


def refreshed(
    index: SearchIndex, store: GraphStore, library: QueryLibrary, subjects: frozenset[str]
) -> SearchIndex | None:
    """The index with the documents of these subjects read again from the store, or None when the
    change is one only a full build can apply."""
    facts = index.facts
    if index.semantic is not None or any(s in facts.cities or s in facts.concepts for s in subjects):
        return None
    if any(link.iri in subjects for link in facts.peer_links):
        return None
    iris = sorted(s for s in subjects if is_absolute_iri(s))
    types = _bound(store, library, "search-resource-types", "resource", iris)
    if any(row["type"] not in UPDATABLE for row in types):
        return None
    now = {row["resource"] for row in types if row["type"] in (PRACTICE_TYPE, STATEMENT_TYPE)}
    was = {s for s in iris if s in facts.practices or s in facts.statements}
    quotes = sorted(set(iris) - now - was)  # a quote another graph holds too counts once less
    citing = {row["claim"] for row in _bound(store, library, "search-quote-claims", "quote", quotes)}
    if citing & {link.iri for link in facts.peer_links if link.iri}:
        return None
    claims = sorted(now | was | citing)
    evidence = evidence_of(_bound(store, library, "search-evidence", "claim", claims))
    links = links_of(_bound(store, library, "search-links", "subject", claims))
    practice_rows = _bound(store, library, "search-practices", "practice", claims)
    statement_rows = _bound(store, library, "search-statements", "statement", claims)
    practices = practices_of(practice_rows, evidence, links)
    statements = statements_of(statement_rows, evidence)
    corpus = claim_texts(practice_rows, statement_rows, evidence)
    gone = set(claims)
    old_practices = [facts.practices[c] for c in claims if c in facts.practices]
    old_statements = [facts.statements[c] for c in claims if c in facts.statements]
    sources = facts.sources
    if _sources_changed(facts, old_practices, _bound(store, library, "search-source-practices", "practice", claims)):
        sources = sources_of(library.select_text(store, "search-practice-sources"))
    new = _snapshot(facts, gone, practices, statements, corpus, sources, old_practices, old_statements)
    return _reindexed(index, new, gone, corpus)


def _snapshot(
    facts: Facts,
    gone: set[str],
    practices: dict[str, Practice],
    statements: dict[str, Statement],
    corpus: dict[str, list[tuple[str, str]]],
    sources: list[PracticeSource],
    old_practices: list[Practice],
    old_statements: list[Statement],
) -> Facts:
    new = Facts(
        practices=_merged(facts.practices, gone, practices),
        statements=_merged(facts.statements, gone, statements),
        cities=facts.cities,
        concepts=facts.concepts,
        peer_links=facts.peer_links,
        corpus=_replaced(facts.corpus, gone, corpus),
        sources=sources,
        twin_pairs=facts.twin_pairs,
        translations=facts.translations,
        practices_by_challenge=_regrouped(
            facts.practices_by_challenge, old_practices, practices.values(), lambda p: p.challenges
        ),
        practices_by_city=_regrouped(facts.practices_by_city, old_practices, practices.values(), lambda p: [p.city]),
        statements_by_challenge=_regrouped(
            facts.statements_by_challenge, old_statements, statements.values(), lambda s: [s.challenge]
        ),
        statements_by_city=_regrouped(
            facts.statements_by_city, old_statements, statements.values(), lambda s: [s.city]
        ),
        practices_by_kind=_regrouped(
            facts.practices_by_kind, old_practices, practices.values(), lambda p: [p.kind] if p.kind else []
        ),
        sources_by_city=facts.sources_by_city,
        twins_by_city=facts.twins_by_city,
        indexed=True,
    )
    if new.sources is not facts.sources:
        new.sources_by_city = {}
        for src in new.sources:
            new.sources_by_city.setdefault(src.source, []).append(src)
    return new


def _reindexed(
    index: SearchIndex, facts: Facts, gone: set[str], corpus: dict[str, list[tuple[str, str]]]
) -> SearchIndex:
    """The practice and statement families with the changed documents as a delta; the word count
    without the old texts and with the new."""
    removed: Counter[str] = Counter()
    for iri in gone:
        doc_tokens(index.facts.corpus.get(iri, []), removed)
    words = index.corpus_words - removed  # (drops the words no text uses any more)
    tokens = {i: doc_tokens(texts, words) for i, texts in corpus.items()}
    families: dict[Family, LexicalFamily] = {}
    documents: tuple[tuple[Family, dict[str, Practice] | dict[str, Statement]], ...] = (
        ("practice", facts.practices),
        ("statement", facts.statements),
    )
    for family, docs in documents:
        added = {i: tokens.get(i, []) for i in sorted(gone) if i in docs}
        families[family] = index.families[family].changed(added, {i for i in gone if i not in docs})
    return index.updated(facts, families, words)
