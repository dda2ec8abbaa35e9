from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nzc_graph.namespaces import NZC, ONTOLOGY_IRI


@pytest.fixture(scope="module")
def onto(settings) -> Graph:
    return Graph().parse(settings.ontology_dir / "nzc.ttl")


def test_every_turtle_file_parses(settings) -> None:
    for folder in (settings.ontology_dir, settings.shapes_dir, settings.data_dir):
        for path in sorted(Path(folder).glob("*.ttl")):
            assert len(Graph().parse(path)) > 0, path.name


def test_header_has_version_and_licence(onto: Graph) -> None:
    o = URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionIRI) is not None
    assert onto.value(o, OWL.versionInfo) is not None
    assert onto.value(o, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_term_has_english_label_and_definition(onto: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(str(NZC))}
    assert len(terms) > 40
    missing = []
    for t in sorted(terms):
        labels = [lab for lab in onto.objects(t, RDFS.label) if getattr(lab, "language", None) == "en"]
        defs = [d for d in onto.objects(t, SKOS.definition) if getattr(d, "language", None) == "en"]
        if not labels or not defs:
            missing.append(str(t))
    assert not missing, f"terms without an English label or definition: {missing}"


def test_required_concepts_exist(onto: Graph) -> None:
    for name in (
        "City",
        "MissionCity",
        "PilotCity",
        "TwinCity",
        "Country",
        "Cohort",
        "PracticeKind",
        "PracticeAdoption",
        "Challenge",
        "ChallengeStatement",
        "Theme",
        "LearningSession",
        "PeerLearningSession",
        "SensemakingRound",
        "LearningGoal",
        "Organisation",
        "Programme",
        "FundingInstrument",
        "PeerLink",
        "Quote",
        "Section",
        "Report",
    ):
        assert (NZC[name], RDF.type, OWL.Class) in onto, name
    for name in ("twinOf", "status", "addresses", "evidence", "section", "facesChallenge", "linkType"):
        assert (NZC[name], RDF.type, OWL.ObjectProperty) in onto, name


def test_shapes_conform_to_shacl_for_shacl(settings) -> None:
    from pyshacl import validate

    from nzc_graph.graph.validate import load_shapes

    shapes = load_shapes(settings.shapes_dir)
    conforms, _, text = validate(shapes, meta_shacl=True, shacl_graph=shapes, advanced=True)
    assert conforms, text
