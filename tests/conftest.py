"""Shared fixtures: settings on this checkout, a built in-memory store, a real server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.backends import BACKENDS, BackendApis, skip_unless_available
from tests.listening import Listener

from nzc_graph.config import Settings, project_root
from nzc_graph.devtools.devserver import free_port, scratch_server, wait_ready
from nzc_graph.devtools.stores import oxigraph_binary
from nzc_graph.graph.build import BuildSummary, build
from nzc_graph.store import EmbeddedStore

ROOT = project_root()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(root=ROOT, store_kind="memory")


@pytest.fixture(scope="session")
def source_text(settings: Settings) -> str:
    path = settings.source_text_path
    if not path.is_file():
        pytest.skip(f"source report not found at ../shared/sources/ ({path.name}); the quote tests need it")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(settings: Settings) -> tuple[EmbeddedStore, BuildSummary]:
    """The full curated graph, built once with rules but without HermiT (fast)."""
    store = EmbeddedStore(None)
    summary = build(settings, store, with_reasoner=False)
    return store, summary


@pytest.fixture(scope="session")
def store(built: tuple[EmbeddedStore, BuildSummary]) -> EmbeddedStore:
    return built[0]


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`nzc-graph serve` as a real process on a free port, with its own on-disk store (built on
    start): (base URL, store folder). The server holds the store open while the session runs."""
    store_dir = tmp_path_factory.mktemp("server") / "store"
    with scratch_server(
        store=store_dir,
        build=True,
        admin_key="test-admin-key",
        env={"NZC_QUERY_TIMEOUT": "3", "NZC_SEARCH_SEMANTIC": "off"},
        log=tmp_path_factory.getbasetemp() / "server.log",
    ) as (base, _key):
        yield base, store_dir


@pytest.fixture(scope="session")
def server(served: tuple[str, Path]) -> str:
    return served[0]


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A loopback listener standing in for an internal service (tests/listening.py)."""
    ear = Listener()
    yield ear
    ear.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on an on-disk store (union default graph): its base URL, with
    /query, /update and /store (Graph Store Protocol)."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("this test needs the Oxigraph server (pip install oxigraph)")
    port = free_port()
    location = str(tmp_path_factory.mktemp("oxi"))
    command = [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/query?query=ASK%7B%7D", proc, 30)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def backend_apis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackendApis]:
    """API processes over each backend, holding the same graph (tests/backends.py)."""
    apis = BackendApis(tmp_path_factory.mktemp("backends"))
    yield apis
    apis.close()


@pytest.fixture(scope="session", params=BACKENDS)
def backend_api(request: pytest.FixtureRequest, backend_apis: BackendApis) -> str:
    """The base URL of an API process over each backend in turn: embedded (the session's
    `server`), Oxigraph server, Virtuoso."""
    skip_unless_available(request.param)
    return backend_apis.base(request.param, request.getfixturevalue("served"))
