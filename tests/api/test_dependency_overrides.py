"""In-process API tests: the app on FastAPI's TestClient, with services swapped through
`dependency_overrides`. The real-server tests in tests/e2e/ stay the proof of the whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.api.deps import get_keys, get_queries, get_store
from nzc_graph.config import Settings
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.apikeys import KeyRing


@pytest.fixture(scope="module")
def app(app_settings: Settings, store: EmbeddedStore) -> Iterator[FastAPI]:
    application = create_app(app_settings, store)
    yield application


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.dependency_overrides.clear()


def test_services_are_built_when_the_app_starts(client: TestClient) -> None:
    r = client.get("/queries/count-cities-by-role", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    rows = r.json()["results"]["bindings"]
    assert {row["roleLabel"]["value"] for row in rows} >= {"Mission City", "Pilot City"}
    r = client.get("/solved", params={"q": "partners tired of too many initiatives"})
    assert r.status_code == 200 and r.json()["results"], r.text


def test_an_overridden_store_answers_pages_and_queries(client: TestClient, app: FastAPI) -> None:
    assert client.get("/id/city/kozani.ttl").status_code == 200
    empty = EmbeddedStore(None)
    app.dependency_overrides[get_store] = lambda: empty
    r = client.get("/id/city/kozani.ttl", headers={"Accept": "application/json"})
    assert r.status_code == 404 and "kozani" in r.text, r.text


def test_an_overridden_query_library_serves_its_own_queries(client: TestClient, app: FastAPI, tmp_path: Path) -> None:
    (tmp_path / "count-triples.rq").write_text(
        "# title: Count triples\n# description: How many triples.\n# columns: n\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
    )
    app.dependency_overrides[get_queries] = lambda: QueryLibrary(tmp_path)
    listed = [q["name"] for q in client.get("/queries").json()["queries"]]
    assert listed == ["count-triples"]
    assert client.get("/queries/count-cities-by-role").status_code == 404


def test_an_overridden_key_ring_decides_who_may_write(client: TestClient, app: FastAPI) -> None:
    turtle = "@prefix ex: <http://example.org/> . ex:a ex:b ex:c ."
    headers = {"Content-Type": "text/turtle", "Authorization": "Bearer k-123"}
    r = client.post("/submissions", content=turtle, headers=headers)
    assert r.status_code == 401, r.text  # the app's own key ring has no such key
    app.dependency_overrides[get_keys] = lambda: KeyRing("k-123", None)
    r = client.post("/submissions", content=turtle, headers=headers)
    assert r.status_code != 401, r.text  # the key is now known; what follows is validation
    assert r.status_code in (201, 422), r.text
