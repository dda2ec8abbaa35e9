"""SHACL validation against the shapes in shapes/, with a readable report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from nzc_graph.graph.rdfio import parse_file
from nzc_graph.wording import counted


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    line: int | None = None  # the input line the focus node comes from, when known (CSV rows)


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

    def _count_line(self) -> str:
        violations = sum(r.severity == "Violation" for r in self.results)
        others = len(self.results) - violations
        extra = f" and {counted(others, 'warning')}" if others else ""
        return f"{counted(violations, 'violation')}{extra} on {counted(len(self.by_focus()), 'node')}:"

    def text(self) -> str:
        if self.conforms and not self.results:
            return "Conforms: no violations."
        head = (
            f"Conforms: no violations, {counted(len(self.results), 'warning')} "
            f"on {counted(len(self.by_focus()), 'node')}:"
            if self.conforms
            else self._count_line()
        )
        lines = [head]
        for focus, results in sorted(self.by_focus().items()):
            where = next((r.line for r in results if r.line), None)
            lines.append(f"\n{focus}" + (f"  (line {where})" if where else ""))
            for r in results:
                lines.append(
                    f"  [{r.severity}] {r.path or '(node)'}"
                    + (f" = {r.value}" if r.value else "")
                    + f"\n      {r.message}"
                )
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


def shape_name(shapes: Graph, shape: Identifier | None) -> str:
    """The IRI of the node shape a result comes from (property shapes are blank nodes inside it)."""
    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        if parent is not None:
            return str(parent)
    return str(shape)


def fill_message(message: str, focus: str, path: str, value: str) -> str:
    """Fill the {$this}, {$path} and {$value} placeholders that pyshacl leaves in core constraints' messages."""
    return message.replace("{$this}", focus).replace("{$path}", path).replace("{$value}", value)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once: pyshacl sends the same target and
    constraint queries as text on every validation, and parsing them dominates small validations."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Validate `data` (with `ontology` as context for classes) against `shapes`."""
    target = _PreparedQueryGraph()
    target.namespace_manager = data.namespace_manager
    target += data
    if ontology is not None:
        target += ontology
    conforms, results_graph, _ = shacl_validate(
        target,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        g = results_graph
        message = g.value(r, SH.resultMessage)
        focus, path = str(g.value(r, SH.focusNode)), _short(g.value(r, SH.resultPath), data)
        value = str(g.value(r, SH.value) or "")
        filled = (
            fill_message(
                str(message),
                _short(g.value(r, SH.focusNode), data).strip("<>"),
                path.strip("<>"),
                _short(g.value(r, SH.value), data).strip("<>"),
            )
            if message
            else "constraint not met"
        )
        results.append(
            ValidationResult(
                focus=focus,
                path=path,
                value=value,
                message=filled,
                severity=str(g.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                shape=shape_name(shapes, g.value(r, SH.sourceShape)),
            )
        )
    results.sort(key=lambda x: (x.focus, x.path, x.message))
    return ValidationReport(bool(conforms), tuple(results))
