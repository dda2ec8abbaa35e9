"""Benchmark: the read paths of issue 13 item 2 (fast reads) on the report graph, driven by wrk.

Four cases at 1 and 8 connections: a light SELECT and the 100-label ORDER BY on /sparql, one named
query (`who-solved`) and one city page (HTML). Every request is the same GET, so from the second
one on the server's result cache answers it; `--no-cache` sends `Cache-Control: no-cache` with
each request, which makes the server evaluate the query again (the cost of a new query). Prints
req/s, p50 and p99 per cell.

Run: python bench/reads_bench.py [--seconds 5] [--url http://127.0.0.1:8000] [--no-cache]
Without --url a scratch server is started on a freshly built store (the report graph, no reasoner).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx

from nzc_graph.config import Settings
from nzc_graph.devtools.devserver import scratch_server
from nzc_graph.graph.build import build
from nzc_graph.store import EmbeddedStore
from wrk import load

PFX = "PREFIX nzc: <https://w3id.org/nzc/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
LIGHT = PFX + "SELECT ?c WHERE { ?c a nzc:City }"
LABELS = PFX + "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 100"
CHALLENGE = "https://w3id.org/nzc/id/challenge/raising-private-capital"
JSON = "application/sparql-results+json"
CASES = [
    ("light SELECT", "/sparql?" + urlencode({"query": LIGHT}), JSON),
    ("100 labels ORDER BY", "/sparql?" + urlencode({"query": LABELS}), JSON),
    ("named query who-solved", "/queries/who-solved?" + urlencode({"challenge": CHALLENGE}), JSON),
    ("city page (HTML)", "/id/city/aachen.html", "text/html"),
]


@contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        store = EmbeddedStore(folder)
        build(Settings(), store, with_reasoner=False)
        store.close()
        with scratch_server(store=folder, env={"NZC_SEARCH_SEMANTIC": "off"}) as (base, _key):
            yield base


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--url", help="a running server; default: start a scratch server")
    ap.add_argument("--no-cache", action="store_true", help="send Cache-Control: no-cache (evaluate every time)")
    args = ap.parse_args()
    headers = ["Cache-Control: no-cache"] if args.no_cache else []
    if not shutil.which("wrk"):
        sys.exit("the load generator is wrk: apt-get install wrk (make bench installs it)")
    with server(args.url) as base:
        print(
            f"{args.seconds:g} s per cell, the report graph, every request the same GET"
            + (", Cache-Control: no-cache\n" if args.no_cache else "\n")
        )
        print(f"{'case':26} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for label, path, accept in CASES:
            status = httpx.get(base + path, headers={"Accept": accept}, timeout=60).status_code  # warm caches
            if status >= 400:
                print(f"{label:26} skipped: HTTP {status}")
                continue
            for clients in (1, 8):
                res = load(base + path, clients, args.seconds, accept, headers)
                errors = f"  ({res['errors']} errors)" if res["errors"] else ""
                print(f"{label:26} {clients:>7} {res['rps']:>8.0f} {res['p50']:>8.2f} {res['p99']:>8.2f}{errors}")


if __name__ == "__main__":
    main()
