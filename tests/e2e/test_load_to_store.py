"""`nzc-graph load --to URL` against a real Oxigraph server: the built graphs arrive whole, a second
load sends nothing, a load stopped before its switch changes nothing and resumes, graphs no longer
built are dropped, and `nzc-graph status` reports what the store holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rdflib.compare import isomorphic
from tests.samples import built_folder as folder_of

from nzc_graph.errors import StoreUnavailable
from nzc_graph.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH
from nzc_graph.store import EmbeddedStore, RemoteStore
from nzc_graph.store.loading import LOADS_GRAPH, STAGING, Target, load_store, read_graphs, remote_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built_folder(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built graph in an on-disk store folder, as `nzc-graph build` leaves it."""
    return folder_of(store, tmp_path_factory.mktemp("built") / "store")


@pytest.fixture
def target(oxigraph_server: str) -> Target:
    RemoteStore(oxigraph_server + "/query", oxigraph_server + "/update").update("DROP ALL")
    return Target.oxigraph(oxigraph_server)


def counts(target: Target) -> dict[str, int]:
    """The graphs readers use: not the load record, not staging graphs."""
    graphs = remote_status(target.query).graphs.items()
    return {g: n for g, n in graphs if g != LOADS_GRAPH and not g.startswith(STAGING)}


def test_every_graph_arrives_whole_even_in_small_chunks(
    built_folder: Path, store: EmbeddedStore, target: Target
) -> None:
    report = load_store(built_folder, target, chunk_triples=500)
    assert counts(target) == {g: store.count(g) for g in store.graphs()}
    assert report.requests > len(report.graphs) + 3  # the data graph went in several chunks
    remote = RemoteStore(target.query, target.update)
    for graph in (str(DATA_GRAPH), str(ONTOLOGY_GRAPH)):  # the ontology has blank nodes
        assert isomorphic(remote.export(graph), store.export(graph)), graph
    assert not [g for g in remote_status(target.query).graphs if g.startswith(STAGING)]


def test_loading_twice_gives_the_same_graphs_and_sends_nothing(built_folder: Path, target: Target) -> None:
    load_store(built_folder, target)
    first, version = counts(target), remote_status(target.query).version
    again = load_store(built_folder, target)
    assert counts(target) == first and remote_status(target.query).version == version is not None
    assert again.sent == [] and sorted(again.kept) == sorted(first)


def test_a_graph_dropped_since_the_last_load_is_loaded_again(built_folder: Path, target: Target) -> None:
    first = load_store(built_folder, target)
    RemoteStore(target.query, target.update).update(f"DROP GRAPH <{DATA_GRAPH}>")  # by another writer
    again = load_store(built_folder, target)
    assert again.sent == [str(DATA_GRAPH)] and str(DATA_GRAPH) not in again.kept
    assert counts(target) == first.graphs


def test_a_load_stopped_before_its_switch_changes_nothing_and_resumes(built_folder: Path, target: Target) -> None:
    plans = read_graphs(built_folder)
    old = [p for p in plans if p.iri != str(DATA_GRAPH)]
    load_store(built_folder, target, plans=old)  # what readers see before the new load
    before = counts(target)
    broken = Target(target.graph_store, target.query.replace("/query", "/no-such-update"), target.query)
    with pytest.raises(StoreUnavailable, match="switching to the loaded graphs.*run the load again"):
        load_store(built_folder, broken, attempts=2, backoff=0.01)
    assert counts(target) == before  # staged, not switched: readers saw nothing change
    assert RemoteStore(target.query).count() == sum(before.values())  # nor do queries see the staged graphs
    resumed = load_store(built_folder, target)
    assert resumed.resumed == [str(DATA_GRAPH)] and resumed.sent == []
    assert counts(target) == {p.iri: p.triples for p in plans}
    assert not [g for g in remote_status(target.query).graphs if g.startswith(STAGING)]


def test_graphs_no_longer_built_are_dropped(built_folder: Path, target: Target) -> None:
    plans = read_graphs(built_folder)
    load_store(built_folder, target, plans=plans)
    fewer = load_store(built_folder, target, plans=[p for p in plans if p.iri != str(ONTOLOGY_GRAPH)])
    assert fewer.dropped == [str(ONTOLOGY_GRAPH)] and str(ONTOLOGY_GRAPH) not in counts(target)


def test_a_store_that_does_not_answer_is_a_clear_error(built_folder: Path) -> None:
    with pytest.raises(StoreUnavailable, match="reading the target: ConnectError"):
        load_store(built_folder, Target.oxigraph("http://127.0.0.1:9"), attempts=2, backoff=0.01)


def test_the_commands_load_and_report_status(built_folder: Path, target: Target) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "nzc_graph.cli", *args]
        env = {**os.environ, "COLUMNS": "200"}
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    base = target.graph_store.removesuffix("/store")
    loaded = cli("load", "--to", base, "--store", str(built_folder))
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded" in loaded.stdout and "sent" in loaded.stdout
    status = cli("status", "--endpoint", target.query)
    assert status.returncode == 0, status.stderr
    assert str(DATA_GRAPH) in status.stdout and "last load: 20" in status.stdout
    assert "data version: not recorded" not in status.stdout
    usage = cli("load", "--store", str(built_folder))
    assert usage.returncode == 2 and "--to http://host:7878" in usage.stderr + usage.stdout
    assert httpx.get(target.query, params={"query": "ASK {}"}).status_code == 200
