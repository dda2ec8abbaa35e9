from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from nzc_graph.errors import InconsistentOntology
from nzc_graph.graph.build import find_culprits, load_sources, reason
from nzc_graph.namespaces import NZC
from nzc_graph.queries import QueryLibrary

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")]


def test_real_data_is_consistent_and_roles_are_inferred(settings) -> None:
    sources = load_sources(settings)
    inferred = reason(settings, sources.ontology, sources.data)
    aachen = URIRef("https://w3id.org/nzc/id/city/aachen")
    assert (aachen, RDF.type, NZC.MissionCity) in inferred
    assert (aachen, RDF.type, NZC.MissionCity) not in sources.data


def test_resource_typed_city_and_practice_is_reported_by_name(settings) -> None:
    sources = load_sources(settings)
    bad = Graph().parse(settings.root / "tests" / "fixtures" / "inconsistent-city-practice.ttl")
    with pytest.raises(InconsistentOntology) as info:
        reason(settings, sources.ontology, sources.data + bad)
    assert "https://w3id.org/nzc/id/city/nowhere" in info.value.resources
    assert "city/nowhere" in str(info.value)


def test_cheap_check_finds_domain_clash(settings) -> None:
    sources = load_sources(settings)
    bad = Graph().parse(
        data="""
        @prefix nzc: <https://w3id.org/nzc/ontology#> .
        <https://w3id.org/nzc/id/city/x> a nzc:City ;
            nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/one-stop-shop> .
    """,
        format="turtle",
    )
    culprits = find_culprits(QueryLibrary(settings.queries_dir), sources.ontology, sources.data + bad)
    assert culprits == ["https://w3id.org/nzc/id/city/x"]
