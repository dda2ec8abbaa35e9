"""The /sparql endpoint over a real server: protocol, formats, negotiation, status codes, safety."""

from __future__ import annotations

import csv
import io
import json
import threading
import time

import httpx
import pytest
from rdflib import Graph

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


PFX = "PREFIX nzc: <https://w3id.org/nzc/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
MISSION = PFX + "SELECT ?c ?l WHERE { ?c a nzc:MissionCity ; rdfs:label ?l } ORDER BY ?l"


def cities_from_json(body: str) -> set[str]:
    return {b["l"]["value"] for b in json.loads(body)["results"]["bindings"]}


def mission_cities(server: str) -> int:
    """How many cities hold the Mission City role (report and roster pages); nzc:MissionCity is inferred from it."""
    q = PFX + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c nzc:hasRole <https://w3id.org/nzc/id/role/mission-city> }"
    r = httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    n = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert n >= 14  # at least the report's 14
    return n


def test_get_form_post_and_direct_post_agree(server) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    a = httpx.get(server + "/sparql", params={"query": MISSION}, headers=accept)
    b = httpx.post(server + "/sparql", data={"query": MISSION}, headers=accept)
    c = httpx.post(
        server + "/sparql", content=MISSION.encode(), headers={**accept, "Content-Type": "application/sparql-query"}
    )
    assert a.status_code == b.status_code == c.status_code == 200
    assert cities_from_json(a.text) == cities_from_json(b.text) == cities_from_json(c.text)
    assert "Aachen" in cities_from_json(a.text) and len(cities_from_json(a.text)) == mission_cities(server)


@pytest.mark.parametrize(
    "accept,media",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_result_formats_and_q_values(server, accept, media) -> None:
    r = httpx.get(server + "/sparql", params={"query": MISSION}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Aachen" in r.text


def test_csv_result_parses(server) -> None:
    r = httpx.get(server + "/sparql", params={"query": MISSION, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["l"] for row in rows} >= {"Aachen", "Turku", "Kozani"}


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_parse_to_the_same_graph(server, accept, fmt) -> None:
    q = PFX + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a nzc:MissionCity ; rdfs:label ?l }"
    r = httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=r.content, format=fmt)) == mission_cities(server)


