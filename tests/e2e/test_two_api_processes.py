"""Two `nzc-graph serve` processes over one remote store (a real Oxigraph server) behind nginx:
what one accepts the other serves, and each process's caches (search index, response cache,
ETags) follow the store's data version, not its own writes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest
from tests.samples import practice
from tests.servers import Nginx, OxigraphServer

from nzc_graph.devtools.devserver import scratch_server
from nzc_graph.store import EmbeddedStore

pytestmark = pytest.mark.e2e
ADMIN_KEY = "two-process-admin-key"
PRACTICE = practice("shared-store", label="A practice sent to one of two API processes")


@pytest.fixture(scope="module")
def deployment(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """(process A, process B, nginx in front of both)."""
    folder = tmp_path_factory.mktemp("two")
    backend = OxigraphServer(folder / "oxigraph")
    backend.start()
    with ExitStack() as stack:
        stack.callback(backend.kill)
        backend.load(store, folder / "built")
        bases = [
            stack.enter_context(
                scratch_server(env=backend.remote_env(), admin_key=ADMIN_KEY, log=folder / f"api-{n}.log")
            )[0]
            for n in "ab"
        ]
        proxy = Nginx(folder, bases)
        stack.callback(proxy.stop)
        yield bases[0], bases[1], proxy.base


def aachen_practices(base: str) -> int:
    cities = httpx.get(base + "/cities", headers={"Accept": "application/json"}, timeout=30).json()["cities"]
    return next(c for c in cities if c["iri"].endswith("/city/aachen"))["practices"]


def eventually(check: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the other process did not see the write in time"
        time.sleep(0.2)


def test_a_write_through_one_process_is_served_by_the_other(deployment: tuple[str, str, str]) -> None:
    a, b, proxy = deployment
    before = aachen_practices(b)
    page = httpx.get(b + "/id/city/aachen.ttl")  # a data route: ETag and B's response cache
    assert "aachen--shared-store" not in page.text
    created = httpx.post(
        a + "/submissions",
        content=PRACTICE,
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {ADMIN_KEY}"},
        timeout=60,
    )
    assert created.status_code == 201, created.text
    sub = created.json()["id"]
    assert httpx.get(f"{b}/submissions/{sub}").status_code == 200
    eventually(lambda: aachen_practices(b) == before + 1)  # B's search index followed the store
    again = httpx.get(b + "/id/city/aachen.ttl", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 200 and again.headers["etag"] != page.headers["etag"]  # no stale 304
    assert "aachen--shared-store" in again.text
    for _ in range(4):  # through the proxy, both processes answer alike
        assert aachen_practices(proxy) == before + 1
    withdrawn = httpx.delete(f"{b}/submissions/{sub}", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=60)
    assert withdrawn.status_code == 200, withdrawn.text
    eventually(lambda: aachen_practices(a) == before)
