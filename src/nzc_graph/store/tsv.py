"""Rows of a SPARQL TSV results document as plain strings, for bulk reads (`select_text`).

pyoxigraph writes a whole result as TSV in Rust, and splitting that text makes no Python object
per solution and value (slightly cheaper than walking the solutions; the evaluation itself, which
pyoxigraph does lazily while either is read, is most of the time, bench/RESULTS.md).

A cell is an IRI `<…>`, a blank node `_:…`, a literal `"…"` with an optional language tag or
datatype (quotes, tabs, newlines and backslashes escaped), a bare number or boolean, or empty when
unbound; each becomes the value `Term.value` gives.

>>> text_rows(b'?s\\t?o\\n<http://e/a>\\t"say \\\\"hi\\\\""@en\\n_:b1\\t\\n<http://e/c>\\t7\\n')
[{'s': 'http://e/a', 'o': 'say "hi"'}, {'s': 'b1'}, {'s': 'http://e/c', 'o': '7'}]
"""

from __future__ import annotations

import re

from nzc_graph.store.base import TextRow

_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}


def _unescape(match: re.Match[str]) -> str:
    char = match.group(1)
    return _UNESCAPED.get(char, char)


def _value(cell: str) -> str:
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        text = cell[1 : cell.rindex('"')]
        return _ESCAPE.sub(_unescape, text) if "\\" in text else text
    if first == "_" and cell.startswith("_:"):
        return cell[2:]
    return cell  # a number or a boolean, written bare


class _Values(dict[str, str]):
    """Cell → value, parsing a cell the first time it is seen (IRIs and short values repeat)."""

    def __missing__(self, cell: str) -> str:
        value = self[cell] = _value(cell) if cell else ""
        return value


def text_rows(data: bytes) -> list[TextRow]:
    """The rows of a TSV results document (header line first), unbound values left out."""
    lines = data.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()  # after the last line's newline
    if not lines or not lines[0]:
        return [{} for _ in lines[1:]]
    names = [name[1:] for name in lines[0].split("\t")]
    values = _Values().__getitem__
    rows: list[TextRow] = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(names):
            raise ValueError(f"a TSV result row has {len(cells)} cells for {len(names)} variables")
        row = dict(zip(names, map(values, cells), strict=True))
        if "" in cells:  # unbound: no key (a value is never empty, an empty literal is written "")
            row = {k: v for k, v, c in zip(names, row.values(), cells, strict=True) if c}
        rows.append(row)
    return rows
