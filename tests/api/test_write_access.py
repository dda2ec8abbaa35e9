"""Access control on every write path, in-process: POST /submissions, DELETE /submissions/{id}
and POST /sparql/update all go through one key ring (keys file and NZC_ADMIN_KEY). A city key
writes only about its own city; withdrawing and SPARQL updates need an admin key; a revoked key
is refused on every path at once; every attempt, accepted or refused, is one audit line."""

from __future__ import annotations

import hashlib
import json
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
def audit(tmp_path: Path) -> Path:
    return tmp_path / "audit" / "writes.jsonl"


@pytest.fixture()
def client(
    app_settings: Settings, writable: EmbeddedStore, keys: Keys, audit: Path, request: pytest.FixtureRequest
) -> Iterator[TestClient]:
    extra = getattr(request, "param", {})
    settings = Settings.model_validate(
        {
            **app_settings.model_dump(),
            "admin_key": "settings-admin-key",
            "api_keys_file": keys.file,
            "audit_log": str(audit),
            **extra,
        }
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


@pytest.mark.parametrize("client", [{"rate_limit_per_key": 5}], indirect=True)
def test_every_write_attempt_is_one_audit_line_with_its_outcome(client: TestClient, keys: Keys, audit: Path) -> None:
    city, admin = bearer(keys.aachen), bearer(keys.admin)
    statuses = [
        client.post("/submissions", content=practice("aachen", "unsigned"), headers=TTL).status_code,
        client.post(
            "/submissions", content=practice("aachen", "guessed"), headers={**TTL, **bearer("guess")}
        ).status_code,
    ]
    accepted = client.post("/submissions", content=practice("aachen", "audited"), headers={**TTL, **city})
    sub_id = accepted.json()["id"]
    statuses += [
        accepted.status_code,
        client.post("/submissions", content=practice("leuven", "foreign"), headers={**TTL, **city}).status_code,
        client.post(
            "/submissions",
            content=practice("aachen", "x").replace("status/planned", "status/done"),
            headers={**TTL, **city},
        ).status_code,
        client.delete(f"/submissions/{sub_id}", headers=city).status_code,
        client.post("/sparql/update", content=INSERT, headers={**UPDATE, **city}).status_code,
        client.post("/submissions", content=practice("aachen", "sixth"), headers={**TTL, **city}).status_code,
        client.delete(f"/submissions/{sub_id}", headers=admin).status_code,
        client.post("/sparql/update", content=INSERT, headers={**UPDATE, **admin}).status_code,
        client.post("/submissions", content="x", headers={"Content-Type": "application/rdf+xml", **admin}).status_code,
        client.post("/submissions", params={"note": "n" * 1001}, content="x", headers={**TTL, **admin}).status_code,
    ]
    assert statuses == [401, 401, 201, 403, 422, 403, 403, 429, 200, 204, 400, 422]
    client.get("/sparql", params={"query": ASK})  # reading writes no line
    client.get(f"/submissions/{sub_id}")

    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [line["status"] for line in lines] == statuses
    assert [line["outcome"] for line in lines] == ["accepted" if s < 400 else "refused" for s in statuses]
    assert list(lines[0]) == [
        "time", "request_id", "client", "method", "route", "key_id", "label", "scope",
        "target", "graph", "outcome", "status", "reason",
    ]  # fmt: skip
    assert all(line["time"].endswith("Z") and line["client"] == "testclient" for line in lines)
    assert [line["key_id"] for line in lines[:2]] == [None, None]
    assert "needs an API key" in lines[0]["reason"] and "not valid" in lines[1]["reason"]
    ok = lines[2]
    assert (ok["method"], ok["route"], ok["key_id"], ok["label"], ok["scope"]) == (
        "POST", "/submissions", hash_key(keys.aachen)[:12], "Aachen climate office", "aachen"
    )  # fmt: skip
    assert ok["target"] == sub_id and ok["graph"].endswith(f"/submission/{sub_id}") and ok["reason"] is None
    assert lines[3]["reason"].startswith("Forbidden: this key is for city aachen")
    assert lines[4]["reason"].startswith("ShapeViolation:")
    assert (lines[5]["method"], lines[5]["target"]) == ("DELETE", sub_id) and "only an admin" in lines[5]["reason"]
    assert lines[6]["route"] == "/sparql/update" and "needs an admin key" in lines[6]["reason"]
    assert lines[7]["reason"].startswith("RateLimited: too many writes with the key")
    assert (lines[8]["scope"], lines[8]["graph"]) == ("admin", ok["graph"])
    assert lines[9]["target"] == "sha256:" + hashlib.sha256(INSERT.encode()).hexdigest()
    assert "unsupported Content-Type" in lines[10]["reason"]
    assert lines[11]["reason"] == "HTTP 422" and lines[11]["label"] == "Programme staff"
    assert len({line["request_id"] for line in lines}) == len(lines)
    drop = client.post("/sparql/update", content="DROP GRAPH <http://example.org/g>", headers={**UPDATE, **admin})
    assert drop.status_code == 204 and len(audit.read_text().splitlines()) == len(lines) + 1
