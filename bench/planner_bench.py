"""Benchmark: the breakout-room planner (plan_rooms) for a 50-city cohort of the seeded synthetic
graph, and for the report's cohorts.

Prints the median time of each plan (target < 1 s for 50 cities), whether it is proven optimal, and
its overlap against the named baseline: the same cities dealt into rooms of the same sizes in turn
(by IRI, like cards), which is what a facilitator gets without the planner.

Run: python bench/planner_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from nzc_graph.config import Settings  # noqa: E402
from nzc_graph.graph.build import build  # noqa: E402
from nzc_graph.queries import QueryLibrary  # noqa: E402
from nzc_graph.search.facts import Facts, load_facts  # noqa: E402
from nzc_graph.search.planner import RoomPlan, challenges_of, plan_rooms  # noqa: E402
from nzc_graph.store import EmbeddedStore  # noqa: E402
from synthetic import generate  # noqa: E402

TARGET_MS = 1000.0


def dealt_overlap(facts: Facts, cities: list[str], rooms: int) -> int:
    """Overlap of the baseline: cities sorted by IRI, dealt into the rooms in turn."""
    total = 0
    for r in range(rooms):
        counts = Counter(c for city in sorted(cities)[r::rooms] for c in challenges_of(facts, city)[0])
        total += sum(n - 1 for n in counts.values() if n > 1)
    return total


def measure(name: str, facts: Facts, cities: list[str], rooms: int, repeat: int) -> None:
    times, plan = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        plan = plan_rooms(facts, cities=cities, rooms=rooms)
        times.append((time.perf_counter() - start) * 1000)
    assert isinstance(plan, RoomPlan)
    base = dealt_overlap(facts, cities, rooms)
    ratio = f"{plan.overlap / base:.2f}" if base else "n/a (baseline 0)"
    print(
        f"{name}, {len(cities)} cities in {rooms} rooms: median {statistics.median(times):.0f} ms "
        f"(target < {TARGET_MS:.0f}), {plan.status}; overlap {plan.overlap} vs dealt-in-turn {base} (ratio {ratio}); "
        f"rooms without a Storyteller {plan.without_storyteller}"
    )


def synthetic_facts() -> Facts:
    """50 cities of the seeded synthetic graph, each with about five challenges out of 40."""
    store = EmbeddedStore(None)
    generate(store, cities=50, challenges=40, kinds=30, practices=100, statements=50)
    settings = Settings(store_kind="memory")
    return load_facts(store, QueryLibrary(settings.queries_dir))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args()  # bench/run.py passes every benchmark the same arguments
    facts = synthetic_facts()
    cities = sorted(facts.cities)
    for rooms in (5, 10):
        measure("synthetic", facts, cities, rooms, args.repeat)
    settings = Settings(store_kind="memory")
    store = EmbeddedStore(None)
    build(settings, store, with_reasoner=False)
    report = load_facts(store, QueryLibrary(settings.queries_dir))
    for number in (1, 2, 3):
        cohort = f"https://w3id.org/nzc/id/cohort/pcp-{number}"
        members = sorted(c.iri for c in report.cities.values() if cohort in c.cohorts)
        measure(f"report cohort {number}", report, members, 4, args.repeat)


if __name__ == "__main__":
    main()
