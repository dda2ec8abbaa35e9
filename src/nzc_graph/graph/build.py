"""The build pipeline: load ontology and data, validate with SHACL, reason, materialise, write the store."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from nzc_graph.config import Settings
from nzc_graph.errors import OntologyLoadError, RdfParseError, ShapeViolation
from nzc_graph.graph.rdfio import parse_file
from nzc_graph.graph.reasoning import run_reasoner
from nzc_graph.graph.validate import ValidationReport, load_shapes, validate_graph
from nzc_graph.namespaces import CITATION, DATA_GRAPH, INFERRED_GRAPH, NZC, ONTOLOGY_GRAPH, QUOTE
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore, GraphStore
from nzc_graph.wording import counted

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Sources:
    """The parsed inputs of a build."""

    ontology: Graph
    data: Graph
    files: tuple[str, ...]


@dataclass(frozen=True)
class Reconciliation:
    """A city whose role claims from the report and from a roster page were compared
    (queries/list-role-reconciliation.rq): the two claims and the outcome."""

    city: str
    city_label: str
    programme: str
    report_role: str
    report_cohort: str
    roster_role: str
    roster_cohort: str
    outcome: str

    @property
    def changed(self) -> bool:
        """True for a promotion or a conflict, False when both sources agree."""
        return self.outcome != "confirmed"


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote, for the CLI summary and tests."""

    triples: int
    graphs: dict[str, int]
    cities_by_role: dict[str, int]
    practices_by_status: dict[str, int]
    counts: dict[str, int]
    inferred: int
    reasoned: bool
    seconds: float
    files: tuple[str, ...] = field(default=())
    reconciliation: tuple[Reconciliation, ...] = field(default=())


def _load(paths: list[Path], kind: str) -> Graph:
    g = Graph()
    for path in paths:
        try:
            g += parse_file(path)
        except RdfParseError as exc:
            raise OntologyLoadError(f"{kind} file {exc}", source=exc.source, line=exc.line, column=exc.column) from exc
    return g


def skolemize_quotes(graph: Graph) -> Graph:
    """Give each blank-node quote (from its section and text) and each blank-node page citation
    (from its page, heading and name on the page) a stable IRI, so rebuilds are idempotent."""
    mapping: dict[BNode, URIRef] = {}
    for q in set(graph.subjects(RDF.type, NZC.Quote)):
        if isinstance(q, BNode):
            mapping[q] = QUOTE[_digest(graph, q, NZC.section, NZC.quoteText)]
    for c in set(graph.subjects(RDF.type, NZC.PageCitation)):
        if isinstance(c, BNode):
            mapping[c] = CITATION[_digest(graph, c, NZC.page, NZC.heading, NZC.nameOnPage)]
    if not mapping:
        return graph
    out = Graph()
    out.namespace_manager = graph.namespace_manager
    for s, p, o in graph:
        out.add((_renamed(mapping, s), p, _renamed(mapping, o)))
    return out


def _digest(graph: Graph, node: BNode, *props: URIRef) -> str:
    parts = [" ".join(str(graph.value(node, prop) or "").split()) for prop in props]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _renamed(mapping: dict[BNode, URIRef], node: Node) -> Node:
    return mapping.get(node, node) if isinstance(node, BNode) else node


def load_sources(settings: Settings, data_files: list[Path] | None = None) -> Sources:
    onto_files = sorted(settings.ontology_dir.glob("*.ttl"))
    files = data_files if data_files is not None else sorted(settings.data_dir.glob("*.ttl"))
    ontology = _load(onto_files, "ontology")
    data = skolemize_quotes(_load(files, "data"))
    return Sources(ontology, data, tuple(p.name for p in [*onto_files, *files]))


def check_shapes(settings: Settings, sources: Sources) -> ValidationReport:
    """SHACL: the data (with the ontology's fixed vocabularies) against shapes/."""
    data = Graph()
    data += sources.data
    data += sources.ontology
    return validate_graph(data, load_shapes(settings.shapes_dir), sources.ontology)


def materialise_rules(library: QueryLibrary, graph: Graph) -> Graph:
    """Run the CONSTRUCT rules of queries/rules/ over `graph` until nothing new appears."""
    scratch = EmbeddedStore(None)
    scratch.add_graph(str(DATA_GRAPH), graph)
    inferred = Graph()
    for _ in range(3):
        before = len(inferred)
        for rule in library.folder_queries("rules"):
            inferred += scratch.construct(rule.text)
        scratch.replace_graph(str(INFERRED_GRAPH), inferred)
        if len(inferred) == before:
            break
    scratch.close()
    return inferred


