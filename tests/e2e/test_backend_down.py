"""The API over a remote store (a real Oxigraph server) when that store goes away: requests that
need it get a 503 naming it, `/health` says which dependency is down and answers fast, and when
the store is back the API answers again by itself."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.servers import OxigraphServer

from nzc_graph.devtools.devserver import scratch_server
from nzc_graph.store import EmbeddedStore

pytestmark = pytest.mark.e2e
ASK = "ASK { ?c a <https://w3id.org/nzc/ontology#City> }"


@pytest.fixture(scope="module")
def backend(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    folder = tmp_path_factory.mktemp("backend")
    server = OxigraphServer(folder / "oxigraph")
    server.start()
    server.load(store, folder / "built")
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def api(backend: OxigraphServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("api") / "server.log"
    with scratch_server(env=backend.remote_env(), log=log) as (base, _key):
        yield base


def test_store_down_is_a_503_naming_it_and_the_api_recovers(api: str, backend: OxigraphServer) -> None:
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
