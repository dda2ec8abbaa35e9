"""The API over a remote store (a real Oxigraph server) when that store goes away: requests that
need it get a 503 naming it, `/health` says which dependency is down and answers fast, and when
the store is back the API answers again by itself."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import oxigraph_binary

from nzc_graph.devtools.devserver import free_port, scratch_server, wait_ready
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.loading import Target, load_store

pytestmark = pytest.mark.e2e
ASK = "ASK { ?c a <https://w3id.org/nzc/ontology#City> }"


class Oxigraph:
    """An Oxigraph server on a fixed port and folder, so it can be stopped and started again."""

    def __init__(self, folder: Path) -> None:
        binary = oxigraph_binary()
        if binary is None:
            pytest.skip("this test needs the Oxigraph server (pip install oxigraph)")
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "serve", "--location", str(self.folder), "--bind", f"127.0.0.1:{self.port}"]
        self.proc = subprocess.Popen(
            [*command, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_ready(self.base + "/query?query=ASK%7B%7D", self.proc, 30)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def backend(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    folder = tmp_path_factory.mktemp("backend")
    built = folder / "built"
    disk = EmbeddedStore(built)
    for g in store.graphs():
        disk.add_graph(g, store.export(g))
    disk.close()
    server = Oxigraph(folder / "oxigraph")
    server.start()
    load_store(built, Target.oxigraph(server.base))
    try:
        yield server
    finally:
        if server.proc and server.proc.poll() is None:
            server.kill()


@pytest.fixture(scope="module")
def api(backend: Oxigraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        "NZC_STORE_KIND": "remote",
        "NZC_SPARQL_ENDPOINT": backend.base + "/query",
        "NZC_UPDATE_ENDPOINT": backend.base + "/update",
        "NZC_SEARCH_SEMANTIC": "off",
        "NZC_QUERY_TIMEOUT": "3",
    }
    log = tmp_path_factory.mktemp("api") / "server.log"
    with scratch_server(env=env, log=log) as (base, _key):
        yield base


def test_store_down_is_a_503_naming_it_and_the_api_recovers(api: str, backend: Oxigraph) -> None:
    with httpx.Client(base_url=api, timeout=10) as c:
        assert c.get("/health").json()["status"] == "ok"
        assert c.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"}).json()[
            "boolean"
        ]
        backend.kill()
        started = time.monotonic()
        health = c.get("/health")
        assert time.monotonic() - started < 1.0
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable" and backend.base in health.json()["message"]
        down = c.get("/sparql", params={"query": ASK + " # down"})
        assert down.status_code == 503 and backend.base in down.json()["message"]
        assert down.json()["error"] == "StoreUnavailable"
        backend.start()
        assert c.get("/health").json()["status"] == "ok"
        back = c.get(
            "/sparql", params={"query": ASK + " # back"}, headers={"Accept": "application/sparql-results+json"}
        )
        assert back.status_code == 200 and back.json()["boolean"] is True


def test_a_store_that_never_answers_does_not_hang_the_api(tmp_path: Path) -> None:
    """A backend that takes connections and never answers: /health says so within a second, a
    query gets its 503 at the query time limit, not later."""
    silent = socket.create_server(("127.0.0.1", 0), backlog=64)  # accepts connections, never reads
    endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
    env = {"NZC_STORE_KIND": "remote", "NZC_SPARQL_ENDPOINT": endpoint, "NZC_QUERY_TIMEOUT": "2"}
    try:
        with scratch_server(env=env, log=tmp_path / "server.log", ready="/openapi.json") as (base, _key):
            with httpx.Client(base_url=base, timeout=20) as c:
                started = time.monotonic()
                health = c.get("/health")
                assert time.monotonic() - started < 1.0
                assert health.status_code == 503 and endpoint in health.json()["dependency"]
                assert "did not answer within" in health.json()["message"]
                started = time.monotonic()
                query = c.get("/sparql", params={"query": ASK})
                assert time.monotonic() - started < 2 + 3  # its limit, plus the slack of a thread pool
                assert query.status_code == 503 and endpoint in query.json()["message"]
    finally:
        silent.close()
