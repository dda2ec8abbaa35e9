"""Linked-data publishing on the built in-memory store: descriptions, formats, dataset, dumps, pages."""

from __future__ import annotations

import gzip
import json
from datetime import date
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from nzc_graph.errors import NotFound
from nzc_graph.formats import JSON_LD
from nzc_graph.namespaces import CITY, NZC, ONTOLOGY_IRI, VOID
from nzc_graph.publishing.linked_data import (
    DATASET_IRI,
    DUMPS,
    IriMapper,
    dataset_description,
    dataset_summary,
    describe,
    dump_bytes,
    dump_graph,
    ontology_graph,
    ontology_html,
    sitemap_xml,
    suggest,
)
from nzc_graph.publishing.pages import (
    Link,
    build_page,
    kind_of,
    page_edges,
)
from nzc_graph.publishing.serialize import PUBLISHED_FORMATS, jsonld_context, serialize
from nzc_graph.publishing.svg import MAX_NEIGHBOURS, Edge, neighbourhood_svg
from nzc_graph.queries import QueryLibrary

AACHEN = str(CITY["aachen"])
MAPPER = IriMapper("http://example.test:8080/base/")


@pytest.fixture(scope="module")
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


@pytest.fixture(scope="module")
def context(store):
    return jsonld_context(ontology_graph(store))


def test_iri_mapper_round_trips_and_leaves_other_iris_alone() -> None:
    assert MAPPER.local(AACHEN) == "http://example.test:8080/base/id/city/aachen"
    assert MAPPER.canonical("id/city/aachen") == URIRef(AACHEN)
    assert MAPPER.canonical(MAPPER.local(AACHEN)[len(MAPPER.base) :]) == URIRef(AACHEN)
    assert MAPPER.local("https://example.org/x") == "https://example.org/x"
    assert MAPPER.page(str(NZC.City)) == "http://example.test:8080/base/ontology/term/City"


def test_describe_has_own_incoming_and_evidence_triples(store, library) -> None:
    g = describe(store, library, AACHEN)
    aachen = URIRef(AACHEN)
    assert (aachen, NZC.country, URIRef("https://w3id.org/nzc/id/country/de")) in g
    practice = URIRef("https://w3id.org/nzc/id/practice/aachen--financial-architect-role")
    assert (practice, NZC.city, aachen) in g
    assert g.value(practice, RDFS.label) is not None  # neighbours come with their labels
    statement = URIRef("https://w3id.org/nzc/id/challenge-statement/aachen--lack-of-financial-expertise")
    assert (statement, NZC.city, aachen) in g


def test_describe_a_claim_includes_its_quotes_and_sections(store, library) -> None:
    practice = "https://w3id.org/nzc/id/practice/aachen--financial-architect-role"
    g = describe(store, library, practice)
    quotes = list(g.objects(URIRef(practice), NZC.evidence))
    assert quotes
    for q in quotes:
        assert g.value(q, NZC.quoteText) is not None
        assert g.value(g.value(q, NZC.section), NZC.sectionNumber) is not None


def test_describe_ontology_term_keeps_its_blank_node_structure(store, library) -> None:
    g = describe(store, library, str(NZC.MissionCity))
    equivalent = g.value(NZC.MissionCity, OWL.equivalentClass)
    assert equivalent is not None and g.value(equivalent, OWL.intersectionOf) is not None
    whole = describe(store, library, ONTOLOGY_IRI)
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in whole and len(whole) > 500


def test_unknown_resource_raises_not_found_with_near_matches(store, library) -> None:
    with pytest.raises(NotFound) as info:
        describe(store, library, str(CITY["achen"]))
    assert info.value.suggestions[0] == AACHEN
    assert (
        suggest(store, library, "https://w3id.org/nzc/id/challenge/stakeholder-fatigeu")[0][0]
        == "https://w3id.org/nzc/id/challenge/stakeholder-fatigue"
    )
    assert suggest(store, library, "https://w3id.org/nzc/id/city/zzzzzzzz") == []
    with pytest.raises(NotFound, match="not a valid IRI") as info:
        describe(store, library, str(CITY) + 'aachen"> } <x')
    assert info.value.suggestions[0] == AACHEN


@pytest.mark.parametrize("fmt", PUBLISHED_FORMATS, ids=lambda f: f.ext)
def test_every_format_parses_back_to_the_same_graph(store, library, context, fmt) -> None:
    for iri in (AACHEN, str(NZC.MissionCity)):
        g = describe(store, library, iri)
        parsed = Graph().parse(data=serialize(g, fmt, context), format=fmt.rdflib_name)
        assert isomorphic(g, parsed), f"{fmt.label} of {iri}"


def test_jsonld_context_is_read_from_the_ontology(store, context) -> None:
    assert context["nzc"] == str(NZC)
    assert context["country"] == {"@id": "nzc:country", "@type": "@id"}
    assert context["numberOfCities"] == {"@id": "nzc:numberOfCities", "@type": "xsd:integer"}
    assert context["quoteText"] == "nzc:quoteText"
    assert context["City"] == "nzc:City"
    declared = {
        str(s)[len(NZC) :]
        for s in ontology_graph(store).subjects()
        if isinstance(s, URIRef) and s.startswith(str(NZC)) and s != URIRef(str(NZC))
    }
    assert declared and declared <= set(context)  # one term per class and property of the ontology
    compact = json.loads(serialize(describe_city(store), JSON_LD, context))
    assert compact["@context"] == context


