"""Submissions: read input in any accepted format, validate it against the shapes with the store
as context, and write an accepted one into its own named graph with its provenance.

One pipeline serves the `validate` command (files, curated data as context) and the HTTP API
(a request body, the live store as context). Nothing is written unless everything passed.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast, get_args

from rdflib import Graph, URIRef

from nzc_graph.config import Settings
from nzc_graph.errors import PayloadTooLarge, RdfParseError, ShapeViolation
from nzc_graph.formats import JSON_LD, N_TRIPLES, SPARQL_CSV, TRIG, TURTLE, Format
from nzc_graph.graph.build import load_sources
from nzc_graph.graph.rdfio import format_for_path as rdf_format_for_path
from nzc_graph.graph.rdfio import parse_rdf
from nzc_graph.graph.validate import (
    ValidationReport,
    ValidationResult,
    load_shapes,
    validate_graph,
)
from nzc_graph.namespaces import DATA_GRAPH, NZC, ONTOLOGY_GRAPH, PREFIXES
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.base import GraphChange, GraphStore
from nzc_graph.store.terms import parse_with_oxigraph
from nzc_graph.submissions.apikeys import Principal
from nzc_graph.submissions.checks import (
    check_city_scope,
    context_for,
    name_blank_nodes,
    rule_results,
    skolemize_own_quotes,
)
from nzc_graph.submissions.csv_template import read_practices_sheet
from nzc_graph.submissions.records import (
    SubmissionRecord,
    change_of,
    graph_iri_for,
    provenance,
    record_iri_for,
)
from nzc_graph.wording import counted

MAX_TRIPLES = 20_000  # validation time grows with size; a submission is a few hundred triples
SubmissionFormat = Literal["turtle", "trig", "nt", "json-ld", "csv"]
# The registry's records of those formats, each named by its rdflib name: four RDF syntaxes and
# CSV, read as the practices sheet. Accept aliases (`text/plain`, …) are never read as a Content-Type.
ACCEPTED: tuple[Format, ...] = (TURTLE, TRIG, N_TRIPLES, JSON_LD, SPARQL_CSV)
_BY_NAME: dict[str, Format] = {f.rdflib_name: f for f in ACCEPTED}


def _submission_format(fmt: Format) -> SubmissionFormat:
    name = fmt.rdflib_name
    if name not in get_args(SubmissionFormat):
        raise ValueError(f"{name} is not a submission format")
    return cast(SubmissionFormat, name)


MEDIA_TYPES: dict[str, SubmissionFormat] = {m: _submission_format(f) for f in ACCEPTED for m in f.media_types}


def format_for_media_type(media_type: str) -> SubmissionFormat:
    """The submission format of a Content-Type (parameters such as charset are ignored)."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base in MEDIA_TYPES:
        return MEDIA_TYPES[base]
    raise RdfParseError(f"unsupported Content-Type {base or '(none)'!r}; send one of {', '.join(sorted(MEDIA_TYPES))}")


def format_for_path(path: Path) -> SubmissionFormat:
    return _submission_format(rdf_format_for_path(path, ACCEPTED))


def read_submission(data: bytes | str, fmt: SubmissionFormat, source: str) -> Graph:
    """Parse input of any accepted format into triples; RdfParseError names line and column."""
    return read_input(data, fmt, source)[0]


def read_input(data: bytes | str, fmt: SubmissionFormat, source: str) -> tuple[Graph, dict[URIRef, int]]:
    """The triples of the input and, for CSV sheets, the line each practice comes from."""
    lines: dict[URIRef, int] = {}
    if fmt == "csv":
        graph, lines = read_practices_sheet(data, source)
    elif fmt == "json-ld":
        graph = parse_rdf(data, fmt, source)  # refuses remote contexts before parsing
    else:
        graph = parse_with_oxigraph(data, _BY_NAME[fmt], source)
    if len(graph) == 0:
        raise RdfParseError(f"{source}: the input holds no triples", source=source)
    return graph, lines


def _with_lines(results: list[ValidationResult], graph: Graph, lines: Mapping[URIRef, int]) -> list[ValidationResult]:
    """Give each result the input line of its focus node, or of the practice whose evidence it is."""
    if not lines:
        return results
    where = {str(k): v for k, v in lines.items()}
    for practice, quote in graph.subject_objects(NZC.evidence):
        if str(practice) in where:
            where.setdefault(str(quote), where[str(practice)])
    return [replace(r, line=where.get(r.focus)) for r in results]


@dataclass(frozen=True)
class Checked:
    """A validated submission: its triples (quotes named) and the report."""

    graph: Graph
    report: ValidationReport


