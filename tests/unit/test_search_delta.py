"""The search index follows accepted and withdrawn submissions in place: it answers exactly as an
index built anew from the same store, and no full build happens."""

from __future__ import annotations

import pytest
from tests.samples import copy_of, practice

from nzc_graph.queries import QueryLibrary
from nzc_graph.search.cache import IndexCache
from nzc_graph.search.index import FAMILIES, SearchIndex, build_index
from nzc_graph.search.matchmaking import match
from nzc_graph.search.service import who_faces, who_solved
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.base import GraphChange
from nzc_graph.submissions.apikeys import Principal
from nzc_graph.submissions.records import withdraw
from nzc_graph.submissions.service import submit, validator_for

ADMIN = Principal("programme staff", None, "0123456789ab")
QUESTIONS = (
    "we lack people who understand finance and structure the funding",
    "a financial architect role",
    "our partners are tired of all the meetings",
    "residents think climate is too technical",
    "submitted practice through the api",
)


def submission(name: str) -> bytes:
    return practice(
        name,
        label="A financial architect who structures green funding",
        description="Aachen hired a financial architect submitted through the api.",
        quote="We hired a financial architect to structure funding.",
        status="piloting",
    ).encode()


@pytest.fixture()
def wstore(store) -> EmbeddedStore:
    """A private copy of the built store that tests may write to."""
    return copy_of(store)


def answers(index: SearchIndex) -> list[object]:
    """What the index answers to a set of questions, and what it knows."""
    cities = sorted(index.facts.statements_by_city)[:5]
    out: list[object] = [who_solved(index, q) for q in QUESTIONS] + [who_faces(index, q) for q in QUESTIONS]
    out += [match(index, c) for c in cities]
    out += [index.relevance(f, q) for f in FAMILIES for q in QUESTIONS]
    f = index.facts
    out += [list(f.practices), list(f.statements), f.practices_by_city, f.practices_by_challenge, f.practices_by_kind]
    out += [f.statements_by_city, f.statements_by_challenge, f.sources, sorted(index.corpus_words.items())]
    return out


def test_submissions_update_the_index_in_place_as_a_build_would(wstore, settings) -> None:
    library = QueryLibrary(settings.queries_dir)
    cache = IndexCache(wstore, library, "off")
    before = cache.get()
    validator = validator_for(settings.shapes_dir, settings.queries_dir)
    first = submit(wstore, validator, ADMIN, submission("architect"), "turtle", "", "9.9")
    second = submit(wstore, validator, ADMIN, submission("second"), "turtle", "", "9.9")
    cache.invalidate(first.change)
    cache.invalidate(second.change)
    added = cache.get()
    assert added is not before and cache.builds == 1
    assert "https://w3id.org/nzc/id/practice/aachen--architect" in added.facts.practices
    assert answers(added) == answers(build_index(wstore, library, "off"))
    _, change = withdraw(wstore, ADMIN, first.record.id)
    cache.invalidate(change)
    withdrawn = cache.get()
    assert cache.builds == 1
    assert "https://w3id.org/nzc/id/practice/aachen--architect" not in withdrawn.facts.practices
    assert answers(withdrawn) == answers(build_index(wstore, library, "off"))
    _, change = withdraw(wstore, ADMIN, second.record.id)
    cache.invalidate(change)
    assert answers(cache.get()) == answers(before) and cache.builds == 1


def test_a_change_the_delta_cannot_express_builds_anew(wstore, settings) -> None:
    cache = IndexCache(wstore, QueryLibrary(settings.queries_dir), "off")
    cache.get()
    city = next(iter(cache.get().facts.cities))
    cache.invalidate(GraphChange("https://w3id.org/nzc/graph/other", frozenset({city})))
    cache.get()
    assert cache.builds == 2
    cache.invalidate()
    cache.get()
    assert cache.builds == 3
