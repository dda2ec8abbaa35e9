"""Plans as spreadsheets: one CSV writer for the pairing plan and the room plan.

RFC 4180 with CRLF line ends, and no cell a spreadsheet would run as a formula (OWASP CSV injection):
a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.

    >>> csv_text(("city", "note"), [("Kozani", "=1+1")])
    "city,note\\r\\nKozani,'=1+1\\r\\n"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A header row, then the rows, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
