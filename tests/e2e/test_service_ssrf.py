"""No server-side request forgery through SERVICE: every bypass spelling of the catalogue, sent to
a real server as GET, POST and (with the admin key) as an update, is refused with 403 — and a local
listener standing in for an internal service receives nothing."""

from __future__ import annotations

import httpx
import pytest
from tests.listening import Listener
from tests.unit.test_service_check import bypasses

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


def test_the_listener_hears_a_direct_call(listener: Listener) -> None:
    httpx.get(f"http://127.0.0.1:{listener.port}/x", timeout=5)
    assert listener.hits == 1


def test_no_bypass_reaches_the_listener(server: str, listener: Listener) -> None:
    catalogue = bypasses(f"http://127.0.0.1:{listener.port}/x")
    for name, query in catalogue.items():
        for r in (
            httpx.get(server + "/sparql", params={"query": query}, timeout=30),
            httpx.post(server + "/sparql", data={"query": query}, timeout=30),
            httpx.post(
                server + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}, timeout=30
            ),
        ):
            assert r.status_code == 403, (name, r.status_code, r.text[:300])
            assert "SERVICE" in r.text, name
    assert listener.hits == 0


def test_updates_with_service_are_refused_too(server: str, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/x"
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ FILTER(1<2)SERVICE<{target}>{{ ?s ?p ?o }} }}"
    r = httpx.post(
        server + "/sparql/update",
        content=update,
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer test-admin-key"},
        timeout=30,
    )
    assert r.status_code == 403, r.text
    assert listener.hits == 0
