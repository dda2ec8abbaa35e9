"""A bounded load run: many connections on loopback mixing plain-words questions, city pages and
SPARQL queries, driven by wrk (native, so the client never saturates first).

Every request carries `Cache-Control: no-cache`, so each one is evaluated again: the run measures
the server's work, not its response cache. It prints req/s, p50/p99/max and the errors by kind
(non-2xx/3xx answers, connect/read/write errors and timeouts); `--fail-on-errors` makes any error
exit 1, which is how the test suite uses it.

    python bench/load_bench.py --url http://127.0.0.1:8000 --connections 50 --seconds 60

Without `--url` it starts its own server on a fresh store (rate limits off) and stops it after.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from wrk import load

QUESTIONS = (
    "which city has dealt with partners tired of too many initiatives?",
    "who solved a lack of financial expertise?",
    "who should Kozani talk to?",
    "cities that face internal silos",
    "how did cities engage citizens?",
)
CITIES = ("aachen", "kozani", "porto", "valladolid", "parma", "cluj-napoca")
QUERIES = (
    "PREFIX nzc: <https://w3id.org/nzc/ontology#> SELECT ?c WHERE { ?c a nzc:MissionCity }",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 100",
)
JSON_RESULTS = "application/sparql-results+json"


def requests() -> list[tuple[str, str]]:
    """(path with query string, Accept) for each kind of request, interleaved."""
    asks = [(f"/ask?q={quote(q)}", "application/json") for q in QUESTIONS]
    pages = [(f"/id/city/{slug}.html", "text/html") for slug in CITIES]  # the page itself, not the 303
    sparql = [(f"/sparql?query={quote(q)}", JSON_RESULTS) for q in QUERIES]
    mixed: list[tuple[str, str]] = []
    for n in range(max(len(asks), len(pages), len(sparql))):
        for group in (asks, pages, sparql):
            mixed.append(group[n % len(group)])
    return mixed


def script(mix: list[tuple[str, str]]) -> str:
    """The wrk Lua script that cycles through `mix` (each thread from its own offset)."""
    rows = ",\n".join(f"  {{{json.dumps(p)}, {json.dumps(a)}}}" for p, a in mix)
    return f"""local mix = {{
{rows}
}}
local n = 0
function setup(thread) thread:set("offset", n); n = n + 7 end
function init(args) n = offset or 0 end
function request()
  n = n + 1
  local r = mix[(n % #mix) + 1]
  return wrk.format("GET", r[1], {{["Accept"] = r[2], ["Cache-Control"] = "no-cache"}})
end
"""


def run(url: str, connections: int, seconds: float, timeout: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "mix.lua"
        lua.write_text(script(requests()))
        return load(url, connections, seconds, "*/*", script=lua, timeout=timeout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None, help="a running server (default: start one)")
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=15, help="a request slower than this counts as an error")
    ap.add_argument("--fail-on-errors", action="store_true")
    args = ap.parse_args()
    if args.url is None:
        from nzc_graph.devtools.devserver import scratch_server

        env = {"NZC_SEARCH_SEMANTIC": "off", "NZC_RATE_LIMIT_PER_ADDRESS": "0", "NZC_RATE_LIMIT_PER_KEY": "0"}
        with scratch_server(build=True, env=env) as (base, _key):
            result = run(base, args.connections, args.seconds, args.timeout)
    else:
        result = run(args.url.rstrip("/"), args.connections, args.seconds, args.timeout)
    errors = sum(int(result[k]) for k in ("errors", "connect", "read", "write", "timeout"))
    print(f"mix: {len(QUESTIONS)} asks, {len(CITIES)} city pages, {len(QUERIES)} SPARQL queries, no-cache")
    print(f"connections {args.connections}, {args.seconds:g} s: {int(result['requests'])} requests")
    print(
        f"req/s {result['rps']:.1f}  p50 {result['p50']:.1f} ms  p99 {result['p99']:.1f} ms  max {result['max']:.1f} ms"
    )
    print(
        f"errors {errors}: non-2xx/3xx {int(result['errors'])}, connect {int(result['connect'])}, "
        f"read {int(result['read'])}, write {int(result['write'])}, timeout {int(result['timeout'])}"
    )
    return 1 if errors and args.fail_on_errors else 0


if __name__ == "__main__":
    sys.exit(main())
