"""Benchmark: server time of the web pages people open, against the Python floor.

Drives each page with wrk (one connection, so latency is the server's time per request) on a
server over the report graph: the home page, an ask results page, a city page and the overview
data. The named baseline is the floor of our own stack — a static file served by the same app
(`/static/site.css`) — so the ratio shows what each page costs beyond the HTTP layer.
Run: python bench/pages_bench.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import httpx

from nzc_graph.config import Settings
from nzc_graph.devtools.devserver import scratch_server
from nzc_graph.graph.build import build
from nzc_graph.store import EmbeddedStore
from wrk import load

HTML = "text/html"
PAGES = [
    ("static file (baseline)", "/static/site.css", "text/css"),
    ("home page", "/", HTML),
    ("ask results", "/solved?q=partners+tired+of+too+many+initiatives", HTML),
    ("nobody-yet answer", "/solved?q=carbon+sinks+and+nature-based+solutions", HTML),
    ("city page", "/id/city/kozani.html", HTML),
    ("cities directory", "/cities", HTML),
    ("network data", "/network", "application/json"),
    ("matrix", "/matrix", HTML),
]


# wrk from one address far outruns the per-address rate limit: measure the server, not the limit.
ENV = {"NZC_SEARCH_SEMANTIC": "off", "NZC_RATE_LIMIT_PER_ADDRESS": "0"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("the load generator is wrk: apt-get install wrk (make bench installs it)")
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        store = EmbeddedStore(folder)
        build(settings, store, with_reasoner=False)
        store.close()
        with scratch_server(store=folder, env=ENV) as (base, _key):
            print(f"one connection, {args.seconds:g} s per page; the report graph\n")
            print(f"{'page':26} {'path':52} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'vs floor':>9}")
            floor = None
            for label, path, accept in PAGES:
                status = httpx.get(base + path, headers={"Accept": accept}, timeout=60).status_code  # warm caches
                if status >= 400:
                    print(f"{label:26} {path:52} skipped: HTTP {status}")
                    continue
                res = load(base + path, 1, args.seconds, accept)
                floor = floor or res["p50"]
                print(
                    f"{label:26} {path[:52]:52} {res['rps']:>7.0f} {res['p50']:>8.1f} {res['p99']:>8.1f} "
                    f"{res['p50'] / floor:>8.1f}x" + (f"  ({res['errors']} errors)" if res["errors"] else "")
                )


if __name__ == "__main__":
    main()
