"""SPARQLWrapper and rdflib's SPARQLStore against the running server give the embedded store's answers."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


Q = """PREFIX nzc: <https://w3id.org/nzc/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?city ?label WHERE { ?p a nzc:PracticeAdoption ; nzc:city ?city . ?city rdfs:label ?label } ORDER BY ?label"""


def embedded_answer(store) -> list[tuple[str, str]]:
    return [(str(r["city"]), str(r["label"])) for r in store.select(Q)]


def test_sparqlwrapper_get_and_post(server, store) -> None:
    expected = embedded_answer(store)
    for method in ("GET", POST):
        w = SPARQLWrapper(server + "/sparql")
        w.setQuery(Q)
        w.setMethod(method)
        w.setReturnFormat(JSON)
        data = w.query().convert()
        got = [(b["city"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
        assert got == expected and len(got) > 50


def test_sparqlwrapper_csv_and_construct(server) -> None:
    w = SPARQLWrapper(server + "/sparql")
    w.setQuery(Q)
    w.setReturnFormat(CSV)
    assert b"Aachen" in w.query().convert()
    w = SPARQLWrapper(server + "/sparql")
    w.setQuery("CONSTRUCT WHERE { <https://w3id.org/nzc/id/city/aachen> ?p ?o }")
    w.setReturnFormat(TURTLE)
    g = Graph().parse(data=w.query().convert(), format="turtle")
    assert len(g) > 3


def test_rdflib_sparqlstore(server, store) -> None:
    remote = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    got = [(str(r.city), str(r.label)) for r in remote.query(Q)]
    assert got == embedded_answer(store)
