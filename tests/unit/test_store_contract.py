"""The store contract, for the embedded store (the remote case runs in tests/e2e)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from nzc_graph.errors import QuerySyntaxError
from nzc_graph.store import EmbeddedStore

G = "https://example.org/g"


@pytest.fixture()
def fresh(tmp_path):
    return EmbeddedStore(tmp_path / "s")


def test_add_query_replace_clear(fresh) -> None:
    g = Graph().parse(data='<http://a> <http://p> "x"@en , 3 .', format="turtle")
    assert fresh.add_graph(G, g) == 2
    assert fresh.graphs() == [G]
    assert fresh.count(G) == 2
    assert fresh.ask("ASK { <http://a> <http://p> 3 }")
    rows = fresh.select("SELECT ?o WHERE { <http://a> <http://p> ?o } ORDER BY ?o")
    assert {r["o"] for r in rows} == {Literal("x", lang="en"), Literal(3)}
    fresh.replace_graph(G, Graph().parse(data="<http://b> <http://p> <http://c> .", format="turtle"))
    assert fresh.count(G) == 1
    c = fresh.construct("CONSTRUCT WHERE { ?s ?p ?o }")
    assert (URIRef("http://b"), URIRef("http://p"), URIRef("http://c")) in c
    fresh.clear_graph(G)
    assert fresh.count() == 0


def test_on_disk_store_survives_reopen(tmp_path) -> None:
    s = EmbeddedStore(tmp_path / "disk")
    s.add_graph(G, Graph().parse(data="<http://a> <http://p> <http://b> .", format="turtle"))
    s.close()
    again = EmbeddedStore(tmp_path / "disk")
    assert again.count(G) == 1


def test_syntax_error_is_our_error_with_position(fresh) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        fresh.select("SELECT ?x WHERE { ?x ?y }")
    assert "1" in str(info.value)


def test_serialized_select_streams_json(fresh) -> None:
    fresh.add_graph(G, Graph().parse(data="<http://a> <http://p> 1 .", format="turtle"))
    res = fresh.serialized_query("SELECT * WHERE { ?s ?p ?o }", ["text/csv"])
    assert res.kind == "select" and res.media_type == "text/csv"
    assert b"http://a" in b"".join(res.chunks)
