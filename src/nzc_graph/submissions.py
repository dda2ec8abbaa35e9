"""Validating input files against the shapes with the curated graph as context."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .build import load_sources, skolemize_quotes
from .config import Settings
from .rdfio import parse_file
from .validate import ValidationReport, load_shapes, validate_graph


def validate_files(settings: Settings, files: list[Path]) -> ValidationReport:
    """Validate the union of `files`; references may point into the curated data."""
    submitted = Graph()
    for path in files:
        submitted += parse_file(path)
    sources = load_sources(settings)
    data = Graph()
    data += skolemize_quotes(submitted)
    data += sources.data
    data += sources.ontology
    report = validate_graph(data, load_shapes(settings.shapes_dir), sources.ontology)
    submitted_nodes = {str(s) for s in data.subjects() if (s, None, None) in skolemize_quotes(submitted)}
    results = tuple(r for r in report.results if r.focus in submitted_nodes or not submitted_nodes)
    return ValidationReport(not results, results)
