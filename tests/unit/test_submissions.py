"""The submission pipeline on a real in-memory store: reading every format, the submission rules,
city scope, atomic writes with provenance, reading back and withdrawing."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from nzc_graph.errors import (
    Forbidden,
    NotFound,
    PayloadTooLarge,
    RdfParseError,
    ShapeViolation,
)
from nzc_graph.namespaces import CITY, NZC, PRACTICE
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.apikeys import Principal
from nzc_graph.submissions.records import read_record, withdraw
from nzc_graph.submissions.service import (
    MAX_TRIPLES,
    format_for_media_type,
    read_submission,
    submit,
    validator_for,
)

ADMIN = Principal("programme staff", None, "0123456789ab")
AACHEN = Principal("Aachen climate office", "aachen", "ba9876543210")

PRACTICE_TTL = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/nzc/id/> .
<https://w3id.org/nzc/id/practice/{city}--{name}> a nzc:PracticeAdoption ;
    rdfs:label "A submitted practice"@en ;
    nzc:city <https://w3id.org/nzc/id/city/{city}> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/{status}> ;
    dcterms:description "The city runs a practice sent through the submissions API."@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> ;
    {evidence} .
"""
EVIDENCE = (
    'nzc:evidence [ a nzc:Quote ; nzc:quoteText "This sentence stands in for a verbatim quote." ; '
    "nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ]"
)


def practice(
    city: str = "aachen", name: str = "submitted-practice", status: str = "piloting", evidence: str = EVIDENCE
) -> bytes:
    return PRACTICE_TTL.format(city=city, name=name, status=status, evidence=evidence).encode()


@pytest.fixture()
def wstore(store) -> EmbeddedStore:
    """A private copy of the built store that tests may write to."""
    copy = EmbeddedStore(None)
    for g in store.graphs():
        copy.add_graph(g, store.export(g))
    return copy


@pytest.fixture()
def validator(settings):
    return validator_for(settings.shapes_dir, settings.queries_dir)


def quads(st: EmbeddedStore) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in q) for g in st.graphs() for q in ((s, p, o, g) for s, p, o in st.export(g))}


# -- reading -------------------------------------------------------------------------------


def test_turtle_syntax_error_names_line_and_column() -> None:
    with pytest.raises(RdfParseError) as err:
        read_submission(
            b"@prefix nzc: <https://w3id.org/nzc/ontology#> .\n\n<https://x/a> nzc:city oops .\n", "turtle", "body"
        )
    assert (err.value.line, err.value.column) == (3, 24)
    assert "line 3, column 24" in str(err.value)


def test_relative_iris_are_refused_with_position() -> None:
    with pytest.raises(RdfParseError, match="line 1, column"):
        read_submission(b"<a> <b> <c> .", "turtle", "body")


def test_trig_graphs_are_merged_and_ntriples_read() -> None:
    trig = b"<https://x/g> { <https://x/a> <https://x/p> <https://x/b> . }\n<https://x/c> <https://x/p> <https://x/d> ."
    assert len(read_submission(trig, "trig", "t")) == 2
    assert len(read_submission(b'<https://x/a> <https://x/p> "v" .\n', "nt", "n")) == 1


def test_jsonld_with_inline_context_is_read_and_remote_context_refused() -> None:
    doc = {
        "@context": {"nzc": "https://w3id.org/nzc/ontology#"},
        "@id": "https://w3id.org/nzc/id/city/x",
        "nzc:country": {"@id": "https://w3id.org/nzc/id/country/se"},
    }
    g = read_submission(json.dumps(doc).encode(), "json-ld", "j")
    assert (URIRef("https://w3id.org/nzc/id/city/x"), NZC.country, None) in g
    for ctx in (
        "https://example.org/context.jsonld",
        [{"@import": "https://example.org/c"}],
        {"@import": "https://example.org/c"},
    ):
        with pytest.raises(RdfParseError, match="remote @context"):
            read_submission(json.dumps({**doc, "@context": ctx}).encode(), "json-ld", "j")