def find_culprits(library: QueryLibrary, ontology: Graph, data: Graph) -> list[str]:
    scratch = EmbeddedStore(None)
    scratch.add_graph(str(ONTOLOGY_GRAPH), ontology)
    scratch.add_graph(str(DATA_GRAPH), data)
    check = next(q for q in library.folder_queries("checks") if q.name == "disjoint-types-violation")
    rows = scratch.select(check.text)
    scratch.close()
    return sorted({str(r["resource"]) for r in rows})


def reason(settings: Settings, ontology: Graph, data: Graph) -> Graph:
    """Rules, then HermiT: returns every inferred triple worth keeping."""
    library = QueryLibrary(settings.queries_dir)
    by_rules = materialise_rules(library, data + ontology)
    combined = data + by_rules
    culprits = find_culprits(library, ontology, combined)
    return by_rules + run_reasoner(ontology, combined, culprits)


def summarise(store: GraphStore, library: QueryLibrary) -> dict[str, dict[str, int]]:
    roles = {str(r["roleLabel"]): int(r["cities"]) for r in library.select(store, "count-cities-by-role")}
    statuses = {str(r["statusLabel"]): int(r["practices"]) for r in library.select(store, "count-practices-by-status")}
    counts = {str(r["kind"]): int(r["n"]) for r in library.select(store, "count-resources")}
    return {"roles": roles, "statuses": statuses, "counts": counts}


def reconcile(store: GraphStore, library: QueryLibrary) -> tuple[Reconciliation, ...]:
    """The report's role claims against the roster pages' claims, promotions and conflicts first."""
    return tuple(
        Reconciliation(
            city=str(r["city"]),
            city_label=str(r["cityLabel"]),
            programme=str(r["programmeLabel"]),
            report_role=str(r["reportRole"]),
            report_cohort=str(r.get("reportCohort", "")),
            roster_role=str(r["rosterRole"]),
            roster_cohort=str(r.get("rosterCohort", "")),
            outcome=str(r["outcome"]),
        )
        for r in library.select(store, "list-role-reconciliation")
    )


def build(
    settings: Settings,
    store: GraphStore,
    *,
    with_reasoner: bool = True,
    progress: Progress | None = None,
    data_files: list[Path] | None = None,
) -> BuildSummary:
    """Load, validate, reason and write. Raises ShapeViolation or OntologyLoadError and writes nothing then."""
    say = progress or (lambda _msg: None)
    start = time.perf_counter()
    say("Loading ontology and data")
    sources = load_sources(settings, data_files)
    say(f"Validating {len(sources.data)} triples with SHACL")
    report = check_shapes(settings, sources)
    if not report.conforms:
        violations = sum(r.severity == "Violation" for r in report.results)
        raise ShapeViolation(f"the data does not conform to the shapes: {counted(violations, 'violation')}", report)
    inferred = Graph()
    if with_reasoner:
        say("Reasoning (rules and HermiT)")
        inferred = reason(settings, sources.ontology, sources.data)
    else:
        say("Applying rules (reasoner skipped)")
        inferred = materialise_rules(QueryLibrary(settings.queries_dir), sources.data + sources.ontology)
    say("Writing the store")
    # One switch: readers, and a build killed at any moment, see the old graphs or the new ones.
    store.replace_graphs(
        {str(ONTOLOGY_GRAPH): sources.ontology, str(DATA_GRAPH): sources.data, str(INFERRED_GRAPH): inferred}
    )
    library = QueryLibrary(settings.queries_dir)
    summary = summarise(store, library)
    graphs = {g: store.count(g) for g in (str(ONTOLOGY_GRAPH), str(DATA_GRAPH), str(INFERRED_GRAPH))}
    return BuildSummary(
        triples=sum(graphs.values()),
        graphs=graphs,
        cities_by_role=summary["roles"],
        practices_by_status=summary["statuses"],
        counts=summary["counts"],
        inferred=len(inferred),
        reasoned=with_reasoner,
        seconds=round(time.perf_counter() - start, 2),
        files=sources.files,
        reconciliation=reconcile(store, library),
    )
