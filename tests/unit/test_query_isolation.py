"""User-query isolation behind the store interface: every store hands out an executor that
screens queries the same way, and the embedded store answers the same in-process and in workers."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from nzc_graph.errors import QueryRefused, QuerySyntaxError, StoreUnavailable
from nzc_graph.store import Dataset, EmbeddedStore, Limits, RemoteStore
from nzc_graph.store.sparql_text import query_form

JSON = "application/sparql-results+json"
G1, G2 = "http://example.org/g1", "http://example.org/g2"


@pytest.fixture(scope="module")
def two_graphs(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("iso") / "s")
    store.add_graph(G1, Graph().parse(data="<http://x/a> <http://x/p> 1 .", format="turtle"))
    store.add_graph(G2, Graph().parse(data="<http://x/b> <http://x/p> 2 .", format="turtle"))
    pool = store.executor(Limits(timeout=5), workers=1)
    yield store, pool
    pool.close()
    store.close()


def values(result) -> list[int]:
    data = json.loads(b"".join(result.chunks))
    return sorted(int(b["v"]["value"]) for b in data["results"]["bindings"])


DATASETS = [
    (None, [1, 2]),  # no dataset: the union of all graphs
    (Dataset((G1,)), [1]),
    (Dataset((G1, G2)), [1, 2]),
    (Dataset((), (G2,)), []),  # named graphs only: the default graph is the store's own, empty here
]


@pytest.mark.parametrize(("dataset", "expected"), DATASETS)
def test_in_process_and_worker_answers_agree_on_datasets(two_graphs, dataset, expected) -> None:
    store, pool = two_graphs
    query = "SELECT ?v WHERE { ?s ?p ?v }"
    assert values(store.serialized_query(query, [JSON], dataset)) == expected
    assert values(pool.execute(query, [JSON], dataset)) == expected


def test_named_graphs_of_a_dataset_are_queryable(two_graphs) -> None:
    store, pool = two_graphs
    query = "SELECT ?v WHERE { GRAPH ?g { ?s ?p ?v } }"
    assert values(pool.execute(query, [JSON], Dataset((), (G2,)))) == [2]
    assert values(store.serialized_query(query, [JSON], Dataset((), (G2,)))) == [2]


def test_both_paths_tell_describe_from_construct(two_graphs) -> None:
    store, pool = two_graphs
    for run in (lambda q: store.serialized_query(q, ["text/turtle"]), lambda q: pool.execute(q, ["text/turtle"])):
        assert run("DESCRIBE <http://x/a>").kind == "describe"
        assert run("CONSTRUCT WHERE { ?s ?p ?o }").kind == "construct"
        assert run("# DESCRIBE in a comment\nASK {}").kind == "ask"


def test_in_process_errors_are_store_errors(two_graphs) -> None:
    store, _ = two_graphs
    with pytest.raises(QuerySyntaxError):
        store.serialized_query("SELECT WHERE {", [JSON])


REFUSED = [
    "DELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", REFUSED)
def test_every_store_screens_user_queries_alike(two_graphs, query) -> None:
    """The remote executor refuses before any request: its endpoint here does not exist, so a
    query that got through would fail with StoreUnavailable instead."""
    _, pool = two_graphs
    remote = RemoteStore("http://127.0.0.1:9/sparql", timeout=1).executor(Limits(timeout=1))
    for executor in (pool, remote):
        with pytest.raises(QueryRefused):
            executor.execute(query, [JSON])
    with pytest.raises(StoreUnavailable):
        remote.execute("ASK {}", [JSON])


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * {}", "select"),
        ("prefix construct: <http://x/> ASK { construct:a ?p ?o }", "ask"),
        ('PREFIX : <http://x/>\n# SELECT\nCONSTRUCT { ?s :says "DESCRIBE" } WHERE { ?s ?p ?o }', "construct"),
        ("BASE <http://x/select>\ndescribe <a>", "describe"),
    ],
)
def test_one_query_form_detector(query, form) -> None:
    assert query_form(query) == form