def test_deeply_nested_json_is_refused_not_crashed() -> None:
    with pytest.raises(RdfParseError, match="nested too deeply"):
        read_submission(b"[" * 200_000 + b"]" * 200_000, "json-ld", "j")


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(RdfParseError) as err:
        read_submission(b'{\n  "@id": "https://x/a",\n  oops\n}', "json-ld", "j")
    assert err.value.line == 3


def test_empty_input_and_unknown_media_type_are_refused() -> None:
    with pytest.raises(RdfParseError, match="no triples"):
        read_submission(b"# nothing\n", "turtle", "body")
    with pytest.raises(RdfParseError, match="unsupported Content-Type 'application/xml'"):
        format_for_media_type("application/xml")
    assert format_for_media_type("text/turtle; charset=utf-8") == "turtle"


# -- validation rules ------------------------------------------------------------------------


def test_valid_practice_passes_and_bad_one_names_each_problem(wstore, validator) -> None:
    ok = validator.check(wstore, read_submission(practice(), "turtle", "t"), new_only=True)
    assert ok.report.conforms, ok.report.text()
    bad = validator.check(
        wstore, read_submission(practice(status="done", evidence="nzc:statuz 1"), "turtle", "t"), new_only=True
    )
    text = bad.report.text()
    assert not bad.report.conforms
    assert "nzc:status status:done is not a status of scheme:status" in text
    assert "needs at least one nzc:evidence" in text
    assert "nzc:statuz is not a property of the nzc ontology" in text


def test_rules_refuse_existing_reserved_and_untyped_subjects(wstore, validator) -> None:
    existing = b"""<https://w3id.org/nzc/id/city/aachen> <http://www.w3.org/2000/01/rdf-schema#label> "Hacked"@en ."""
    reserved = b"""<https://w3id.org/nzc/ontology#City> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en ."""
    untyped = b"""<https://w3id.org/nzc/id/practice/aachen--x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en ."""
    cases = [(existing, "already exists in the graph"), (reserved, "is reserved"), (untyped, "has no rdf:type")]
    for body, words in cases:
        report = validator.check(wstore, read_submission(body, "nt", "n"), new_only=True).report
        assert not report.conforms and words in report.text(), report.text()
    assert (
        "already exists"
        not in validator.check(wstore, read_submission(existing, "nt", "n"), new_only=False).report.text()
    )


def test_same_quote_as_the_curated_data_is_not_an_existing_subject(wstore, validator, settings) -> None:
    curated = Graph().parse(settings.data_dir / "s1-4.ttl")
    text = next(iter(curated.objects(None, NZC.quoteText)))
    section = next(curated.objects(next(curated.subjects(NZC.quoteText, text)), NZC.section))
    evidence = f"nzc:evidence [ a nzc:Quote ; nzc:quoteText {Literal(str(text)).n3()} ; nzc:section <{section}> ]"
    report = validator.check(wstore, read_submission(practice(evidence=evidence), "turtle", "t"), new_only=True).report
    assert report.conforms, report.text()


# -- submit, read, withdraw ------------------------------------------------------------------


def test_accepted_submission_is_one_graph_with_provenance(wstore, validator) -> None:
    accepted = submit(wstore, validator, AACHEN, practice(), "turtle", "from the 2025 city report", "9.9")
    record, graph = read_record(wstore, accepted.record.id)
    node = URIRef(record.iri)
    assert record.city == "aachen" and record.note == "from the 2025 city report" and record.media_type == "text/turtle"
    assert (node, PROV.wasAttributedTo, CITY["aachen"]) in graph
    assert (node, DCTERMS.hasPart, PRACTICE["aachen--submitted-practice"]) in graph
    assert graph.value(node, PROV.generatedAtTime) is not None
    assert record.triples == len(graph) - len(list(graph.triples((node, None, None))))
    rows = wstore.select(
        "PREFIX nzc: <https://w3id.org/nzc/ontology#> SELECT ?s WHERE { ?p nzc:status ?s }",
        {"p": PRACTICE["aachen--submitted-practice"]},
    )
    assert [str(r["s"]) for r in rows] == ["https://w3id.org/nzc/id/status/piloting"]
    assert not [t for t in graph if any(type(x).__name__ == "BNode" for x in t)]


