"""Benchmark: who_solved and match latency on the report graph and on a synthetic ~1M-triple graph.

Prints the median latency of each call (targets: < 20 ms on the report graph, < 200 ms on the
synthetic one) and its ratio against the named baseline: the equivalent named SPARQL query run
on the same store (who-implements.rq for who_solved, peers-by-shared-challenge.rq for match), which
is what an analyst gets without the index. Index build time is printed too.

Run: python bench/search_bench.py [--practices 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from nzc_graph.config import Settings  # noqa: E402
from nzc_graph.graph.build import build  # noqa: E402
from nzc_graph.queries import QueryLibrary  # noqa: E402
from nzc_graph.search.index import SearchIndex, build_index  # noqa: E402
from nzc_graph.search.matchmaking import match  # noqa: E402
from nzc_graph.search.service import who_solved  # noqa: E402
from nzc_graph.store import EmbeddedStore  # noqa: E402
from synthetic import WORDS, generate  # noqa: E402

REPORT_QUESTIONS = (
    "our partners are tired of all the meetings",
    "we need someone to structure the funding",
    "residents think climate is too technical",
    "departments do not talk to each other",
    "companies sign and then do nothing",
    "people will not leave their cars at home",
)


def median_ms(calls: list[Callable[[], object]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for call in calls:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(
    name: str,
    store: EmbeddedStore,
    library: QueryLibrary,
    index: SearchIndex,
    questions: list[str],
    cities: list[str],
    repeat: int,
    target_ms: float,
) -> None:
    challenges = [next(iter(index.relevance("challenge", q)), None) for q in questions]
    solved = median_ms([lambda q=q: who_solved(index, q) for q in questions], repeat)
    base_solved = median_ms(
        [lambda c=c: library.select(store, "who-implements", {"challenge": c}) for c in challenges if c], repeat
    )
    matched = median_ms([lambda c=c: match(index, c) for c in cities], repeat)
    base_match = median_ms(
        [lambda c=c: library.select(store, "peers-by-shared-challenge", {"city": c}) for c in cities], repeat
    )
    print(
        f"{name}: who_solved median {solved:.2f} ms (target < {target_ms:.0f}); "
        f"baseline who-implements.rq {base_solved:.2f} ms; ratio {solved / base_solved:.2f}"
    )
    print(
        f"{name}: match median {matched:.2f} ms (target < {target_ms:.0f}); "
        f"baseline peers-by-shared-challenge.rq {base_match:.2f} ms; ratio {matched / base_match:.2f}"
    )


def timed_index(store: EmbeddedStore, library: QueryLibrary) -> SearchIndex:
    start = time.perf_counter()
    index = build_index(store, library, "off")
    print(f"  index built in {time.perf_counter() - start:.1f} s ({len(index.facts.practices)} practices)")
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description="who_solved and match latency")
    parser.add_argument("--practices", type=int, default=50000)
    parser.add_argument("--statements", type=int, default=25000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings(store_kind="memory")
    library = QueryLibrary(settings.queries_dir)

    report = EmbeddedStore(None)
    build(settings, report, with_reasoner=False)
    print(f"report graph: {report.count()} quads")
    index = timed_index(report, library)
    cities = sorted(index.facts.statements_by_city)[:10]
    measure("report", report, library, index, list(REPORT_QUESTIONS), cities, args.repeat, 20)

    synthetic = EmbeddedStore(None)
    start = time.perf_counter()
    n = generate(synthetic, practices=args.practices, statements=args.statements)
    print(f"synthetic graph: {n} triples generated and loaded in {time.perf_counter() - start:.1f} s")
    index = timed_index(synthetic, library)
    questions = [" ".join(WORDS[i : i + 4]) for i in range(0, 60, 6)]
    cities = sorted(index.facts.statements_by_city)[:10]
    measure("synthetic", synthetic, library, index, questions, cities, args.repeat, 200)


if __name__ == "__main__":
    main()
