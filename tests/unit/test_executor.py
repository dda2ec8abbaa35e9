"""Query limits in worker processes: time limit kills the work, size limit refuses, writes are seen."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph

from nzc_graph.errors import QueryRefused, QueryTimeout, ResultTooLarge
from nzc_graph.store import EmbeddedStore, Limits

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def small_store(tmp_path):
    s = EmbeddedStore(tmp_path / "s")
    s.add_graph(
        "http://g",
        Graph().parse(data="\n".join(f"<http://s{i}> <http://p> {i} ." for i in range(300)), format="turtle"),
    )
    return s


def test_time_limit_kills_and_replaces_the_worker(small_store) -> None:
    ex = small_store.executor(Limits(timeout=1.0), workers=1)
    try:
        pid = ex._idle.queue[0].process.pid  # noqa: SLF001
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit"):
            b"".join(ex.execute(RUNAWAY, ["application/sparql-results+json"]).chunks)
        assert time.monotonic() - start < 5
        res = ex.execute("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", ["text/csv"])
        assert b"300" in b"".join(res.chunks)
        assert ex._idle.queue[0].process.pid != pid  # noqa: SLF001
    finally:
        ex.close()


def test_result_size_limit(small_store) -> None:
    ex = small_store.executor(Limits(timeout=5, max_bytes=2000), workers=1)
    try:
        with pytest.raises(ResultTooLarge):
            ex.execute("SELECT * WHERE { ?s ?p ?o }", ["application/sparql-results+json"])
        ok = ex.execute("SELECT * WHERE { ?s ?p ?o } LIMIT 2", ["text/csv"])
        assert b"http://p" in b"".join(ok.chunks)
    finally:
        ex.close()


def test_refresh_makes_writes_visible_and_updates_are_refused(small_store) -> None:
    ex = small_store.executor(Limits(timeout=5), workers=1)
    try:
        small_store.add_graph("http://g2", Graph().parse(data="<http://new> <http://p> 1 .", format="turtle"))
        ask = "ASK { <http://new> ?p ?o }"
        assert b"false" in b"".join(ex.execute(ask, ["application/sparql-results+json"]).chunks)
        ex.refresh()
        assert b"true" in b"".join(ex.execute(ask, ["application/sparql-results+json"]).chunks)
        with pytest.raises(QueryRefused):
            ex.execute("DELETE WHERE { ?s ?p ?o }", ["text/csv"])
    finally:
        ex.close()
