"""Benchmark: GET /ask latency on the report graph (target: median < 20 ms).

Asks every fact and match question of the dev sets and a sample of the solved and faces ones, and
prints the median latency per intent and over all: of the domain call (`answer_question`, with the
lexicon read once, as the app does) and of the route through the app in-process (FastAPI's
TestClient: routing, validation and JSON included, no network). The named baseline is the named
SPARQL query one fact answer runs (list-figures bound to a city), what an analyst runs by hand.

Run: python bench/ask_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.graph.build import build
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.answers import Sources, answer_question
from nzc_graph.search.index import build_index
from nzc_graph.search.intents import load_lexicon, recognise
from nzc_graph.store import EmbeddedStore

TARGET_MS = 20.0
SEARCH_SAMPLE = 12  # solved and faces questions (the plain-words search has its own bench)


def questions(settings: Settings) -> list[str]:
    out: list[str] = []
    for name, sample in (("dev_facts.jsonl", None), ("dev_match.jsonl", None), ("dev_questions.jsonl", SEARCH_SAMPLE)):
        lines = (settings.root / "eval" / name).read_text(encoding="utf-8").splitlines()
        found = [json.loads(line)["question"] for line in lines if line.strip() and not line.startswith("//")]
        out += found[:: max(1, len(found) // sample)][:sample] if sample else found
    return out


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="/ask latency on the report graph")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(store_kind="memory", search_semantic="off", query_workers=1)
    store = EmbeddedStore(None)
    build(settings, store, with_reasoner=False)
    library = QueryLibrary(settings.queries_dir)
    sources = Sources(build_index(store, library, "off"), store, library)
    lexicon = load_lexicon(sources.index, store, library)
    asked = questions(settings)
    by_intent: dict[str, list[float]] = {}
    for q in asked:
        answer_question(sources, q, lexicon=lexicon)  # warm caches (stems, typo guesses)
        by_intent.setdefault(recognise(lexicon, q).intent, []).extend(
            timed(lambda q=q: answer_question(sources, q, lexicon=lexicon), args.repeat)
        )
    every = [t for ts in by_intent.values() for t in ts]
    for intent, ts in sorted(by_intent.items()):
        print(f"answer_question [{intent}]: median {statistics.median(ts):.2f} ms over {len(ts)} calls")
    domain = statistics.median(every)
    print(f"answer_question: median {domain:.2f} ms (target < {TARGET_MS:.0f}) over {len(asked)} questions")
    with TestClient(create_app(settings, store)) as client:
        client.get("/ask", params={"q": asked[0]})  # the index and lexicon are built on first use
        route = [t for q in asked for t in timed(lambda q=q: client.get("/ask", params={"q": q}), args.repeat)]
    base = timed(lambda: library.select(store, "list-figures", {"about": "https://w3id.org/nzc/id/city/turku"}), 20)
    median, p90, baseline = statistics.median(route), sorted(route)[int(len(route) * 0.9)], statistics.median(base)
    print(f"GET /ask in-process: median {median:.2f} ms (target < {TARGET_MS:.0f}); p90 {p90:.2f} ms")
    print(f"baseline list-figures.rq (about a city): median {baseline:.2f} ms; ratio {median / baseline:.2f}")


if __name__ == "__main__":
    main()
