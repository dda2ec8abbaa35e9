from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from nzc_graph.errors import InvalidQueryParameter, QueryNotFound
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.bindings import inject_values, where_brace


@pytest.fixture()
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


def test_every_named_query_has_a_documented_header(library) -> None:
    for q in library.all():
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name
        assert q.columns, q.name
        assert q.example.startswith("nzc-graph query --name " + q.name), q.name


def test_unknown_query_and_parameters_fail_loudly(library) -> None:
    with pytest.raises(QueryNotFound):
        library.get("no-such-query")
    with pytest.raises(InvalidQueryParameter, match="needs parameter 'challenge'"):
        library.bind("who-solved", {})
    with pytest.raises(InvalidQueryParameter, match="no parameter"):
        library.bind("who-solved", {"challenge": "https://x/y", "color": "red"})
    with pytest.raises(InvalidQueryParameter, match="type integer"):
        library.bind("who-solved", {"challenge": "https://x/y", "min_rank": "high"})
    with pytest.raises(InvalidQueryParameter, match="type iri"):
        library.bind("who-solved", {"challenge": "> } ; DROP ALL #"})


def test_defaults_are_applied(library) -> None:
    b = library.bind("who-solved", {"challenge": "https://w3id.org/nzc/id/challenge/x"})
    assert b["min_rank"] == Literal(1)


def test_values_block_goes_into_the_outer_where_and_escapes_terms() -> None:
    q = 'SELECT ?s WHERE { ?s ?p "WHERE {" } # WHERE {'
    assert where_brace(q) == q.index("{")
    out = inject_values(q, {"x": Literal('evil" } DROP ALL { "')})
    assert 'VALUES (?x) { ("evil\\" } DROP ALL { \\"") }' in out


def test_string_parameter_cannot_escape_its_literal(store, library) -> None:
    rows = store.select("SELECT ?x WHERE { BIND(?name AS ?x) }", {"name": Literal('a" } } SELECT * { ?s ?p ?o')})
    assert [str(r["x"]) for r in rows] == ['a" } } SELECT * { ?s ?p ?o']


def test_iri_binding(store) -> None:
    rows = store.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?c rdfs:label ?l }",
        {"c": URIRef("https://w3id.org/nzc/id/city/aachen")},
    )
    assert [str(r["l"]) for r in rows] == ["Aachen"]


def test_invalid_iri_binding_is_a_parameter_error(store) -> None:
    with pytest.raises(InvalidQueryParameter, match="not a valid RDF term"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("http://a b/{x}")})


def test_build_rules_have_distinct_numbers(library) -> None:
    """The number prefix of a rule (queries/rules/NN-name.rq) gives its order; two rules never share one."""
    numbers = [q.name.split("-", 1)[0] for q in library.folder_queries("rules")]
    assert numbers and all(n.isdigit() for n in numbers)
    assert len(numbers) == len(set(numbers)), numbers