def test_rejected_submission_leaves_the_store_unchanged(wstore, validator) -> None:
    before = quads(wstore)
    with pytest.raises(ShapeViolation) as err:
        submit(wstore, validator, ADMIN, practice(city="atlantis"), "turtle", "", "9.9")
    assert "nzc:city city:atlantis is not a known city" in err.value.report.text()
    with pytest.raises(RdfParseError):
        submit(wstore, validator, ADMIN, b"<https://x/a> <https://x/b> .", "turtle", "", "9.9")
    assert quads(wstore) == before


def test_city_key_may_not_write_about_another_city(wstore, validator) -> None:
    before = quads(wstore)
    with pytest.raises(Forbidden, match="this key is for city aachen.*city/leuven"):
        submit(wstore, validator, AACHEN, practice(city="leuven"), "turtle", "", "9.9")
    assert quads(wstore) == before
    assert submit(wstore, validator, ADMIN, practice(city="leuven"), "turtle", "", "9.9").record.city is None


def test_withdraw_removes_exactly_its_graph_and_only_for_admins(wstore, validator) -> None:
    before = quads(wstore)
    first = submit(wstore, validator, AACHEN, practice(name="first"), "turtle", "", "9.9").record
    second = submit(wstore, validator, AACHEN, practice(name="second"), "turtle", "", "9.9").record
    with pytest.raises(Forbidden, match="only an admin key"):
        withdraw(wstore, AACHEN, first.id)
    withdraw(wstore, ADMIN, first.id)
    with pytest.raises(NotFound):
        read_record(wstore, first.id)
    assert read_record(wstore, second.id)[0].id == second.id
    withdraw(wstore, ADMIN, second.id)
    assert quads(wstore) == before


def test_bad_ids_are_not_found(wstore) -> None:
    for bad in ("0" * 32, "../../graph/data", "ABC"):
        with pytest.raises(NotFound):
            read_record(wstore, bad)


def test_non_quote_blank_nodes_get_iris_under_the_submission(wstore, validator) -> None:
    body = practice().replace(
        b"rdfs:label",
        b"rdfs:seeAlso [ a <https://schema.org/WebPage> ; "
        b'<https://schema.org/url> "https://aachen.de/klima" ] ; rdfs:label',
    )
    record = submit(wstore, validator, AACHEN, body, "turtle", "", "9.9").record
    _, graph = read_record(wstore, record.id)
    page = graph.value(PRACTICE["aachen--submitted-practice"], URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))
    assert str(page) == record.iri + "/node/1"
    assert (page, RDF.type, URIRef("https://schema.org/WebPage")) in graph


def test_submissions_survive_a_rebuild(wstore, validator, settings) -> None:
    from nzc_graph.graph.build import build

    record = submit(wstore, validator, AACHEN, practice(name="kept"), "turtle", "", "9.9").record
    build(settings, wstore, with_reasoner=False)
    assert read_record(wstore, record.id)[0].triples == record.triples
    assert record.graph in wstore.graphs()


def test_too_many_triples_are_refused_before_validation(wstore, validator) -> None:
    body = b"<https://w3id.org/nzc/id/x> <https://w3id.org/nzc/id/p> ( " + b"1 " * MAX_TRIPLES + b") ."
    with pytest.raises(PayloadTooLarge, match=f"the limit is {MAX_TRIPLES}"):
        submit(wstore, validator, ADMIN, body, "turtle", "", "9.9")
