"""Benchmark: the /sparql endpoint and a named query vs `oxigraph serve` on the same data.

Load comes from wrk (Debian package `wrk`), a native load generator: a Python client saturates
before either server does and hides the difference. Prints requests per second and p50/p99 latency
at 1 and 8 connections, with the ratio against the named baseline (Oxigraph server, `pip install
oxigraph`), every request a GET with the query in the URL. Run: python bench/sparql_bench.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from nzc_graph.config import Settings
from nzc_graph.devtools.devserver import free_port, scratch_server, wait_ready
from nzc_graph.graph.build import build
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.bindings import inject_values
from wrk import load

CHALLENGE = "https://w3id.org/nzc/id/challenge/raising-private-capital"


# wrk from one address far outruns the per-address rate limit: measure the server, not the limit.
UNLIMITED = {"NZC_RATE_LIMIT_PER_ADDRESS": "0"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph).exists():
        sys.exit("the baseline needs the Oxigraph server: pip install oxigraph")
    if not shutil.which("wrk"):
        sys.exit("the load generator is wrk: apt-get install wrk (make bench installs it)")
    settings = Settings()
    library = QueryLibrary(settings.queries_dir)
    query = inject_values(library.get("who-solved").text, library.bind("who-solved", {"challenge": CHALLENGE}))
    accept = "application/sparql-results+json"
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, oxi_dir, dump = Path(tmp) / "ours", Path(tmp) / "oxi", Path(tmp) / "dump.nq"
        store = EmbeddedStore(ours_dir)
        build(settings, store, with_reasoner=False)
        store._store.dump(str(dump), __import__("pyoxigraph").RdfFormat.N_QUADS)  # noqa: SLF001
        store.close()
        del store
        subprocess.run(
            [oxigraph, "load", "--location", str(oxi_dir), "--file", str(dump)], check=True, capture_output=True
        )
        port = free_port()
        oxi = subprocess.Popen(
            [
                oxigraph,
                "serve-read-only",
                "--location",
                str(oxi_dir),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", oxi, 30)
            with scratch_server(store=ours_dir, env=UNLIMITED) as (base, _key):
                cases = [
                    ("oxigraph serve  /query (baseline)", f"http://127.0.0.1:{port}/query", "named"),
                    ("nzc-graph       /sparql", base + "/sparql", "named"),
                    ("nzc-graph       /queries/who-solved", base + "/queries/who-solved", "library"),
                ]
                print(f"typical named query: who-solved, challenge={CHALLENGE}; {args.seconds:g} s per cell\n")
                print(f"{'server':40} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs baseline':>12}")
                for clients in (1, 8):
                    baseline = None
                    for label, url, kind in cases:
                        params = {"challenge": CHALLENGE} if kind == "library" else {"query": query}
                        res = load(f"{url}?{urlencode(params)}", clients, args.seconds, accept)
                        baseline = baseline or res["rps"]
                        print(
                            f"{label:40} {clients:>7} {res['rps']:>8.0f} {res['p50']:>8.1f} {res['p99']:>8.1f} "
                            f"{res['rps'] / baseline:>11.2f}x"
                            + (f"  ({res['errors']} errors)" if res["errors"] else "")
                        )
        finally:
            oxi.terminate()
            oxi.wait(timeout=10)


if __name__ == "__main__":
    main()
