"""The embedded store's in-memory replica and data version (issue 13, fast reads): an on-disk store
answers from a copy in memory that every write keeps equal, and every write changes the version."""

from __future__ import annotations

import json
import time

import pytest
from rdflib import Graph, URIRef

from nzc_graph.errors import QueryTimeout
from nzc_graph.store import EmbeddedStore, Limits

G1, G2 = "http://example.org/g1", "http://example.org/g2"
JSON = "application/sparql-results+json"


def ttl(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture()
def disk(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.add_graph(G1, ttl("<http://x/a> <http://x/p> 1 ."))
    yield store
    store.close()


def subjects(store: EmbeddedStore) -> set[str]:
    return {str(r["s"]) for r in store.select("SELECT ?s WHERE { ?s ?p ?o }")}


def test_every_kind_of_write_is_seen_by_the_next_query(disk) -> None:
    assert subjects(disk) == {"http://x/a"}  # the replica is made here
    disk.add_graph(G2, ttl("<http://x/b> <http://x/p> 2 ."))
    assert subjects(disk) == {"http://x/a", "http://x/b"}
    disk.clear_graph(G1)
    assert subjects(disk) == {"http://x/b"}
    disk.update("INSERT DATA { GRAPH <http://example.org/g3> { <http://x/c> <http://x/p> 3 } }")
    assert subjects(disk) == {"http://x/b", "http://x/c"}
    disk.replace_graph(G2, ttl("<http://x/d> <http://x/p> 4 ."))
    assert subjects(disk) == {"http://x/c", "http://x/d"}
    assert disk.count() == 2 and disk.graphs() == [G2, "http://example.org/g3"]


def test_the_replica_keeps_the_store_after_a_reopen(tmp_path, disk) -> None:
    subjects(disk)
    disk.add_graph(G2, ttl("<http://x/b> <http://x/p> 2 ."))
    disk.close()
    again = EmbeddedStore(tmp_path / "s")
    try:
        assert subjects(again) == {"http://x/a", "http://x/b"}
    finally:
        again.close()


def test_the_version_changes_with_every_write_and_between_openings(tmp_path, disk) -> None:
    seen = [disk.version]
    for write in (
        lambda: disk.add_graph(G2, ttl("<http://x/b> <http://x/p> 2 .")),
        lambda: disk.clear_graph(G2),
        lambda: disk.update("INSERT DATA { <http://x/c> <http://x/p> 3 }"),
    ):
        subjects(disk)
        write()
        seen.append(disk.version)
    assert len({v.tag for v in seen}) == len(seen)
    assert seen[-1].modified >= seen[0].modified
    subjects(disk)
    assert disk.version == seen[-1]  # reading changes nothing
    other = EmbeddedStore(tmp_path / "other")
    try:
        assert other.version.tag != disk.version.tag  # same number of writes, other opening
    finally:
        other.close()


def test_in_process_answers_carry_their_version_and_the_whole_body(disk) -> None:
    result = disk.serialized_query("SELECT ?s WHERE { ?s ?p ?o }", [JSON])
    assert result.version == disk.version.tag
    assert result.body is not None and b"".join(result.chunks) == result.body
    assert json.loads(result.body)["results"]["bindings"][0]["s"]["value"] == "http://x/a"


def test_workers_answer_from_memory_see_writes_after_refresh_and_are_still_killed(disk) -> None:
    for i in range(300):
        disk.add_graph(G2, ttl(f"<http://x/s{i}> <http://x/p> {i} ."))
    pool = disk.executor(Limits(timeout=1.0), workers=1)
    try:
        first = pool.execute("ASK { <http://x/new> ?p ?o }", [JSON])
        assert b"false" in b"".join(first.chunks) and first.version == disk.version.tag
        disk.add_graph(G1, ttl("<http://x/new> <http://x/p> 0 ."))
        pool.refresh()
        seen = pool.execute("ASK { <http://x/new> ?p ?o }", [JSON])
        assert b"true" in b"".join(seen.chunks) and seen.version == disk.version.tag
        pid = pool._idle.queue[0].process.pid  # noqa: SLF001
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit"):
            pool.execute("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", [JSON])
        assert time.monotonic() - start < 5
        assert pool._idle.queue[0].process.pid != pid  # noqa: SLF001
        assert b"true" in b"".join(pool.execute("ASK { <http://x/new> ?p ?o }", [JSON]).chunks)
    finally:
        pool.close()


def test_a_read_only_opening_answers_in_the_order_of_the_writer(tmp_path, disk) -> None:
    """The CLI beside a server opens the store read-only; unordered results come in the order the
    server gives (both answer from an in-memory copy), so the two print the same."""
    for i in range(50):
        disk.add_graph(f"http://example.org/g{i}", ttl(f"<http://x/s{i}> <http://x/p> <http://x/o{i % 7}> ."))
    query = "SELECT ?s ?o WHERE { ?s <http://x/p> ?o }"
    served = disk.select(query)
    disk.close()
    ro = EmbeddedStore(tmp_path / "s", read_only=True)
    try:
        assert ro.select(query) == served and URIRef("http://x/a") in {r["s"] for r in served}
        assert ro.version.tag
    finally:
        ro.close()


def test_blank_nodes_keep_their_labels_in_the_replica_and_every_snapshot(disk) -> None:
    """Copies are made by parsing N-Quads; they must not rename blank nodes, or the same quad would
    come back under another label after each write (issue 13: withdrawals compared quad sets)."""
    disk.add_graph(G2, ttl("<http://x/a> <http://x/q> [ <http://x/p> 5 ] ."))
    label = str(disk.select("SELECT ?b WHERE { <http://x/a> <http://x/q> ?b }")[0]["b"])
    pool = disk.executor(Limits(timeout=5), workers=1)
    query = "SELECT ?b WHERE { <http://x/a> <http://x/q> ?b }"

    def in_worker() -> str:
        return str(json.loads(b"".join(pool.execute(query, [JSON]).chunks))["results"]["bindings"][0]["b"]["value"])

    try:
        assert in_worker() == label
        disk.add_graph("http://example.org/g3", ttl("<http://x/c> <http://x/p> 3 ."))
        pool.refresh()
        assert in_worker() == label
        disk.update("INSERT DATA { <http://x/d> <http://x/p> 4 }")  # the replica is copied again
        pool.refresh()
        assert str(disk.select(query)[0]["b"]) == label and in_worker() == label
    finally:
        pool.close()


def test_a_remote_store_has_no_version_so_nothing_is_cached_from_it() -> None:
    """Other clients may write to a remote endpoint: it cannot tell when its data changed."""
    from nzc_graph.store import RemoteStore

    assert RemoteStore("http://127.0.0.1:9/sparql", timeout=1).version is None
