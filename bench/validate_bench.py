"""Benchmark: validating a typical submission (<= 200 triples) against the shapes.

Ours: the shapes parsed once, SPARQL texts prepared once, and as context only what the store says
about the IRIs the submission mentions (queries/context-for-validation.rq).
Baseline ("whole-graph pyshacl"): pyshacl.validate on the submission plus the whole curated data,
with the ontology as ont_graph and the shapes re-read each time, as a first version would do.

Prints the median and p90 of each and the ratio baseline/ours. Target: median well under 200 ms.
Run: python bench/validate_bench.py [--runs 30] [--practices 12]
"""

from __future__ import annotations

import argparse
import statistics
import time

from pyshacl import validate as shacl_validate
from rdflib import Graph

from nzc_graph.config import Settings
from nzc_graph.graph.build import build, load_sources, skolemize_quotes
from nzc_graph.graph.validate import load_shapes
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.service import read_submission, validator_for

KINDS = ("financial-architect-role", "climate-pact-with-companies", "participatory-budgeting")
CHALLENGES = ("lack-of-financial-expertise", "stakeholder-fatigue", "internal-silos")
STATUSES = ("proposed", "planned", "piloting", "implemented", "scaled")


def typical_submission(practices: int) -> str:
    """`practices` new practice adoptions of Aachen, each with a label, description, two
    challenges, a theme and a quote: about 14 triples each."""
    head = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/nzc/id/> .
"""
    blocks = []
    for i in range(practices):
        kind, status = KINDS[i % len(KINDS)], STATUSES[i % len(STATUSES)]
        blocks.append(f"""
<https://w3id.org/nzc/id/practice/aachen--bench-practice-{i}> a nzc:PracticeAdoption ;
    rdfs:label "Aachen bench practice {i}"@en ;
    nzc:city <https://w3id.org/nzc/id/city/aachen> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/{kind}> ;
    nzc:status <https://w3id.org/nzc/id/status/{status}> ;
    dcterms:description "A practice written for the validation benchmark, number {i}."@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/{CHALLENGES[i % 3]}> ,
        <https://w3id.org/nzc/id/challenge/{CHALLENGES[(i + 1) % 3]}> ;
    nzc:theme <https://w3id.org/nzc/id/theme/finance> ;
    nzc:evidence [ a nzc:Quote ;
        nzc:quoteText "To address this, Aachen aims to hire a financial architect number {i}" ;
        nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ] .
""")
    return head + "".join(blocks)


def timed(fn: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def summary(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    p90 = sorted(times)[int(0.9 * (len(times) - 1))]
    print(f"{name:<24} median {median * 1000:8.1f} ms   p90 {p90 * 1000:8.1f} ms   ({len(times)} runs)")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--practices", type=int, default=12)
    args = parser.parse_args()
    settings = Settings(store_kind="memory")
    store = EmbeddedStore(None)
    build(settings, store, with_reasoner=False)
    text = typical_submission(args.practices)
    graph = read_submission(text, "turtle", "bench")
    print(f"submission: {len(graph)} triples; store: {store.count()} quads")
    validator = validator_for(settings.shapes_dir, settings.queries_dir)
    report = validator.check(store, graph, new_only=True).report
    assert report.conforms, report.text()

    def ours() -> None:
        validator.check(store, read_submission(text, "turtle", "bench"), new_only=True)

    sources = load_sources(settings)

    def baseline() -> None:
        data = Graph()
        data += skolemize_quotes(read_submission(text, "turtle", "bench"))
        data += sources.data
        shacl_validate(
            data,
            shacl_graph=load_shapes(settings.shapes_dir),
            ont_graph=sources.ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )

    ours_median = summary("ours", timed(ours, args.runs))
    base_median = summary("whole-graph pyshacl", timed(baseline, max(3, args.runs // 10)))
    print(f"ratio whole-graph pyshacl / ours: {base_median / ours_median:.1f}x")
    print(f"target: median under 200 ms -> {'met' if ours_median < 0.2 else 'NOT met'}")


if __name__ == "__main__":
    main()
