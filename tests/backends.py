"""The functional suite on every backend: `nzc-graph serve` over the embedded store (the session's
`served` process), over an Oxigraph server and over Virtuoso, the two loaded from the embedded
server's store with the code of `nzc-graph load`, so all three hold the same graph. The stores
are the ones `.ci/run` started (NZC_TEST_OXIGRAPH, NZC_TEST_VIRTUOSO), else started here once per
session; either way each is emptied of our graphs before the load.

A test module runs on every backend by taking `server` from `backend_api`:

    @pytest.fixture(scope="module")
    def server(backend_api: str) -> str:
        return backend_api
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from tests.servers import OxigraphServer, VirtuosoServer, remote_env

from nzc_graph.devtools import stores
from nzc_graph.devtools.devserver import scratch_server
from nzc_graph.store.loading import load_store

BACKENDS = ("embedded", "oxigraph", "virtuoso")
ADMIN_KEY = "test-admin-key"  # the key of the session's embedded server too (tests/conftest.py)


class BackendApis:
    """backend → base URL of an API process over it, started on first use, stopped at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stack = ExitStack()
        self.bases: dict[str, str] = {}

    def endpoints(self, name: str) -> stores.StoreEndpoints:
        found = stores.from_env(name)
        if found is not None:
            return found
        server = {"oxigraph": OxigraphServer, "virtuoso": VirtuosoServer}[name](self.folder / name)
        server.start()
        self.stack.callback(server.kill)
        return server.endpoints()

    def base(self, name: str, served: tuple[str, Path]) -> str:
        """The API over `name`; `served` is the embedded server and its store folder."""
        if name == "embedded":
            return served[0]
        if name not in self.bases:
            endpoints = self.endpoints(name)
            endpoints.reset()
            load_store(served[1], endpoints.target(), auth=endpoints.http_auth())
            env = {**remote_env(endpoints), "NZC_QUERY_TIMEOUT": "3"}
            log = self.folder / f"api-over-{name}.log"
            self.bases[name] = self.stack.enter_context(scratch_server(env=env, admin_key=ADMIN_KEY, log=log))[0]
        return self.bases[name]

    def close(self) -> None:
        self.stack.close()


def skip_unless_available(name: str) -> None:
    if name == "virtuoso" and stores.from_env(name) is None and not stores.VirtuosoServer.available():
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource)")
    if name == "oxigraph" and stores.from_env(name) is None and not stores.OxigraphServer.available():
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