def describe_city(store) -> Graph:
    g = Graph()
    g.add((URIRef(AACHEN), NZC.country, URIRef("https://w3id.org/nzc/id/country/de")))
    return g


@pytest.fixture(scope="module")
def everything(store) -> Graph:
    return store.export(None)


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_dump_parses_to_a_graph_isomorphic_to_the_store(store, context, everything, name) -> None:
    fmt, body = dump_bytes(dump_graph(store), name, context)
    if name.endswith(".gz"):
        body = gzip.decompress(body)
    parsed = Graph().parse(data=body, format=fmt.rdflib_name)
    assert len(parsed) == len(everything) > 5000
    assert isomorphic(parsed, everything)


def test_unknown_dump_is_not_found(store, context) -> None:
    with pytest.raises(NotFound, match="no dump named"):
        dump_bytes(Graph(), "nzc.csv", context)


def test_dataset_description_counts_what_the_store_holds(store, library) -> None:
    g = dataset_description(store, library, "http://example.test/", date(2026, 1, 2))
    ds = URIRef(DATASET_IRI)
    assert int(g.value(ds, VOID.triples)) == len(store.export(None))
    assert str(g.value(ds, VOID.sparqlEndpoint)) == "http://example.test/sparql"
    assert g.value(ds, URIRef("http://purl.org/dc/terms/modified")) == Literal(date(2026, 1, 2))
    cities = {s for s in store.export(None).subjects(RDF.type, NZC.City)}
    summary = dataset_summary(g)
    assert dict(summary.classes)[str(NZC.City)] == len(cities)
    assert {url.rsplit("/", 1)[-1] for _, url, _ in summary.dumps} == set(DUMPS)
    assert summary.licence.startswith("https://creativecommons.org/licenses/")


def test_sitemap_lists_every_resource_page(store, library) -> None:
    resources = [(AACHEN, "Aachen"), ("https://w3id.org/nzc/id/theme/finance", "Finance & <funding>")]
    xml = sitemap_xml(MAPPER, resources, ["", "ontology"], date(2026, 1, 2))
    root = ElementTree.fromstring(xml)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [
        MAPPER.base,
        MAPPER.base + "ontology",
        MAPPER.local(AACHEN) + ".html",
        "http://example.test:8080/base/id/theme/finance.html",
    ]


def test_neighbourhood_svg_escapes_labels_and_caps_the_neighbours() -> None:
    edges = [Edge("links to", f"https://w3id.org/nzc/id/city/c{i}", f"City <{i}> & co", False) for i in range(30)]
    svg = neighbourhood_svg(AACHEN, 'Aachen "<script>"', edges, MAPPER.page)
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text.startswith('Neighbourhood of Aachen "<script>"')
    assert root.get("role") == "group" and root.get("aria-describedby") == "nb-desc" and "<script>" not in svg
    assert len(root.findall(f"{ns}a")) == MAX_NEIGHBOURS
    assert "+14 more" in svg


def test_city_page_shows_practices_challenges_and_suggested_peers(store, library) -> None:
    g = describe(store, library, AACHEN)
    page = build_page(store, library, AACHEN, g)
    sections = {s.key: s for s in page.sections}
    practices = {i.link.iri: i for i in sections["practices"].items}
    adopted = {str(s) for s in g.subjects(NZC.city, URIRef(AACHEN)) if "/practice/" in str(s)}
    assert set(practices) == adopted
    assert all(i.quotes and i.details for i in practices.values())  # status and evidence on each
    faced = {str(o) for o in g.objects(URIRef(AACHEN), NZC.facesChallenge)}
    assert {i.link.iri for i in sections["challenges"].items} == faced
    peers = [i.link.iri for i in sections["suggested"].items]
    assert peers and AACHEN not in peers and len(peers) <= 5
    assert [f.property.label for f in page.facts][:1] == ["country"]
    assert any(e.neighbour_iri == "https://w3id.org/nzc/id/country/de" for e in page_edges(page))


def test_challenge_page_names_who_solved_and_who_faces_it(store, library) -> None:
    iri = "https://w3id.org/nzc/id/challenge/lack-of-financial-expertise"
    g = describe(store, library, iri)
    sections = {s.key: s for s in build_page(store, library, iri, g).sections}
    addressing = {str(s) for s in g.subjects(NZC.addresses, URIRef(iri))}
    assert {i.link.iri for i in sections["solved"].items} == addressing
    facing = {str(s) for s in g.subjects(NZC.facesChallenge, URIRef(iri))}
    assert {i.link.iri for i in sections["faces"].items} == facing


def test_page_kinds_follow_the_iri_scheme() -> None:
    assert kind_of(AACHEN) == "city"
    assert kind_of("https://w3id.org/nzc/id/practice-kind/x") == "practice-kind"
    assert kind_of(str(NZC.City)) == "term"
    assert kind_of("https://example.org/x") == "resource"
    assert Link("a", "b") == Link("a", "b")


def test_ontology_documentation_is_generated_by_pylode(store) -> None:
    html = ontology_html(ontology_graph(store))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert 'id="MissionCity"' in html and "NZC peer-learning ontology" in html
