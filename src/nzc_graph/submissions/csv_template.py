"""The CSV template for people who do not write RDF: one practice adoption per row.

The sheet is turned into the same triples a Turtle submission would hold, and then validated by
the same shapes: this module checks only what the shapes cannot see (the header, the shape of a
slug, duplicate rows) and names the line and column of each problem. See docs/submissions.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from nzc_graph.errors import RdfParseError
from nzc_graph.namespaces import (
    CHALLENGE,
    CITY,
    NZC,
    PRACTICE,
    PRACTICE_KIND,
    SECTION,
    STATUS,
    THEME,
    is_absolute_iri,
    section_iri,
)

REQUIRED = ("city", "practice_kind", "status", "description", "evidence", "section")
OPTIONAL = ("challenges", "label", "themes", "name")
COLUMNS = REQUIRED + OPTIONAL
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SECTION_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)*$")  # ASCII digits: \d takes any script's
_LIST_SEPARATOR = re.compile(r"[;|]")


@dataclass(frozen=True)
class Cell:
    """One cell's text with where it is, for error messages."""

    text: str
    line: int
    column: int
    name: str


def _fail(source: str, cell: Cell, problem: str) -> RdfParseError:
    return RdfParseError(
        f"{source}: line {cell.line}, column {cell.column} ({cell.name}): {problem}",
        source=source,
        line=cell.line,
        column=cell.column,
    )


def _term(source: str, cell: Cell, namespace: str, example: str) -> URIRef:
    """A slug in `namespace`, or a full IRI."""
    value = cell.text.strip()
    if _SLUG.match(value):
        return URIRef(namespace + value)
    if is_absolute_iri(value, web=True):
        return URIRef(value)
    raise _fail(
        source,
        cell,
        f"{value!r} is neither a slug nor an IRI; write a lower-case slug with hyphens "
        f"such as {example}, or a full https:// IRI",
    )


def _section(source: str, cell: Cell) -> URIRef:
    value = cell.text.strip()
    if _SECTION_NUMBER.match(value):
        return URIRef(section_iri(value))
    return _term(source, cell, SECTION, "s1-4-1 (or the number 1.4.1)")


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    body = data.removeprefix(codecs.BOM_UTF8)  # positions count from the text, after the BOM
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1  # in characters
        raise RdfParseError(
            f"{source}: not UTF-8 text at line {line}, column {column}; save the sheet as 'CSV UTF-8'",
            source=source,
            line=line,
            column=column,
        ) from exc


def _header(row: list[str], source: str) -> list[str]:
    names = [h.strip().lower().replace(" ", "_") for h in row]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    twice = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if unknown or missing or twice:
        what = "; ".join(
            part
            for part in (
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
                f"missing column(s) {', '.join(missing)}" if missing else "",
                f"column(s) named twice {', '.join(twice)}" if twice else "",
            )
            if part
        )
        raise RdfParseError(
            f"{source}: line 1: {what}. The header must name the columns "
            f"{', '.join(REQUIRED)} and may add {', '.join(OPTIONAL)} "
            f"(see data/templates/practices-template.csv)",
            source=source,
            line=1,
            column=None,
        )
    return names


def _cells(names: list[str], row: list[str], line: int, source: str) -> dict[str, Cell]:
    if len(row) != len(names):
        raise RdfParseError(
            f"{source}: line {line}: {len(row)} field(s) where the header has {len(names)}; "
            f"put text containing commas in double quotes",
            source=source,
            line=line,
            column=None,
        )
    cells = {n: Cell(v, line, i + 1, n) for i, (n, v) in enumerate(zip(names, row, strict=True))}
    for name in REQUIRED:
        if not cells[name].text.strip():
            raise _fail(source, cells[name], "this column is required and the cell is empty")
    return cells


def _add_row(g: Graph, cells: dict[str, Cell], source: str) -> URIRef:
    city = _term(source, cells["city"], CITY, "cluj-napoca")
    kind = _term(source, cells["practice_kind"], PRACTICE_KIND, "financial-architect-role")
    name_cell = cells.get("name")
    name = name_cell.text.strip() if name_cell and name_cell.text.strip() else str(kind).rsplit("/", 1)[-1]
    if not _SLUG.match(name):
        raise _fail(
            source,
            name_cell or cells["practice_kind"],
            f"{name!r} is not a slug for the practice IRI; use lower-case words joined by hyphens",
        )
    practice = URIRef(f"{PRACTICE}{str(city).rsplit('/', 1)[-1]}--{name}")
    label_cell = cells.get("label")
    label = (
        label_cell.text.strip()
        if label_cell and label_cell.text.strip()
        else (f"{str(city).rsplit('/', 1)[-1].replace('-', ' ').title()}: {name.replace('-', ' ')}")
    )
    g.add((practice, RDF.type, NZC.PracticeAdoption))
    g.add((practice, RDFS.label, Literal(label, lang="en")))
    g.add((practice, NZC.city, city))
    g.add((practice, NZC.practiceKind, kind))
    g.add((practice, NZC.status, _term(source, cells["status"], STATUS, "planned")))
    g.add((practice, DCTERMS.description, Literal(cells["description"].text.strip(), lang="en")))
    for column, namespace, example, prop in (
        ("challenges", CHALLENGE, "stakeholder-fatigue", NZC.addresses),
        ("themes", THEME, "finance", NZC.theme),
    ):
        cell = cells.get(column)
        if cell is None:
            continue
        for part in _LIST_SEPARATOR.split(cell.text):
            if part.strip():
                g.add((practice, prop, _term(source, Cell(part, cell.line, cell.column, column), namespace, example)))
    quote = BNode()
    g.add((practice, NZC.evidence, quote))
    g.add((quote, RDF.type, NZC.Quote))
    g.add((quote, NZC.quoteText, Literal(" ".join(cells["evidence"].text.split()))))
    g.add((quote, NZC.section, _section(source, cells["section"])))
    return practice


def read_practices_csv(data: bytes | str, source: str = "<csv>") -> Graph:
    """Turn a practices sheet into triples; raise RdfParseError naming line and column of a problem."""
    return read_practices_sheet(data, source)[0]


def read_practices_sheet(data: bytes | str, source: str = "<csv>") -> tuple[Graph, dict[URIRef, int]]:
    """The triples of a practices sheet and the line of each practice's row."""
    text = _decode(data, source)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        names = _header(next(reader), source)
    except StopIteration:
        raise RdfParseError(
            f"{source}: the sheet is empty; start with the header line {','.join(REQUIRED)}",
            source=source,
            line=1,
            column=None,
        ) from None
    except csv.Error as exc:
        raise RdfParseError(f"{source}: line 1: {exc}", source=source, line=1, column=None) from exc
    g = Graph()
    seen: dict[URIRef, int] = {}
    end = reader.line_num
    try:
        for row in reader:
            line, end = end + 1, reader.line_num  # a row's line is its first: a quoted cell may span more
            if not any(v.strip() for v in row):
                continue
            practice = _add_row(g, _cells(names, row, line, source), source)
            if practice in seen:
                raise RdfParseError(
                    f"{source}: line {line}: a second row for {practice} (first on line "
                    f"{seen[practice]}); give one of them a distinct 'name'",
                    source=source,
                    line=line,
                    column=None,
                )
            seen[practice] = line
    except csv.Error as exc:
        raise RdfParseError(
            f"{source}: line {reader.line_num}: {exc}", source=source, line=reader.line_num, column=None
        ) from exc
    if not seen:
        raise RdfParseError(
            f"{source}: the sheet has a header but no practice rows", source=source, line=2, column=None
        )
    return g, seen
