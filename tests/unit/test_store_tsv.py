"""select_text reads pyoxigraph's TSV: every kind of term gives the value pyoxigraph's own term gives."""

from __future__ import annotations

import pyoxigraph as ox

from nzc_graph.store.tsv import text_rows

XSD = "http://www.w3.org/2001/XMLSchema#"
TERMS = [
    ox.Literal('tab\there, line\nbreak, return\r, "quotes", back\\slash, Umeå ☃'),
    ox.Literal("plain"),
    ox.Literal(""),
    ox.Literal("Porto", language="pt"),
    ox.Literal("3.50", datatype=ox.NamedNode(f"{XSD}decimal")),
    ox.Literal("007", datatype=ox.NamedNode(f"{XSD}integer")),
    ox.Literal("1e3", datatype=ox.NamedNode(f"{XSD}double")),
    ox.Literal("true", datatype=ox.NamedNode(f"{XSD}boolean")),
    ox.Literal("2020-01-01", datatype=ox.NamedNode(f"{XSD}date")),
    ox.BlankNode("b1"),
    ox.NamedNode("https://example.org/é?a=1#x"),
]


def test_every_term_reads_as_its_value() -> None:
    store = ox.Store()
    subject = ox.NamedNode("https://example.org/s")
    for n, term in enumerate(TERMS):
        store.add(ox.Quad(subject, ox.NamedNode(f"https://example.org/p{n:02d}"), term))
    query = "SELECT ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/none> ?none } } ORDER BY ?p"
    expected = [{"o": s["o"].value} for s in store.query(query)]
    assert text_rows(store.query(query).serialize(format=ox.QueryResultsFormat.TSV)) == expected


def test_one_column_with_unbound_rows_and_no_rows() -> None:
    assert text_rows(b"?x\n<https://e/a>\n\n") == [{"x": "https://e/a"}, {}]
    assert text_rows(b"?x\n") == []
