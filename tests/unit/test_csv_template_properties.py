"""Properties of the CSV template reader (submissions/csv_template.py) on generated sheets.

What a spreadsheet writes comes back cell for cell, whatever the column order, header spelling,
line ends, BOM or quoting; a bad cell is named by the line its row starts on and its column; and
no input at all, text or bytes, fails with anything but RdfParseError naming a line.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from nzc_graph.errors import RdfParseError
from nzc_graph.namespaces import CHALLENGE, CITY, NZC, PRACTICE, PRACTICE_KIND, SECTION, STATUS, THEME
from nzc_graph.submissions.csv_template import OPTIONAL, REQUIRED, read_practices_sheet

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
SLUG = st.lists(WORD, min_size=1, max_size=3).map("-".join)  # words joined by single hyphens
# Any text a cell can hold, the characters CSV must quote (comma, quote, CR, LF) included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
FILLED = TEXT.filter(lambda s: s.strip() != "")
SECTION_NUMBER = st.lists(st.integers(0, 99), min_size=1, max_size=4).map(lambda ns: ".".join(map(str, ns)))


@dataclass(frozen=True)
class Row:
    """The cells of one generated row and what the graph must say about them."""

    city: str
    kind: str
    status: str
    description: str
    evidence: str
    section: str
    challenges: tuple[str, ...]
    themes: tuple[str, ...]
    label: str
    name: str

    def cells(self, separator: str) -> dict[str, str]:
        return {
            "city": self.city,
            "practice_kind": self.kind,
            "status": self.status,
            "description": self.description,
            "evidence": self.evidence,
            "section": self.section,
            "challenges": separator.join(self.challenges),
            "themes": separator.join(self.themes),
            "label": self.label,
            "name": self.name,
        }

    @property
    def practice(self) -> URIRef:
        return PRACTICE[f"{self.city}--{self.name or self.kind}"]


rows = st.builds(
    Row,
    city=SLUG,
    kind=SLUG,
    status=SLUG,
    description=FILLED,
    evidence=FILLED,
    section=st.one_of(SECTION_NUMBER, SLUG.map("s".__add__)),  # a number, or a slug such as s1-4-1
    challenges=st.lists(SLUG, max_size=3).map(tuple),
    themes=st.lists(SLUG, max_size=3).map(tuple),
    label=TEXT,
    name=st.one_of(st.just(""), SLUG),
)


def header_spelling(column: str, variant: int) -> str:
    """The ways a spreadsheet user may write a column name: case, padding, spaces for underscores."""
    return [column, column.upper(), f" {column} ", column.replace("_", " ").title()][variant]


@dataclass(frozen=True)
class Plan:
    """A sheet to write: its rows, columns in order, header spellings, layout and list separator."""

    rows: list[Row]
    columns: list[str]
    spellings: list[int]
    layout: str  # str-crlf, str-lf, bom-crlf or utf8-lf: what the reader gets, and its line ends
    separator: str = ";"


@dataclass(frozen=True)
class Sheet:
    data: bytes | str
    starts: list[int]  # the line each row starts on


def write_sheet(plan: Plan) -> Sheet:
    """The rows as a spreadsheet saves them.

    CRLF sheets quote only what needs it (as Excel does); LF sheets quote every cell (as
    LibreOffice can), since Python's writer leaves a lone CR unquoted when the line end is LF.
    """
    crlf = plan.layout.endswith("crlf")

    def record(values: list[str]) -> str:
        out = io.StringIO()
        if crlf:
            csv.writer(out, lineterminator="\r\n").writerow(values)
        else:
            csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(values)
        return out.getvalue()

    text = record([header_spelling(c, v) for c, v in zip(plan.columns, plan.spellings, strict=True)])
    starts = []
    for row in plan.rows:
        starts.append(len(io.StringIO(text, newline="").readlines()) + 1)
        cells = row.cells(plan.separator)
        text += record([cells[c] for c in plan.columns])
    if plan.layout.startswith("bom"):
        return Sheet(codecs.BOM_UTF8 + text.encode("utf-8"), starts)
    if plan.layout.startswith("utf8"):
        return Sheet(text.encode("utf-8"), starts)
    return Sheet(text, starts)


def _column(field: str) -> str:
    return "practice_kind" if field == "kind" else field


def _without(row: Row, columns: list[str]) -> Row:
    """The row as read from a sheet that has only `columns`: a missing column reads as empty."""
    values = {f: getattr(row, f) for f in Row.__dataclass_fields__}
    for f in values:
        if _column(f) not in columns:
            values[f] = () if f in ("challenges", "themes") else ""
    return Row(**values)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    columns = draw(st.permutations([*REQUIRED, *optional]))
    table = draw(st.lists(rows.map(lambda r: _without(r, columns)), min_size=1, max_size=3, unique_by=_practice))
    spellings = draw(st.lists(st.integers(0, 3), min_size=len(columns), max_size=len(columns)))
    layout = draw(st.sampled_from(["str-crlf", "str-lf", "bom-crlf", "utf8-lf"]))
    return Plan(table, columns, spellings, layout, draw(st.sampled_from([";", "|", "; ", " | "])))


def _practice(row: Row) -> URIRef:
    return row.practice


def ids(g: Graph, practice: URIRef, prop: URIRef, namespace: str) -> set[str]:
    return {str(o).removeprefix(namespace) for o in g.objects(practice, prop)}


@FAST
@given(plans())
def test_every_cell_written_comes_back(plan: Plan) -> None:
    sheet = write_sheet(plan)
    g, lines = read_practices_sheet(sheet.data, "sheet.csv")
    assert lines == {row.practice: start for row, start in zip(plan.rows, sheet.starts, strict=True)}
    for row in plan.rows:
        p = row.practice
        assert g.value(p, RDF.type) == NZC.PracticeAdoption
        assert g.value(p, NZC.city) == CITY[row.city]
        assert g.value(p, NZC.practiceKind) == PRACTICE_KIND[row.kind]
        assert g.value(p, NZC.status) == STATUS[row.status]
        assert str(g.value(p, DCTERMS.description)) == row.description.strip()
        default = f"{row.city.replace('-', ' ').title()}: {(row.name or row.kind).replace('-', ' ')}"
        assert str(g.value(p, RDFS.label)) == (row.label.strip() or default)
        assert ids(g, p, NZC.addresses, str(CHALLENGE)) == set(row.challenges)
        assert ids(g, p, NZC.theme, str(THEME)) == set(row.themes)
        quote = g.value(p, NZC.evidence)
        assert str(g.value(quote, NZC.quoteText)) == " ".join(row.evidence.split())
        section = str(g.value(quote, NZC.section)).removeprefix(str(SECTION))
        assert section == ("s" + row.section.replace(".", "-") if row.section[0].isdigit() else row.section)


@FAST
@given(st.lists(rows, min_size=1, max_size=3, unique_by=_practice))
def test_line_ends_bom_and_quoting_do_not_change_the_triples(table: list[Row]) -> None:
    columns = [*REQUIRED, *OPTIONAL]
    graphs = [
        read_practices_sheet(write_sheet(Plan(table, columns, [0] * len(columns), layout)).data)[0]
        for layout in ("str-crlf", "str-lf", "bom-crlf", "utf8-lf")
    ]
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


BAD_SLUGS = st.one_of(
    SLUG.map(lambda s: "X" + s.upper()),
    st.tuples(SLUG, SLUG).map(" ".join),
    SLUG.map(lambda s: s + "_x"),
    st.just("1٢"),  # a digit of another script is not one of the slug's [0-9]
)
TWO_LINES = Row("aachen", "kind", "planned", "a description\nover two lines", "a quote", "1", (), (), "", "")


@FAST
@given(plans(), st.sampled_from(["city", "practice_kind", "status", "section", "name"]), BAD_SLUGS, st.integers(0, 3))
@example(Plan([TWO_LINES], list(REQUIRED), [0] * 6, "str-crlf"), "section", "X Y", 0).via(
    "discovered: a quoted cell over two lines made the row's last line the one named"
)
@example(Plan([TWO_LINES], list(REQUIRED), [0] * 6, "str-crlf"), "section", "١.٢", 0).via(
    "discovered: a section number in Arabic-Indic digits became a section IRI"
)
def test_a_bad_slug_is_named_by_its_rows_first_line_and_its_column(plan: Plan, column: str, bad: str, n: int) -> None:
    if column not in plan.columns:
        return
    which = n % len(plan.rows)
    field = "kind" if column == "practice_kind" else column
    broken = [*plan.rows]
    broken[which] = Row(**{f: (bad if f == field else getattr(plan.rows[which], f)) for f in Row.__dataclass_fields__})
    sheet = write_sheet(Plan(broken, plan.columns, plan.spellings, plan.layout, plan.separator))
    with pytest.raises(RdfParseError) as err:
        read_practices_sheet(sheet.data, "sheet.csv")
    # the rows before the broken one are sound, so the first problem is in it
    where = (sheet.starts[which], plan.columns.index(column) + 1)
    assert (err.value.line, err.value.column) == where
    assert f"sheet.csv: line {where[0]}, column {where[1]} ({column}): " in str(err.value)


@FAST
@given(st.permutations(REQUIRED), st.sampled_from(REQUIRED), st.sampled_from(["str-crlf", "bom-crlf", "utf8-lf"]))
def test_a_column_named_twice_is_refused_on_line_1(columns: list[str], column: str, layout: str) -> None:
    twice = [*columns, column]
    sheet = write_sheet(Plan([TWO_LINES], twice, [0] * len(twice), layout))
    with pytest.raises(RdfParseError, match=f"named twice {column}") as err:
        read_practices_sheet(sheet.data, "sheet.csv")
    assert (err.value.line, err.value.column) == (1, None)


@FAST
@given(st.text(st.characters(exclude_categories=("Cs",))), st.binary(), st.booleans())
@example("city,é\nx", b"", True).via("discovered: a BOM shifted the line and column named")
@example("é", b"", False).via("discovered: the column counted bytes, not characters")
def test_bytes_that_are_not_utf8_are_named_at_the_first_bad_byte(text: str, tail: bytes, bom: bool) -> None:
    prefix = text.encode("utf-8")
    data = (codecs.BOM_UTF8 if bom else b"") + prefix + b"\xff" + tail  # 0xff is never part of UTF-8
    with pytest.raises(RdfParseError, match="not UTF-8 text") as err:
        read_practices_sheet(data, "sheet.csv")
    lines = prefix.split(b"\n")
    assert (err.value.line, err.value.column) == (len(lines), len(lines[-1].decode("utf-8")) + 1)


CSV_PIECES = st.sampled_from([",", '"', '""', "\n", "\r", "\r\n", " ", ";", "|", "\x00", "\ufeff", "a", "b-c"])
HEADER = ",".join(REQUIRED) + "\n"
ANY_SHEET = st.one_of(
    st.binary(),
    st.text(),
    st.lists(st.one_of(CSV_PIECES, SLUG, SECTION_NUMBER, TEXT)).map(lambda parts: HEADER + "".join(parts)),
    st.lists(st.one_of(CSV_PIECES, SLUG)).map(lambda parts: (HEADER + "".join(parts)).encode("utf-8")),
)


@settings(max_examples=300, deadline=None)
@given(ANY_SHEET)
@example(HEADER + 'a,b,c,"unclosed').via("a quote left open to the end")
@example(HEADER.replace("\n", ",") + "\n").via("an empty header cell")
def test_any_input_reads_or_fails_with_rdfparseerror_naming_a_line(data: bytes | str) -> None:
    try:
        g, lines = read_practices_sheet(data, "sheet.csv")
    except RdfParseError as err:
        assert str(err).startswith("sheet.csv: ")
        assert err.line is not None and err.line >= 1
        assert err.column is None or err.column >= 1
        return
    assert lines and all(line >= 2 for line in lines.values())
    assert set(lines) == set(g.subjects(RDF.type, NZC.PracticeAdoption))
