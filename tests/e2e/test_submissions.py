"""POST /submissions end to end: a real `nzc-graph serve` process on an on-disk store, with an
admin key, a city key in a keys file, and a small body limit. Accepted data is queryable and
survives a restart; every kind of bad input gets its status code and a message naming the problem;
keys revoked or rotated with `nzc-graph keys` take effect without a restart, and every write
attempt is a line of the audit log beside the store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nzc_graph.config import Settings, project_root
from nzc_graph.devtools.devserver import free_port, wait_ready
from nzc_graph.graph.build import build
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.apikeys import hash_key
from nzc_graph.submissions.keyfile import add_key

pytestmark = pytest.mark.e2e
ADMIN = {"Authorization": "Bearer test-admin-key"}
LIMIT = 100_000
TTL = {"Content-Type": "text/turtle"}
PRACTICE = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nzc/id/practice/{city}--{name}> a nzc:PracticeAdoption ;
    rdfs:label "A practice sent over HTTP"@en ;
    nzc:city <https://w3id.org/nzc/id/city/{city}> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/{status}> ;
    dcterms:description "The city describes a practice through the submissions API."@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> {evidence} .
"""
EVIDENCE = (
    ' ; nzc:evidence [ a nzc:Quote ; nzc:quoteText "This sentence stands in for a verbatim quote." ; '
    "nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ]"
)
STATUS_OF = """PREFIX nzc: <https://w3id.org/nzc/ontology#>
SELECT ?status WHERE {{ <https://w3id.org/nzc/id/practice/{slug}> nzc:status ?status }}"""


def practice(
    city: str = "aachen", name: str = "http-practice", status: str = "piloting", evidence: str = EVIDENCE
) -> str:
    return PRACTICE.format(city=city, name=name, status=status, evidence=evidence)


class Server:
    """`nzc-graph serve` on a given store; can be stopped and started again on the same store."""

    def __init__(self, store: Path, keys: Path, log: Path) -> None:
        self.store, self.keys, self.log = store, keys, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> None:
        port = free_port()
        env = {
            **os.environ,
            "NZC_STORE_PATH": str(self.store),
            "NZC_ADMIN_KEY": "test-admin-key",
            "NZC_API_KEYS_FILE": str(self.keys),
            "NZC_MAX_BODY_BYTES": str(LIMIT),
            "NZC_SEARCH_SEMANTIC": "off",
            "NZC_QUERY_TIMEOUT": "5",
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "nzc_graph.cli", "serve", "--port", str(port)],
                cwd=project_root(),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{port}"
        wait_ready(self.base + "/health", self.proc, 120.0)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    root = tmp_path_factory.mktemp("submissions")
    store = EmbeddedStore(root / "store")
    build(Settings(root=project_root(), store_kind="memory"), store, with_reasoner=False)
    store.close()
    city_key = add_key(root / "keys", "aachen", "Aachen climate office")
    server = Server(root / "store", root / "keys", root / "server.log")
    server.start()
    try:
        yield server, city_key
    finally:
        server.stop()


