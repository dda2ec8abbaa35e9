"""Benchmark: HTTP side by side, in one run, on the same data — our server, `oxigraph serve` in
memory and on disk, rdflib-endpoint, and the Python floor (a bare ASGI app answering the same
number of bytes under the same uvicorn; bench/floor_app.py), driven by wrk (native, so the client
never saturates first).

Data: the report graph (built without the reasoner) plus the seeded synthetic graph of
bench/synthetic.py at each size (10k, 100k, 1m synthetic triples, added to the data graph), as one
N-Quads file every server loads, so all hold the same quads in the same named graphs and query
their union. The report graph stays in so the named query, the city page and the ask request
have their real targets.

Cells: a light SELECT (100 cities) and a heavy one (100 labels ORDER BY, a sort of every label) on
every SPARQL server; a named query, a city page and an ask request on ours. Before each cell the
run waits until every process it started is idle (at most 2 min), so a server still working off
requests wrk gave up on does not slow the next cell. Ours runs twice: every
request evaluated (`Cache-Control: no-cache`, what the SPARQL servers do) and repeated GETs (its
response cache answers). The floor answers each cell with as many bytes as ours. Prints req/s and
p50/p99 per cell, ours / oxigraph in memory and ours / floor, and the growth per 10x in size.

    python bench/http_bench.py                      # 10k, 100k and 1m, 5 s a cell
    python bench/http_bench.py --sizes 10k --seconds 2
    python bench/http_bench.py --smoke              # 10k, 1 s a cell: the runner works
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

import http_servers as servers
from http_table import Cell, environment, growth, table
from nzc_graph.config import Settings
from nzc_graph.graph.build import build
from nzc_graph.namespaces import DATA_GRAPH
from nzc_graph.store import EmbeddedStore
from synthetic import scaled, write
from wrk import load

PFX = "PREFIX nzc: <https://w3id.org/nzc/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
LIGHT = PFX + "SELECT ?c WHERE { ?c a nzc:City } LIMIT 100"
HEAVY = PFX + "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 100"
CHALLENGE = "https://w3id.org/nzc/id/challenge/raising-private-capital"
QUESTION = "who solved a lack of financial expertise?"
JSON_RESULTS = "application/sparql-results+json"
NO_CACHE = ("Cache-Control: no-cache",)
COLUMNS = ("ours", "ours cached", "oxigraph memory", "oxigraph disk", "rdflib-endpoint", "floor")
SPARQL_PATH = {"ours": "/sparql", "ours cached": "/sparql", "oxigraph memory": "/query", "oxigraph disk": "/query"}
SPARQL_PATH["rdflib-endpoint"] = "/"  # its default path (the CLI help says /sparql)


@dataclass(frozen=True)
class Case:
    name: str
    accept: str
    query: str | None = None  # a SPARQL query, run on every SPARQL server
    path: str | None = None  # else a path of ours (and the floor)


CASES = (
    Case("light SELECT", JSON_RESULTS, query=LIGHT),
    Case("heavy SELECT", JSON_RESULTS, query=HEAVY),
    Case("named query", JSON_RESULTS, path="/queries/who-solved?" + urlencode({"challenge": CHALLENGE})),
    Case("city page", "text/html", path="/id/city/aachen.html"),
    Case("ask", "application/json", path="/ask?" + urlencode({"q": QUESTION})),
)


def parse_size(text: str) -> int:
    """`10k`, `100k`, `1m` or a plain number of triples."""
    units = {"k": 1_000, "m": 1_000_000}
    text = text.strip().lower()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def report_nquads(work: Path) -> Path:
    """The report graph (no reasoner) as N-Quads."""
    store = EmbeddedStore(None)
    build(Settings(), store, with_reasoner=False)
    path = work / "report.nq"
    store._store.dump(str(path), ox.RdfFormat.N_QUADS)  # noqa: SLF001 - the bench reads the backend directly
    store.close()
    return path


def data_file(work: Path, report: Path, triples: int) -> tuple[Path, int]:
    """The report graph plus `triples` synthetic triples in its data graph; (file, synthetic count)."""
    path = work / f"data-{triples}.nq"
    shutil.copyfile(report, path)
    with open(path, "a", encoding="utf-8") as out:
        return path, write(out, str(DATA_GRAPH), **scaled(triples))


def url(column: str, base: str, case: Case, size: int) -> str:
    if column == "floor":
        return f"{base}/bytes/{size}?" + urlencode({"type": case.accept})
    if case.query is not None:
        return base + SPARQL_PATH[column] + "?" + urlencode({"query": case.query})
    return base + str(case.path)


def check(column: str, target: str, case: Case) -> tuple[int, int | None]:
    """One GET before the load: (response bytes, result rows for SPARQL JSON); raises unless 200.
    The first one may wait for a server to warm up (the search index)."""
    headers = {"Accept": case.accept, "Accept-Encoding": "identity", "Cache-Control": "no-cache"}
    answer = httpx.get(target, headers=headers, timeout=600)
    if answer.status_code != 200:
        raise RuntimeError(f"{column}: HTTP {answer.status_code} for {case.name}")
    rows = len(answer.json()["results"]["bindings"]) if case.accept == JSON_RESULTS else None
    return len(answer.content), rows


def measure(bases: dict[str, str], case: Case, seconds: float, label: str) -> Iterator[Cell]:
    """The cells of one case at one size: each column at 1 and 8 connections, interleaved."""
    columns = [c for c in COLUMNS if c in bases and (case.query is not None or c in ("ours", "ours cached", "floor"))]
    size, rows = check("ours", url("ours", bases["ours"], case, 0), case)
    for column in columns:
        if (
            column not in ("ours", "floor", "ours cached")
            and check(column, url(column, bases[column], case, 0), case)[1] != rows
        ):
            print(f"warning: {column} answers {case.name} with another number of rows than ours", file=sys.stderr)
    for clients in (1, 8):
        for column in columns:
            target = url(column, bases[column], case, size)
            headers = NO_CACHE if column == "ours" else ()
            if (waited := servers.wait_quiet()) > 1:
                print(f"  waited {waited:.0f} s for the servers to go idle", file=sys.stderr)
            try:
                result = load(target, clients, seconds, case.accept, headers, timeout=max(10.0, seconds))
            except (subprocess.SubprocessError, RuntimeError, KeyError, AttributeError, ValueError, OSError) as exc:
                result = {"failed": str(exc)}
            print(f"  {label} {case.name} c={clients} {column}: {result.get('rps', 'failed')}", file=sys.stderr)
            yield Cell(label, case.name, clients, column, size, rows, result)


def start(stack: ExitStack, name: str, server: Callable[[], AbstractContextManager[str]]) -> str:
    began = time.perf_counter()
    base = stack.enter_context(server())
    print(f"  {name} ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return base


def run_size(work: Path, report: Path, triples: int, label: str, args: Any, notes: list[str]) -> list[Cell]:
    began = time.perf_counter()
    nquads, synthetic = data_file(work, report, triples)
    quads = sum(1 for _ in open(nquads, "rb"))
    notes.append(
        f"{label}: {synthetic} synthetic triples, {quads} quads in all, written in {time.perf_counter() - began:.1f} s"
    )
    print(notes[-1], file=sys.stderr)
    folder = work / label
    folder.mkdir()
    with ExitStack() as stack:
        bases = {"ours": start(stack, "ours", lambda: servers.ours(nquads, folder))}
        bases["ours cached"] = bases["ours"]
        bases["oxigraph memory"] = start(stack, "oxigraph memory", lambda: servers.oxigraph_memory(nquads, folder))
        bases["oxigraph disk"] = start(stack, "oxigraph disk", lambda: servers.oxigraph_disk(nquads, folder))
        missing = servers.rdflib_endpoint_missing()
        if missing is None and triples > args.rdflib_max:
            missing = f"above --rdflib-max {args.rdflib_max} synthetic triples"
        if missing is None:
            bases["rdflib-endpoint"] = start(stack, "rdflib-endpoint", lambda: servers.rdflib_endpoint(nquads, folder))
        else:
            notes.append(f"{label}: rdflib-endpoint skipped: {missing}")
        bases["floor"] = start(stack, "floor", lambda: servers.floor(Settings().log_level.lower(), folder))
        return [cell for case in CASES for cell in measure(bases, case, args.seconds, label)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m", help="synthetic triples per size, comma-separated")
    ap.add_argument("--seconds", type=float, default=5.0, help="wrk duration of a cell")
    ap.add_argument("--rdflib-max", type=parse_size, default=parse_size("1m"), help="largest size for rdflib-endpoint")
    ap.add_argument("--smoke", action="store_true", help="the smallest size, 1 s a cell")
    args = ap.parse_args()
    labels = [s.strip() for s in args.sizes.split(",")]
    if args.smoke:
        labels, args.seconds = [min(labels, key=parse_size)], 1.0
    if not shutil.which("wrk"):
        sys.exit("the load generator is wrk: apt-get install wrk")
    if servers.oxigraph_binary() is None:
        sys.exit("the baselines need the Oxigraph server: pip install oxigraph")
    notes: list[str] = []
    cells: list[Cell] = []
    with servers.workspace() as work:
        report = report_nquads(work)
        for label in labels:
            cells += run_size(work, report, parse_size(label), label, args, notes)
    print(environment())
    print(
        f"{args.seconds:g} s a cell; ours: every request evaluated (Cache-Control: no-cache); "
        "ours cached: repeated GETs\n"
    )
    print("\n".join(f"- {n}" for n in notes) + "\n")
    print(table(cells, COLUMNS))
    if len(labels) > 1:
        print("\nreq/s growth per 10x in size (req/s at the larger size / at the smaller):\n")
        print(growth(cells, COLUMNS, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
