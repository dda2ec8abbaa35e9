"""One contract for every GraphStore: the embedded store and a remote Oxigraph server (SPARQL 1.1 Protocol)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef

from nzc_graph.errors import QuerySyntaxError, ResultTooLarge
from nzc_graph.graph.build import build
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore, GraphStore, Limits, RemoteStore

G = "https://example.org/g"


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.e2e)])
def fresh(request, tmp_path) -> Iterator[GraphStore]:
    if request.param == "embedded":
        yield EmbeddedStore(tmp_path / "s")
        return
    base = request.getfixturevalue("oxigraph_server")
    store = RemoteStore(base + "/query", base + "/update")
    store.update("DROP ALL")
    yield store


def test_add_query_replace_clear(fresh) -> None:
    g = Graph().parse(data='<http://a> <http://p> "x"@en , 3 .', format="turtle")
    fresh.add_graph(G, g)
    assert fresh.graphs() == [G]
    assert fresh.count(G) == 2
    assert fresh.ask("ASK { <http://a> <http://p> 3 }")
    rows = fresh.select("SELECT ?o WHERE { <http://a> <http://p> ?o }")
    assert {r["o"] for r in rows} == {Literal("x", lang="en"), Literal(3)}
    fresh.replace_graph(G, Graph().parse(data="<http://b> <http://p> <http://c> .", format="turtle"))
    assert fresh.count(G) == 1
    assert (URIRef("http://b"), URIRef("http://p"), URIRef("http://c")) in fresh.construct(
        "CONSTRUCT WHERE { ?s ?p ?o }"
    )
    fresh.clear_graph(G)
    assert fresh.count() == 0


def test_bindings_are_terms(fresh) -> None:
    fresh.add_graph(G, Graph().parse(data='<http://a> <http://p> "it\'s \\"quoted\\"" .', format="turtle"))
    rows = fresh.select("SELECT ?s WHERE { ?s <http://p> ?v }", {"v": Literal('it\'s "quoted"')})
    assert [r["s"] for r in rows] == [URIRef("http://a")]
    assert fresh.select("SELECT ?s WHERE { ?s <http://p> ?v }", {"v": Literal('" } ?s ?p ?o { "')}) == []


def test_select_text_gives_the_values_of_select_as_plain_strings(fresh) -> None:
    fresh.add_graph(G, Graph().parse(data='<http://a> <http://p> "x"@en , 3 , <http://c> .', format="turtle"))
    query = "SELECT ?s ?o ?none WHERE { ?s <http://p> ?o OPTIONAL { ?o <http://q> ?none } }"
    rows = fresh.select_text(query)
    assert sorted(rows, key=lambda r: r["o"]) == [
        {"s": "http://a", "o": "3"},
        {"s": "http://a", "o": "http://c"},
        {"s": "http://a", "o": "x"},
    ]
    assert sorted(r["o"] for r in rows) == sorted(str(r["o"]) for r in fresh.select(query))


def test_syntax_error_is_our_error(fresh) -> None:
    with pytest.raises(QuerySyntaxError):
        fresh.select("SELECT ?x WHERE { ?x ?y }")


def test_serialized_select(fresh) -> None:
    fresh.add_graph(G, Graph().parse(data="<http://a> <http://p> 1 .", format="turtle"))
    res = fresh.serialized_query("SELECT * WHERE { ?s ?p ?o }", ["text/csv"])
    assert res.media_type == "text/csv" and b"http://a" in b"".join(res.chunks)


def test_replace_graphs_switches_all_graphs_and_leaves_no_staging(fresh) -> None:
    old = {f"http://g/{n}": Graph().parse(data=f"<http://old> <http://p> {n} .", format="turtle") for n in range(3)}
    fresh.add_graph("http://g/other", Graph().parse(data="<http://kept> <http://p> 1 .", format="turtle"))
    fresh.replace_graphs(old)
    two = "<http://new> <http://p> {0}, {1} ."
    new = {f"http://g/{n}": Graph().parse(data=two.format(n, n + 10), format="turtle") for n in range(3)}
    assert fresh.replace_graphs(new) == 6
    assert fresh.graphs() == ["http://g/0", "http://g/1", "http://g/2", "http://g/other"]  # no staging graph
    assert {fresh.count(g) for g in new} == {2}
    assert not fresh.ask("ASK { GRAPH ?g { <http://old> ?p ?o } }")
    assert fresh.ask("ASK { GRAPH <http://g/other> { <http://kept> ?p ?o } }")


def test_replacing_a_graph_with_an_empty_one_empties_it(fresh) -> None:
    fresh.add_graph(G, Graph().parse(data="<http://a> <http://p> 1 .", format="turtle"))
    assert fresh.replace_graph(G, Graph()) == 0
    assert fresh.count(G) == 0 and G not in fresh.graphs()


def test_every_executor_refuses_an_answer_over_the_size_cap_before_answering(fresh) -> None:
    rows = "\n".join(f'<http://s{i}> <http://p> "{"v" * 50}" .' for i in range(2000))
    fresh.add_graph(G, Graph().parse(data=rows, format="nt"))
    executor = fresh.executor(Limits(timeout=10, max_bytes=50_000))
    try:
        with pytest.raises(ResultTooLarge, match="larger than 50000 bytes"):
            executor.execute("SELECT * WHERE { ?s ?p ?o }", ["text/csv"])
        small = executor.execute("SELECT * WHERE { ?s ?p ?o } LIMIT 3", ["text/csv"])
        assert small.body is not None and small.body.count(b"http://p") == 3  # read whole: a body
    finally:
        executor.close()


def test_the_build_and_named_queries_give_the_same_answers(fresh, settings, store) -> None:
    build(settings, fresh, with_reasoner=False)
    library = QueryLibrary(settings.queries_dir)
    params = {"challenge": "https://w3id.org/nzc/id/challenge/raising-private-capital"}
    assert library.select(fresh, "who-solved", params) == library.select(store, "who-solved", params)
    assert library.select(fresh, "count-cities-by-role") == library.select(store, "count-cities-by-role")


def test_on_disk_embedded_store_survives_reopen(tmp_path) -> None:
    s = EmbeddedStore(tmp_path / "disk")
    s.add_graph(G, Graph().parse(data="<http://a> <http://p> <http://b> .", format="turtle"))
    s.close()
    assert EmbeddedStore(tmp_path / "disk").count(G) == 1
