"""Benchmark: the search index's build time and update latency, and who_solved and match latency.

For synthetic graphs of about 10 k, 100 k and 1 M triples (bench/synthetic.py): the median time of a
full index build (target at 1 M: <= 5 s) and of the in-place update after a submission is accepted
and after it is withdrawn (the time from the store write to the next `IndexCache.get()` returning
the updated index; target <= 100 ms), and that no full build happened for them.

Then, on the report graph and on the largest synthetic graph, the median latency of each search
call (targets: < 20 ms on the report graph, < 200 ms on the synthetic one) and its ratio against the
named baseline: the equivalent named SPARQL query run on the same store (who-implements.rq for
who_solved, peers-by-shared-challenge.rq for match), which is what an analyst gets without the index.

Run: python bench/search_bench.py [--sizes 10000,100000,1000000] [--builds 3] [--repeat 5]
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
from nzc_graph.search.cache import IndexCache  # noqa: E402
from nzc_graph.search.index import SearchIndex, build_index  # noqa: E402
from nzc_graph.search.matchmaking import match  # noqa: E402
from nzc_graph.search.service import who_solved  # noqa: E402
from nzc_graph.store import EmbeddedStore  # noqa: E402
from nzc_graph.store.base import GraphChange  # noqa: E402
from synthetic import WORDS, generate  # noqa: E402
from updates import submission  # noqa: E402

TRIPLES_PER_PRACTICE = 19.3  # synthetic.py: about 966 k triples for 50 000 practices and 25 000 statements

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


def timed_index(store: EmbeddedStore, library: QueryLibrary, builds: int = 1) -> SearchIndex:
    times, index = [], None
    for _ in range(builds):
        start = time.perf_counter()
        index = build_index(store, library, "off")
        times.append(time.perf_counter() - start)
    assert index is not None
    median = statistics.median(times)
    print(f"  index built in {median:.2f} s, median of {builds} ({len(index.facts.practices)} practices)")
    return index


def update_ms(store: EmbeddedStore, library: QueryLibrary, repeat: int) -> tuple[float, float, int]:
    """Median milliseconds from writing a submission's graph (and from removing it) to the index
    holding the change, and the number of full builds they caused."""
    cache = IndexCache(store, library, "off")
    cache.get()
    added, removed = [], []
    cities = sorted(cache.get().facts.cities)
    for n in range(repeat):
        graph_iri, content = submission(n, cities[n % len(cities)])
        change = GraphChange(graph_iri, frozenset(str(s) for s in content.subjects(unique=True)))
        start = time.perf_counter()
        store.add_graph(graph_iri, content)
        cache.invalidate(change)
        assert graph_iri.rsplit("/", 1)[-1] in " ".join(cache.get().facts.practices)
        added.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        store.clear_graph(graph_iri)
        cache.invalidate(change)
        cache.get()
        removed.append((time.perf_counter() - start) * 1000)
    return statistics.median(added), statistics.median(removed), cache.builds - 1


def scaling(library: QueryLibrary, sizes: list[int], builds: int, repeat: int) -> EmbeddedStore:
    """Build and update times per graph size; returns the largest store."""
    store = EmbeddedStore(None)
    for size in sizes:
        store = EmbeddedStore(None)
        practices = max(1, round(size / TRIPLES_PER_PRACTICE))
        start = time.perf_counter()
        n = generate(store, practices=practices, statements=practices // 2)
        print(f"synthetic graph: {n} triples generated and loaded in {time.perf_counter() - start:.1f} s")
        timed_index(store, library, builds)
        added, removed, full = update_ms(store, library, repeat)
        print(
            f"  update after a submission {added:.1f} ms, after a withdrawal {removed:.1f} ms "
            f"(median of {repeat}; target <= 100); full builds for them: {full}"
        )
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description="search index build and update times, who_solved and match latency")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="synthetic graph sizes, in triples")
    parser.add_argument("--builds", type=int, default=3)
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

    synthetic = scaling(library, [int(s) for s in args.sizes.split(",")], args.builds, args.repeat)
    index = timed_index(synthetic, library)
    questions = [" ".join(WORDS[i : i + 4]) for i in range(0, 60, 6)]
    cities = sorted(index.facts.statements_by_city)[:10]
    measure("synthetic", synthetic, library, index, questions, cities, args.repeat, 200)


if __name__ == "__main__":
    main()
