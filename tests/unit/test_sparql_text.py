from __future__ import annotations

import pytest

from nzc_graph.api.sparql_formats import choose, ranked
from nzc_graph.errors import NotAcceptable, QuerySyntaxError
from nzc_graph.store.pool import explain_syntax_error
from nzc_graph.store.sparql_text import looks_like_update, with_using


def test_update_detection() -> None:
    assert looks_like_update("PREFIX a: <x:> INSERT DATA { <a:b> <a:c> 1 }")
    assert looks_like_update("# comment\nDROP ALL")
    assert not looks_like_update("PREFIX insert: <x:> SELECT * { ?s insert:p ?o }")
    assert not looks_like_update("ASK { ?s ?p 'DELETE' }")


def test_using_clauses_are_added_before_each_modify_where() -> None:
    u = "INSERT { ?s a <x:B> } WHERE { ?s a <x:A> } ; DELETE WHERE { ?s a <x:C> }"
    out = with_using(u, ["http://g1"], ["http://g2"])
    assert out.count("USING <http://g1> USING NAMED <http://g2>") == 1
    assert out.index("USING") < out.index("WHERE { ?s a <x:A>")
    with pytest.raises(QuerySyntaxError, match="USING or WITH"):
        with_using("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://g1"], [])
    with pytest.raises(QuerySyntaxError, match="absolute IRI"):
        with_using(u, ["not an iri> } DROP ALL"], [])


def test_accept_negotiation_with_q_values() -> None:
    offered = ["application/sparql-results+json", "text/csv"]
    assert ranked("text/csv;q=0.5, application/json", offered) == offered
    assert ranked("text/csv;q=0.9, application/sparql-results+json;q=0.1", offered)[0] == "text/csv"
    assert ranked("*/*;q=0.1, text/csv", offered)[0] == "text/csv"
    assert ranked("text/csv;q=0", offered) == []
    assert choose("construct", None, "jsonld") == ["application/ld+json"]
    with pytest.raises(NotAcceptable):
        choose("select", "image/png", None)
    with pytest.raises(NotAcceptable):
        choose("select", None, "turtle")


def test_syntax_errors_show_line_column_and_caret() -> None:
    msg = explain_syntax_error("SELECT ?x\nWHERE { ?x ?y }", "error at 2:15: expected one of LATERAL")
    assert "line 2, column 15" in msg and "WHERE { ?x ?y }" in msg and msg.endswith("^")
