"""Shared fixtures: settings on this checkout, a built in-memory store, a real server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nzc_graph.build import BuildSummary, build
from nzc_graph.config import Settings, project_root
from nzc_graph.devserver import free_port, wait_ready
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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`nzc-graph serve` as a real process on a free port, with its own on-disk store."""
    port = free_port()
    store_dir = tmp_path_factory.mktemp("server") / "store"
    env = {**os.environ, "NZC_STORE_PATH": str(store_dir), "NZC_ADMIN_KEY": "test-admin-key",
           "NZC_QUERY_TIMEOUT": "3", "NZC_SEARCH_SEMANTIC": "off"}
    log = (tmp_path_factory.getbasetemp() / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "nzc_graph.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/health", proc, 180.0)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
