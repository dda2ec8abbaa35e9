from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from nzc_graph.errors import ShapeViolation
from nzc_graph.graph.build import build, skolemize_quotes
from nzc_graph.namespaces import DATA_GRAPH, NZC
from nzc_graph.store import EmbeddedStore

SHARED = [
    "challenges.ttl",
    "practice-kinds.ttl",
    "themes.ttl",
    # the catalogue's schemes declare six languages, so its labels in the other five come with it
    *(f"labels-{lang}.ttl" for lang in ("de", "es", "fr", "it", "pt")),
    "programmes.ttl",
    "report.ttl",
    "countries.ttl",
    "cities.ttl",
]


def slice_files(settings):
    return [settings.data_dir / f for f in [*SHARED, "s1-4.ttl"]]


def test_build_on_the_section_1_4_slice_gives_the_counts_of_the_files(settings) -> None:
    files = slice_files(settings)
    expected = Graph()
    for f in files:
        expected.parse(f)
    store = EmbeddedStore(None)
    summary = build(settings, store, with_reasoner=False, data_files=files)
    assert summary.counts["practice adoptions"] == len(set(expected.subjects(RDF.type, NZC.PracticeAdoption)))
    assert summary.counts["cities"] == len(set(expected.subjects(RDF.type, NZC.City)))
    assert summary.counts["peer links"] == len(set(expected.subjects(RDF.type, NZC.PeerLink)))
    assert summary.cities_by_role["Mission City"] == 14
    assert sum(summary.practices_by_status.values()) == summary.counts["practice adoptions"]
    rows = store.select("""PREFIX nzc: <https://w3id.org/nzc/ontology#>
        SELECT DISTINCT ?city WHERE { ?p a nzc:PracticeAdoption ; nzc:city ?city }""")
    cities = {str(r["city"]).rsplit("/", 1)[-1] for r in rows}
    assert {"aachen", "turku", "kozani"} <= cities


def test_rebuild_is_idempotent(settings) -> None:
    files = slice_files(settings)
    store = EmbeddedStore(None)
    first = build(settings, store, with_reasoner=False, data_files=files)
    data_before = store.export(str(DATA_GRAPH))
    second = build(settings, store, with_reasoner=False, data_files=files)
    assert first.triples == second.triples
    assert isomorphic(data_before, store.export(str(DATA_GRAPH)))


def test_violation_fails_the_build_and_writes_nothing(settings, tmp_path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix nzc: <https://w3id.org/nzc/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/nzc/id/practice/x--y> a nzc:PracticeAdoption ; rdfs:label "x"@en .""")
    store = EmbeddedStore(None)
    try:
        build(settings, store, with_reasoner=False, data_files=[*slice_files(settings), bad])
    except ShapeViolation as exc:
        messages = " ".join(r.message for r in exc.report.results)
        assert "nzc:status" in messages and "nzc:evidence" in messages
    else:
        raise AssertionError("the build accepted a practice without status or evidence")
    assert store.count() == 0


def test_quote_blank_nodes_get_stable_iris() -> None:
    ttl = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
      <http://x/a> nzc:evidence [ a nzc:Quote ; nzc:quoteText "one two three four five" ] ."""
    a = skolemize_quotes(Graph().parse(data=ttl, format="turtle"))
    b = skolemize_quotes(Graph().parse(data=ttl, format="turtle"))
    assert set(a) == set(b)
    assert all(str(q).startswith("https://w3id.org/nzc/id/quote/") for q in a.subjects(RDF.type, NZC.Quote))