class SubmissionValidator:
    """The shapes, parsed once, and the context query; validates one submission at a time."""

    def __init__(self, shapes: Graph, library: QueryLibrary) -> None:
        self.shapes = shapes
        self.library = library
        self._lock = threading.Lock()

    def check(
        self, store: GraphStore, graph: Graph, *, new_only: bool, lines: Mapping[URIRef, int] | None = None
    ) -> Checked:
        """Validate `graph` with what `store` says about the IRIs it mentions as context;
        `lines` (from a CSV sheet) puts the input line on each result."""
        quoted, own_quotes = skolemize_own_quotes(graph)
        context = context_for(store, self.library, quoted)
        data = Graph()
        for prefix, namespace in PREFIXES.items():
            data.bind(prefix, namespace)
        data += quoted
        data += context
        with self._lock:  # (pyshacl's focus_nodes would be faster but skips sh:node checks of values)
            report = validate_graph(data, self.shapes)
        subjects = {str(s) for s in quoted.subjects()}
        results: list[ValidationResult] = [r for r in report.results if r.focus in subjects]
        results += rule_results(quoted, context, own_quotes, new_only=new_only)
        results = _with_lines(results, quoted, lines or {})
        results.sort(key=lambda r: (r.focus, r.path, r.message))
        conforms = not any(r.severity == "Violation" for r in results)
        return Checked(quoted, ValidationReport(conforms, tuple(results)))


@lru_cache(maxsize=4)
def validator_for(shapes_dir: Path, queries_dir: Path) -> SubmissionValidator:
    return SubmissionValidator(load_shapes(shapes_dir), QueryLibrary(queries_dir))


def validate_files(settings: Settings, files: list[Path]) -> ValidationReport:
    """Validate the union of `files`; references may point into the ontology and the curated data
    (the given files themselves are left out of the context)."""
    submitted = Graph()
    lines: dict[URIRef, int] = {}
    for path in files:
        if not path.is_file():
            raise RdfParseError(f"{path}: no such file", source=str(path))
        graph, file_lines = read_input(path.read_bytes(), format_for_path(path), path.name)
        submitted += graph
        lines.update(file_lines)
    given = {p.resolve() for p in files}
    others = [p for p in sorted(settings.data_dir.glob("*.ttl")) if p.resolve() not in given]
    sources = load_sources(settings, others)
    context_store = EmbeddedStore(None)
    context_store.add_graph(str(ONTOLOGY_GRAPH), sources.ontology)
    context_store.add_graph(str(DATA_GRAPH), sources.data)
    try:
        validator = validator_for(settings.shapes_dir, settings.queries_dir)
        return validator.check(context_store, submitted, new_only=False, lines=lines).report
    finally:
        context_store.close()


_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Accepted:
    """An accepted submission: its record and any warnings the shapes gave."""

    record: SubmissionRecord
    warnings: tuple[ValidationResult, ...]
    change: GraphChange


def submit(
    store: GraphStore,
    validator: SubmissionValidator,
    principal: Principal,
    data: bytes,
    fmt: SubmissionFormat,
    note: str,
    version: str,
) -> Accepted:
    """Parse, check scope, validate, then write the submission and its provenance in one step.

    Raises RdfParseError (unreadable), Forbidden (a city key writing about another city) or
    ShapeViolation (with the report); in each case nothing is written.
    """
    graph, lines = read_input(data, fmt, "submission")
    if len(graph) > MAX_TRIPLES:
        raise PayloadTooLarge(
            f"the submission holds {len(graph)} triples; the limit is {MAX_TRIPLES} "
            f"per submission: split it into smaller ones"
        )
    check_city_scope(graph, principal)
    with _WRITE_LOCK:  # check and write as one step: two submissions of one new IRI cannot both pass
        return _validate_and_write(store, validator, principal, graph, lines, fmt, note, version)


def _validate_and_write(
    store: GraphStore,
    validator: SubmissionValidator,
    principal: Principal,
    graph: Graph,
    lines: Mapping[URIRef, int],
    fmt: SubmissionFormat,
    note: str,
    version: str,
) -> Accepted:
    checked = validator.check(store, graph, new_only=True, lines=lines)
    if not checked.report.conforms:
        problems = [r for r in checked.report.results if r.severity == "Violation"]
        raise ShapeViolation(
            f"the submission does not conform to the shapes: {counted(len(problems), 'violation')} on "
            f"{counted(len({r.focus for r in problems}), 'node')}; nothing was stored",
            checked.report,
        )
    sub_id = uuid.uuid4().hex
    content = name_blank_nodes(checked.graph, record_iri_for(sub_id) + "/")
    record = SubmissionRecord(
        id=sub_id,
        iri=record_iri_for(sub_id),
        graph=graph_iri_for(sub_id),
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        media_type=_BY_NAME[fmt].media_type,
        note=" ".join(note.split()),
        attributed_to=principal.label,
        city=principal.city,
        triples=len(content),
        software=f"nzc-graph {version}",
    )
    content += provenance(record, content)
    store.add_graph(record.graph, content)
    return Accepted(record, checked.report.results, change_of(record.graph, content))
