"""The printed part of the HTTP benchmark (bench/http_bench.py): its cells, the markdown table with
ratios, the growth per 10x in size, and the machine and versions the numbers came from."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

RATIOS = (("ours", "oxigraph memory"), ("ours", "floor"), ("ours cached", "floor"))


@dataclass(frozen=True)
class Cell:
    """One wrk run: a column (server) on a case at a size and a number of connections."""

    size: str
    case: str
    clients: int
    column: str
    response_bytes: int
    rows: int | None
    result: dict[str, Any]

    @property
    def rps(self) -> float | None:
        return None if "failed" in self.result else float(self.result["rps"])


def number(value: float) -> str:
    """1 234, 56.7 or 0.81: three significant digits at most below 1 000, thin groups above."""
    if value >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.3g}"


def shown(cell: Cell | None) -> str:
    if cell is None:
        return "–"
    if cell.rps is None:
        return "failed"
    r = cell.result
    errors = sum(int(r[k]) for k in ("errors", "connect", "read", "write", "timeout"))
    if not r["requests"]:
        return f"none answered ({errors} errors)"
    text = f"{number(r['rps'])} ({number(r['p50'])} / {number(r['p99'])})"
    return text + (f" **{errors} errors**" if errors else "")


def ratio(a: Cell | None, b: Cell | None) -> str:
    if a is None or b is None or not a.rps or not b.rps:
        return "–"
    value = a.rps / b.rps
    return f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"


def table(cells: Sequence[Cell], columns: Sequence[str]) -> str:
    """req/s (p50 / p99 ms) per column, one row per size, case and connections, then the ratios."""
    rows: dict[tuple[str, str, int], dict[str, Cell]] = {}
    for cell in cells:
        rows.setdefault((cell.size, cell.case, cell.clients), {})[cell.column] = cell
    head = ["size", "case", "c", "bytes", "rows", *columns, *(f"{a} / {b}" for a, b in RATIOS)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (size, case, clients), by in rows.items():
        ours = by["ours"]
        fields = [size, case, str(clients), str(ours.response_bytes), "" if ours.rows is None else str(ours.rows)]
        fields += [shown(by.get(c)) for c in columns] + [ratio(by.get(a), by.get(b)) for a, b in RATIOS]
        lines.append("| " + " | ".join(fields) + " |")
    return "req/s (p50 / p99 ms):\n\n" + "\n".join(lines)


def growth(cells: Sequence[Cell], columns: Sequence[str], sizes: Sequence[str]) -> str:
    """For each case, connections and column: req/s at each size over req/s at the size before."""
    rps = {(c.size, c.case, c.clients, c.column): c.rps for c in cells}
    steps = list(zip(sizes, sizes[1:], strict=False))
    head = ["case", "c", "column", *(f"{a} → {b}" for a, b in steps)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    seen = dict.fromkeys((c.case, c.clients, c.column) for c in cells)
    for case, clients, column in sorted(seen, key=lambda k: (k[0], k[1], columns.index(k[2]))):
        factors = []
        for a, b in steps:
            before, after = rps.get((a, case, clients, column)), rps.get((b, case, clients, column))
            factors.append(f"×{after / before:.2f}" if before and after else "–")
        lines.append("| " + " | ".join([case, str(clients), column, *factors]) + " |")
    return "\n".join(lines)


def _first_line(args: Sequence[str]) -> str:
    try:
        run = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "not found"
    return (run.stdout or run.stderr).strip().splitlines()[0] if (run.stdout or run.stderr).strip() else "?"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment() -> str:
    """The machine (cores, CPU model, memory, load) and the versions of everything measured."""
    with open("/proc/meminfo", encoding="utf-8") as fh:
        memory = int(next(line for line in fh if line.startswith("MemTotal")).split()[1]) / 1024**2
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "?")
    from http_servers import oxigraph_binary

    versions = [
        f"Python {platform.python_version()}",
        *(f"{p} {_version(p)}" for p in ("pyoxigraph", "fastapi", "uvicorn", "uvloop", "httptools", "rdflib")),
        f"rdflib-endpoint {_version('rdflib-endpoint')}",
        f"server {_first_line([str(oxigraph_binary()), '--version'])}",
        _first_line(["wrk", "--version"]).split(" [")[0],
    ]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores ({model}), {memory:.1f} GiB, load average {load}, {platform.system()}\n"
        f"versions: {', '.join(versions)}\n"
        f"command: {' '.join(['python', 'bench/http_bench.py', *sys.argv[1:]])}"
    )
