"""Access control on every write path, in-process: POST /submissions, DELETE /submissions/{id}
and POST /sparql/update all go through one key ring (keys file and NZC_ADMIN_KEY). A city key
writes only about its own city; withdrawing and SPARQL updates need an admin key; a revoked key
is refused on every path at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.apikeys import hash_key
from nzc_graph.submissions.keyfile import add_key, revoke_key

PRACTICE = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nzc/id/practice/{city}--{name}> a nzc:PracticeAdoption ;
    rdfs:label "A practice sent to test access control"@en ;
    nzc:city <https://w3id.org/nzc/id/city/{city}> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/planned> ;
    dcterms:description "The city describes a practice to test who may write."@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> ;
    nzc:evidence [ a nzc:Quote ; nzc:quoteText "This sentence stands in for a verbatim quote." ;
        nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ] .
"""
TTL = {"Content-Type": "text/turtle"}
UPDATE = {"Content-Type": "application/sparql-update"}
INSERT = (
    "INSERT DATA { GRAPH <http://example.org/g> { <https://w3id.org/nzc/id/city/aachen> <http://example.org/p> 1 } }"
)
ASK = "ASK { <https://w3id.org/nzc/id/city/aachen> <http://example.org/p> 1 }"


def practice(city: str, name: str) -> str:
    return PRACTICE.format(city=city, name=name)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class Keys:
    def __init__(self, folder: Path) -> None:
        self.file = folder / "keys"
        self.aachen = add_key(self.file, "aachen", "Aachen climate office")
        self.admin = add_key(self.file, "admin", "Programme staff")


@pytest.fixture(scope="module")
def writable(store: EmbeddedStore) -> EmbeddedStore:
    """A private copy of the built store that these tests write to."""
    copy = EmbeddedStore(None)
    for g in store.graphs():
        copy.add_graph(g, store.export(g))
    return copy


@pytest.fixture()
def keys(tmp_path: Path) -> Keys:
    return Keys(tmp_path)


@pytest.fixture()
def client(app_settings: Settings, writable: EmbeddedStore, keys: Keys, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings.model_validate(
        {**app_settings.model_dump(), "admin_key": "settings-admin-key", "api_keys_file": keys.file}
    )
    with TestClient(create_app(settings, writable)) as c:
        yield c


def ask(client: TestClient, query: str) -> bool:
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def test_a_city_key_writes_only_about_its_own_city(client: TestClient, keys: Keys) -> None:
    foreign = client.post(
        "/submissions", content=practice("leuven", "from-aachen"), headers={**TTL, **bearer(keys.aachen)}
    )
    assert foreign.status_code == 403, foreign.text
    assert "this key is for city aachen" in foreign.json()["message"] and "city/leuven" in foreign.json()["message"]
    assert not ask(client, "ASK { <https://w3id.org/nzc/id/practice/leuven--from-aachen> ?p ?o }")
    own = client.post("/submissions", content=practice("aachen", "own-city"), headers={**TTL, **bearer(keys.aachen)})
    assert own.status_code == 201, own.text
    by_admin = client.post(
        "/submissions", content=practice("leuven", "by-admin"), headers={**TTL, **bearer(keys.admin)}
    )
    assert by_admin.status_code == 201, by_admin.text


def test_withdrawing_needs_an_admin_key(client: TestClient, keys: Keys) -> None:
    r = client.post("/submissions", content=practice("aachen", "to-withdraw"), headers={**TTL, **bearer(keys.aachen)})
    assert r.status_code == 201, r.text
    url = f"/submissions/{r.json()['id']}"
    own = client.delete(url, headers=bearer(keys.aachen))
    assert own.status_code == 403 and "only an admin key may withdraw" in own.json()["message"]
    assert client.delete(url).status_code == 401
    assert client.get(url).status_code == 200
    assert client.delete(url, headers=bearer(keys.admin)).status_code == 200
    assert client.get(url).status_code == 404


def test_sparql_update_needs_an_admin_key_from_either_source(client: TestClient, keys: Keys) -> None:
    assert client.post("/sparql/update", content=INSERT, headers=UPDATE).status_code == 401
    assert client.post("/sparql/update", content=INSERT, headers={**UPDATE, **bearer("guess")}).status_code == 401
    city = client.post("/sparql/update", content=INSERT, headers={**UPDATE, **bearer(keys.aachen)})
    assert city.status_code == 403 and "needs an admin key" in city.json()["message"], city.text
    assert "for city aachen" in city.json()["message"]
    assert not ask(client, ASK)  # even an update about its own city is refused
    assert client.post("/sparql/update", content=INSERT, headers={**UPDATE, **bearer(keys.admin)}).status_code == 204
    assert ask(client, ASK)
    drop = client.post(
        "/sparql/update",
        content="DROP GRAPH <http://example.org/g>",
        headers={**UPDATE, **bearer("settings-admin-key")},
    )
    assert drop.status_code == 204 and not ask(client, ASK)


def test_a_revoked_key_is_refused_on_every_write_path(client: TestClient, keys: Keys) -> None:
    r = client.post("/submissions", content=practice("aachen", "before-revoke"), headers={**TTL, **bearer(keys.admin)})
    assert r.status_code == 201, r.text
    revoke_key(keys.file, hash_key(keys.admin)[:12])
    refused = [
        client.post("/submissions", content=practice("aachen", "after-revoke"), headers={**TTL, **bearer(keys.admin)}),
        client.delete(f"/submissions/{r.json()['id']}", headers=bearer(keys.admin)),
        client.post("/sparql/update", content=INSERT, headers={**UPDATE, **bearer(keys.admin)}),
    ]
    assert [x.status_code for x in refused] == [401, 401, 401], [x.text for x in refused]
    assert all("not valid (unknown or revoked)" in x.json()["message"] for x in refused)