def test_describe_and_ask(server) -> None:
    r = httpx.get(server + "/sparql", params={"query": "DESCRIBE <https://w3id.org/nzc/id/city/aachen>"})
    assert r.headers["content-type"].startswith("text/turtle") and "Aachen" in r.text
    r = httpx.get(
        server + "/sparql",
        params={"query": PFX + "ASK { <https://w3id.org/nzc/id/city/turku> a nzc:City }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.json()["boolean"] is True


def test_dataset_parameters_restrict_the_default_graph(server) -> None:
    q = PFX + "SELECT (COUNT(*) AS ?n) WHERE { ?s a nzc:City }"
    ontology_only = httpx.get(
        server + "/sparql",
        params={"query": q, "default-graph-uri": "https://w3id.org/nzc/graph/ontology"},
        headers={"Accept": "application/sparql-results+json"},
    )
    everything = httpx.get(
        server + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"}
    )
    n = lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert n(ontology_only) == 0 and n(everything) > 50


def test_service_description_without_query(server) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert r.status_code == 200
    assert any("sparql-service-description#Service" in str(o) for o in g.objects())


def test_query_editor_for_browsers(server) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and "<textarea" in r.text and "who-solved" in r.text


def test_status_codes(server) -> None:
    bad = httpx.get(server + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert bad.status_code == 400 and "line 1, column" in bad.json()["message"]
    assert httpx.get(server + "/sparql", params={"query": MISSION}, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.post(server + "/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert httpx.put(server + "/sparql", content=b"ASK {}").status_code == 405
    assert httpx.get(server + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    bad_graph = httpx.get(server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert bad_graph.status_code == 400 and "absolute IRI" in bad_graph.json()["message"]


def test_cors_headers(server) -> None:
    r = httpx.options(
        server + "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert "access-control-allow-origin" in r.headers


def test_updates_are_refused_on_the_public_endpoint(server) -> None:
    upd = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    r1 = httpx.post(server + "/sparql", content=upd.encode(), headers={"Content-Type": "application/sparql-update"})
    r2 = httpx.post(server + "/sparql", data={"update": upd})
    r3 = httpx.get(server + "/sparql", params={"query": upd})
    assert r1.status_code == 403 and "read-only" in r1.json()["message"]
    assert r2.status_code == 403 and r3.status_code == 403
    check = httpx.get(
        server + "/sparql",
        params={"query": "ASK { <http://example.org/a> ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert check.json()["boolean"] is False


def test_update_endpoint_needs_the_admin_key(server) -> None:
    upd = "INSERT DATA { GRAPH <http://example.org/scratch> { <http://example.org/x> <http://example.org/y> 1 } }"
    assert httpx.post(server + "/sparql/update", data={"update": upd}).status_code == 401
    assert (
        httpx.post(
            server + "/sparql/update", data={"update": upd}, headers={"Authorization": "Bearer wrong"}
        ).status_code
        == 401
    )
    ok = httpx.post(server + "/sparql/update", data={"update": upd}, headers={"Authorization": "Bearer test-admin-key"})
    assert ok.status_code == 204
    seen = httpx.get(
        server + "/sparql",
        params={"query": "ASK { <http://example.org/x> ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert seen.json()["boolean"] is True
    httpx.post(
        server + "/sparql/update",
        data={"update": "DROP GRAPH <http://example.org/scratch>"},
        headers={"Authorization": "Bearer test-admin-key"},
    )


def test_service_to_other_hosts_is_refused(server) -> None:
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    r = httpx.get(server + "/sparql", params={"query": q})
    assert r.status_code == 403 and "http://example.org/sparql" in r.json()["message"]
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }"})
    assert r.status_code == 403


def test_oversize_body_is_refused(server) -> None:
    big = b"ASK {} #" + b"x" * 1_100_000
    r = httpx.post(server + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_runaway_query_is_stopped_while_health_stays_fast(server) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result: dict[str, object] = {}

    def run() -> None:
        t = time.monotonic()
        r = httpx.get(server + "/sparql", params={"query": runaway}, timeout=60)
        result.update(status=r.status_code, body=r.json(), seconds=time.monotonic() - t)

    th = threading.Thread(target=run)
    th.start()
    time.sleep(0.5)
    health_times = []
    while th.is_alive():
        t = time.monotonic()
        assert httpx.get(server + "/health", timeout=5).status_code == 200
        health_times.append(time.monotonic() - t)
        time.sleep(0.2)
    th.join()
    assert result["status"] == 503 and "time limit" in result["body"]["message"]  # type: ignore[index]
    assert result["seconds"] < 10  # the limit is 3 s in the test server
    assert health_times and max(health_times) < 1.0
    after = httpx.get(
        server + "/sparql", params={"query": MISSION}, headers={"Accept": "application/sparql-results+json"}
    )
    assert after.status_code == 200 and len(cities_from_json(after.text)) == mission_cities(server)


def test_named_queries_over_http(server) -> None:
    listing = httpx.get(server + "/queries").json()["queries"]
    names = {q["name"] for q in listing}
    assert "who-solved" in names and all(q["title"] and "parameters" in q for q in listing)
    r = httpx.get(
        server + "/queries/practices-of-kind",
        params={"kind": "https://w3id.org/nzc/id/practice-kind/financial-architect-role"},
        headers={"Accept": "application/sparql-results+json"},
    )
    rows = r.json()["results"]["bindings"]
    aachen = [b for b in rows if b["cityLabel"]["value"] == "Aachen"]
    assert aachen and aachen[0]["statusLabel"]["value"] == "planned"
    bad = httpx.get(server + "/queries/who-solved", params={"challenge": "not an iri"})
    assert bad.status_code == 400 and "type iri" in bad.json()["message"]
    assert httpx.get(server + "/queries/no-such-query").status_code == 404
    csv_r = httpx.get(server + "/queries/count-cities-by-role", params={"format": "csv"})
    assert csv_r.headers["content-type"].startswith("text/csv")
