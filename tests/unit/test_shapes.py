"""Every shape has test data: a valid graph that conforms and an invalid graph that gives the
expected result (focus node, path, severity, source shape, message). One TriG file per shape in
tests/fixtures/shapes/, validated the way submissions are: with the curated store as context."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from nzc_graph.graph.validate import load_shapes
from nzc_graph.namespaces import NZC, PREFIXES
from nzc_graph.submissions.service import validator_for

FIXTURES = Path(__file__).parent.parent / "fixtures" / "shapes"
T = "urn:nzc-shape-test:"
CASES = sorted(FIXTURES.glob("*.trig"))


def short(iri: URIRef) -> str:
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g.namespace_manager.normalizeUri(iri)


def load_case(path: Path) -> tuple[Graph, Graph, Graph]:
    ds = Dataset()
    ds.parse(path, format="trig")
    graphs = [ds.graph(URIRef(T + name)) for name in ("valid", "invalid", "expected")]
    for name, g in zip(("valid", "invalid", "expected"), graphs, strict=True):
        assert len(g) > 0, f"{path.name} has no t:{name} graph"
    return graphs[0], graphs[1], graphs[2]


def targeted_shapes(shapes: Graph) -> set[str]:
    found = set()
    for pred in (SH.targetClass, SH.target, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        found |= {str(s) for s in shapes.subjects(pred, None)}
    return found


@pytest.fixture(scope="module")
def validator(settings):
    return validator_for(settings.shapes_dir, settings.queries_dir)


def test_every_shape_with_a_target_has_test_data(settings) -> None:
    shapes = targeted_shapes(load_shapes(settings.shapes_dir))
    have = {"https://w3id.org/nzc/shapes#" + p.stem for p in CASES}
    assert shapes, "no shapes found"
    assert not shapes - have, f"shapes without test data in tests/fixtures/shapes/: {sorted(shapes - have)}"
    assert not have - shapes, f"test data for shapes that do not exist: {sorted(have - shapes)}"


def test_every_class_of_the_ontology_is_targeted_by_a_shape(settings) -> None:
    onto = Graph().parse(settings.ontology_dir / "nzc.ttl")
    shapes = load_shapes(settings.shapes_dir)
    targets = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NZC))}
    untargeted = [
        c for c in classes if c not in targets and not (set(onto.transitive_objects(c, RDFS.subClassOf)) & targets)
    ]
    assert len(classes) > 20
    assert not untargeted, f"classes no shape targets: {sorted(map(str, untargeted))}"


def test_every_constraint_has_a_message(settings) -> None:
    shapes = load_shapes(settings.shapes_dir)
    missing = [
        str(s)
        for s in shapes.subjects(SH.path, None)
        if shapes.value(s, SH.message) is None and shapes.value(None, SH.property, s) is not None
    ]
    missing += [
        str(s)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (shapes.value(s, SH.pattern) or shapes.value(s, SH.nodeKind)) and shapes.value(s, SH.message) is None
    ]
    missing += [
        str(s)
        for s in shapes.subjects(SH.select, None)
        if shapes.value(s, SH.message) is None and (None, SH.target, s) not in shapes
    ]
    assert not missing, f"constraints without sh:message: {missing}"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_valid_data_conforms(path: Path, validator, store) -> None:
    valid, _, _ = load_case(path)
    report = validator.check(store, valid, new_only=False).report
    assert report.conforms, report.text()
    assert not [r for r in report.results if r.severity == "Violation"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_data_gives_the_expected_result(path: Path, validator, store) -> None:
    _, invalid, expected = load_case(path)
    report = validator.check(store, invalid, new_only=False).report
    for want in expected.subjects(RDF.type, SH.ValidationResult):
        focus = str(expected.value(want, SH.focusNode))
        shape = str(expected.value(want, SH.sourceShape))
        severity = str(expected.value(want, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = str(expected.value(want, SH.resultMessage))
        wanted_path = expected.value(want, SH.resultPath)
        matches = [
            r
            for r in report.results
            if r.focus == focus
            and r.shape == shape
            and r.severity == severity
            and message in r.message
            and (wanted_path is None or r.path == short(wanted_path))
        ]
        assert matches, (
            f"{path.name}: expected {severity} from {shape} on {focus} "
            f"({wanted_path}) saying '{message}'; got:\n{report.text()}"
        )
    if any(
        str(expected.value(w, SH.resultSeverity)).endswith("Violation")
        for w in expected.subjects(RDF.type, SH.ValidationResult)
    ):
        assert not report.conforms