def city(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def status_of(base: str, slug: str) -> list[str]:
    r = httpx.get(
        base + "/sparql",
        params={"query": STATUS_OF.format(slug=slug)},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200, r.text
    return [b["status"]["value"].rsplit("/", 1)[-1] for b in r.json()["results"]["bindings"]]


def all_quads(base: str) -> list[str]:
    r = httpx.get(
        base + "/sparql",
        params={"query": "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "text/tab-separated-values"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    return sorted(r.text.splitlines()[1:])


def test_turtle_from_a_city_key_is_stored_with_provenance_and_queryable(api) -> None:
    server, key = api
    r = httpx.post(
        server.base + "/submissions",
        params={"note": "Aachen council minutes, May 2025"},
        content=practice(),
        headers={**TTL, **city(key)},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["id"]) == 32 and body["iri"].endswith(body["id"]) and r.headers["location"] == body["url"]
    assert body["city"] == "aachen" and body["attributed_to"] == "Aachen climate office"
    got = httpx.get(body["url"])
    assert got.status_code == 200
    assert got.json()["note"] == "Aachen council minutes, May 2025" and got.json()["format"] == "text/turtle"
    assert "aachen--http-practice" in got.json()["turtle"]
    assert "prov:generatedAtTime" in httpx.get(body["url"], headers={"Accept": "text/turtle"}).text


def test_jsonld_and_csv_are_accepted_and_queryable(api) -> None:
    server, key = api
    doc = {
        "@context": {
            "nzc": "https://w3id.org/nzc/ontology#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "dcterms": "http://purl.org/dc/terms/",
            "id": "https://w3id.org/nzc/id/",
        },
        "@id": "id:practice/aachen--jsonld-practice",
        "@type": "nzc:PracticeAdoption",
        "rdfs:label": {"@value": "A JSON-LD practice", "@language": "en"},
        "nzc:city": {"@id": "id:city/aachen"},
        "nzc:practiceKind": {"@id": "id:practice-kind/financial-architect-role"},
        "nzc:status": {"@id": "id:status/implemented"},
        "nzc:addresses": {"@id": "id:challenge/lack-of-financial-expertise"},
        "dcterms:description": {"@value": "Aachen describes a practice in JSON-LD.", "@language": "en"},
        "nzc:evidence": {
            "@type": "nzc:Quote",
            "nzc:quoteText": "This sentence stands in for a verbatim quote.",
            "nzc:section": {"@id": "id:report/d4-8/section/s1-4-1"},
        },
    }
    r = httpx.post(
        server.base + "/submissions", content=json.dumps(doc), headers={"Content-Type": "application/ld+json", **ADMIN}
    )
    assert r.status_code == 201, r.text
    assert status_of(server.base, "aachen--jsonld-practice") == ["implemented"]
    sheet = (
        "city,practice_kind,status,description,challenges,evidence,section,name\n"
        'aachen,financial-architect-role,proposed,"Aachen proposes a practice in a sheet.",'
        'lack-of-financial-expertise,"This sentence stands in for a verbatim quote.",1.4.1,csv-practice\n'
    )
    r = httpx.post(server.base + "/submissions", content=sheet, headers={"Content-Type": "text/csv", **city(key)})
    assert r.status_code == 201, r.text
    assert r.json()["format"] == "text/csv"
    assert status_of(server.base, "aachen--csv-practice") == ["proposed"]


def test_each_kind_of_bad_input_gets_its_status_and_message_and_changes_nothing(api) -> None:
    server, key = api
    before = all_quads(server.base)
    url = server.base + "/submissions"

    r = httpx.post(
        url,
        content="@prefix nzc: <https://w3id.org/nzc/ontology#> .\n<https://x/a> nzc:city oops .",
        headers={**TTL, **ADMIN},
    )
    assert r.status_code == 400 and (r.json()["line"], r.json()["column"]) == (2, 24), r.text

    r = httpx.post(url, content=practice(name="no-evidence", evidence=""), headers={**TTL, **ADMIN})
    assert r.status_code == 422
    messages = [x["message"] for x in r.json()["report"]["results"]]
    assert any("needs at least one nzc:evidence" in m for m in messages), messages

    r = httpx.post(url, content=practice(city="atlantis", name="x"), headers={**TTL, **ADMIN})
    assert r.status_code == 422 and "nzc:city city:atlantis is not a known city" in r.text

    r = httpx.post(
        url, params={"format": "text"}, content=practice(name="done", status="done"), headers={**TTL, **ADMIN}
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/plain")
    assert "nzc:status status:done is not a status of scheme:status" in r.text
    r = httpx.post(url, content=practice(name="done", status="done"), headers={**TTL, **ADMIN, "Accept": "text/plain"})
    assert r.status_code == 422 and "status:done" in r.text and not r.text.startswith("{")

    r = httpx.post(url, content=practice(city="leuven", name="foreign"), headers={**TTL, **city(key)})
    assert r.status_code == 403 and "this key is for city aachen" in r.text and "city/leuven" in r.text

    r = httpx.post(url, content=practice(name="nokey"), headers=TTL)
    assert r.status_code == 401 and "needs an API key" in r.text and r.headers["www-authenticate"] == "Bearer"
    r = httpx.post(url, content=practice(name="badkey"), headers={**TTL, "X-API-Key": "guess"})
    assert r.status_code == 401 and "not valid" in r.text

    huge = practice(name="huge") + "# padding\n" * (LIMIT // 10 + 1)
    r = httpx.post(url, content=huge, headers={**TTL, **ADMIN})
    assert r.status_code == 413 and str(LIMIT) in r.text
    r = httpx.post(
        url, content=iter([huge.encode()[i : i + 8192] for i in range(0, len(huge), 8192)]), headers={**TTL, **ADMIN}
    )
    assert r.status_code == 413 and str(LIMIT) in r.text

    r = httpx.post(url, content=practice(name="xml"), headers={"Content-Type": "application/rdf+xml", **ADMIN})
    assert r.status_code == 400 and "unsupported Content-Type" in r.text

    assert all_quads(server.base) == before


def test_withdraw_is_for_admins_and_removes_exactly_the_submission(api) -> None:
    server, key = api
    before = all_quads(server.base)
    r = httpx.post(server.base + "/submissions", content=practice(name="to-withdraw"), headers={**TTL, **city(key)})
    assert r.status_code == 201, r.text
    url = r.json()["url"]
    assert httpx.delete(url, headers=city(key)).status_code == 403
    assert httpx.delete(url).status_code == 401
    r = httpx.delete(url, headers=ADMIN)
    assert r.status_code == 200 and r.json()["withdrawn"] in url
    assert httpx.get(url).status_code == 404
    assert status_of(server.base, "aachen--to-withdraw") == []
    assert all_quads(server.base) == before
    assert httpx.delete(url, headers=ADMIN).status_code == 404


def test_accepted_submissions_survive_a_restart(api) -> None:
    server, key = api
    r = httpx.post(
        server.base + "/submissions", content=practice(name="durable", status="scaled"), headers={**TTL, **city(key)}
    )
    assert r.status_code == 201, r.text
    sub_id = r.json()["id"]
    server.stop()
    server.start()
    got = httpx.get(f"{server.base}/submissions/{sub_id}")
    assert got.status_code == 200 and got.json()["city"] == "aachen"
    assert status_of(server.base, "aachen--durable") == ["scaled"]


def keys_cli(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "nzc_graph.cli", "keys", *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def audit_lines(server: Server) -> list[dict[str, object]]:
    path = server.store.with_name(server.store.name + "-audit.jsonl")
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_revoke_and_rotate_take_effect_without_a_restart_and_each_attempt_is_audited(api) -> None:
    server, _ = api
    url, keys, before = server.base + "/submissions", str(server.keys), len(audit_lines(server))
    pid = server.proc.pid if server.proc else None
    first = keys_cli("add", "--city", "porto", "--label", "Porto energy agency", "--file", keys).stdout.strip()
    first_id = hash_key(first)[:12]
    r = httpx.post(url, content=practice("porto", "before-revoke"), headers={**TTL, **city(first)})
    assert r.status_code == 201, r.text
    accepted_id = r.json()["id"]

    keys_cli("revoke", first_id, "--file", keys)
    r = httpx.post(url, content=practice("porto", "after-revoke"), headers={**TTL, **city(first)})
    assert r.status_code == 401 and "unknown or revoked" in r.text

    second = keys_cli("add", "--city", "porto", "--label", "Porto energy agency", "--file", keys).stdout.strip()
    rotated = keys_cli("rotate", hash_key(second)[:12], "--file", keys).stdout.strip()
    assert rotated != second
    r = httpx.post(url, content=practice("porto", "old-key"), headers={**TTL, **city(second)})
    assert r.status_code == 401
    r = httpx.post(url, content=practice("porto", "rotated-key"), headers={**TTL, **city(rotated)})
    assert r.status_code == 201, r.text
    assert r.json()["attributed_to"] == "Porto energy agency"
    assert server.proc is not None and server.proc.pid == pid  # the same process throughout

    lines = audit_lines(server)[before:]
    assert [(x["outcome"], x["status"], x["key_id"]) for x in lines] == [
        ("accepted", 201, first_id),
        ("refused", 401, None),
        ("refused", 401, None),
        ("accepted", 201, hash_key(rotated)[:12]),
    ]
    assert all(x["client"] == "127.0.0.1" and (x["method"], x["route"]) == ("POST", "/submissions") for x in lines)
    assert lines[0]["target"] == accepted_id and lines[0]["scope"] == "porto"
    assert lines[0]["label"] == "Porto energy agency" and "revoked" in str(lines[1]["reason"])
    assert oct(server.store.with_name("store-audit.jsonl").stat().st_mode & 0o777) == "0o600"
