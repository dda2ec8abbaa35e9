"""SHACL validation against the shapes in shapes/, with a readable report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier

from .rdfio import parse_file


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation."""

    conforms: bool
    results: tuple[ValidationResult, ...]

    def by_focus(self) -> dict[str, list[ValidationResult]]:
        groups: dict[str, list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[r.focus].append(r)
        return dict(groups)

    def text(self) -> str:
        if self.conforms:
            return "Conforms: no violations."
        lines = [f"{len(self.results)} problem(s) on {len(self.by_focus())} node(s):"]
        for focus, results in sorted(self.by_focus().items()):
            lines.append(f"\n{focus}")
            for r in results:
                lines.append(f"  [{r.severity}] {r.path or '(node)'}"
                             + (f" = {r.value}" if r.value else "") + f"\n      {r.message}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}


def load_shapes(folder: Path) -> Graph:
    g = Graph()
    for path in sorted(folder.glob("*.ttl")):
        g += parse_file(path)
    return g


def _short(term: Identifier | None, graph: Graph) -> str:
    if term is None:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(term) if term.startswith("http") else str(term)
    except Exception:  # rdflib raises for terms it cannot shorten; fall back to the full form
        return str(term)


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Validate `data` (with `ontology` as context for classes) against `shapes`."""
    conforms, results_graph, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
        allow_warnings=True, abort_on_first=False,
    )
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        g = results_graph
        message = g.value(r, SH.resultMessage)
        results.append(ValidationResult(
            focus=str(g.value(r, SH.focusNode)),
            path=_short(g.value(r, SH.resultPath), data),
            value=str(g.value(r, SH.value) or ""),
            message=str(message) if message else "constraint not met",
            severity=str(g.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=str(g.value(r, SH.sourceShape)),
        ))
    results.sort(key=lambda x: (x.focus, x.path, x.message))
    return ValidationReport(bool(conforms), tuple(results))
