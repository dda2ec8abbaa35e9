"""HTTP caching in-process: every data route sends validators and answers 304 while they hold,
repeated GETs come from the bounded response cache until a write, and what is not safe to reuse
(errors, POSTs, volatile queries) is never stored."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from nzc_graph.api.caching import ResponseCache, Stored, last_modified, still_valid
from nzc_graph.store import EmbeddedStore

JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}
ASK_SCRATCH = "ASK { <http://example.org/cache-probe> ?p ?o }"
CACHED_ROUTES = [
    (
        "/sparql?query="
        + "SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fnzc%2Fontology%23City%3E%20%7D",
        JSON,
    ),
    ("/queries/who-solved?challenge=stakeholder-fatigue", JSON),
    ("/queries/who-solved?challenge=stakeholder-fatigue", HTML),
    ("/id/city/aachen.html", HTML),
    ("/id/city/aachen.ttl", {"Accept": "text/turtle"}),
    ("/ontology", {"Accept": "text/turtle"}),
    ("/dataset.ttl", {}),
    ("/dataset.html", HTML),
    ("/dumps/nzc.ttl", {}),
]


@pytest.mark.parametrize(("path", "headers"), CACHED_ROUTES)
def test_each_data_route_round_trips_its_etag(client: TestClient, path: str, headers: dict[str, str]) -> None:
    first = client.get(path, headers=headers)
    assert first.status_code == 200, first.text[:300]
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and "must-revalidate" in first.headers["cache-control"]
    assert "Accept" in first.headers["vary"]
    again = client.get(path, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(path, headers={**headers, "If-None-Match": 'W/"other"'}).status_code == 200
    repeat = client.get(path, headers=headers)
    assert repeat.content == first.content and repeat.headers["content-type"] == first.headers["content-type"]
    assert repeat.headers["x-request-id"] != first.headers["x-request-id"]  # per request, not stored


def test_last_modified_round_trips_when_the_data_is_a_second_old(client: TestClient) -> None:
    r = client.get("/dataset.ttl")
    if "last-modified" not in r.headers:  # sent only once the second of the last write has passed
        pytest.skip("the store was written within the last second")
    since = r.headers["last-modified"]
    assert client.get("/dataset.ttl", headers={"If-Modified-Since": since}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(since).replace(year=2000), usegmt=True)
    assert client.get("/dataset.ttl", headers={"If-Modified-Since": earlier}).status_code == 200


def test_each_representation_has_its_own_etag(client: TestClient) -> None:
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert turtle.headers["etag"] != jsonld.headers["etag"]
    assert (
        client.get("/ontology", headers={"Accept": "text/turtle", "If-None-Match": jsonld.headers["etag"]}).status_code
        == 200
    )


def test_a_write_changes_every_validator_and_the_answer(client: TestClient, store: EmbeddedStore) -> None:
    before = client.get("/sparql", params={"query": ASK_SCRATCH}, headers=JSON)
    assert before.json()["boolean"] is False
    page = client.get("/id/city/aachen.ttl", headers={"Accept": "text/turtle"})
    scratch = "http://example.org/cache-scratch"
    store.add_graph(
        scratch, Graph().parse(data="<http://example.org/cache-probe> <http://example.org/p> 1 .", format="turtle")
    )
    try:
        client.app.state.services.store_changed()  # what every writer calls
        after = client.get(
            "/sparql", params={"query": ASK_SCRATCH}, headers={**JSON, "If-None-Match": before.headers["etag"]}
        )
        assert after.status_code == 200 and after.json()["boolean"] is True
        assert after.headers["etag"] != before.headers["etag"]
        again = client.get(
            "/id/city/aachen.ttl", headers={"Accept": "text/turtle", "If-None-Match": page.headers["etag"]}
        )
        assert again.status_code == 200
    finally:
        store.clear_graph(scratch)
        client.app.state.services.store_changed()
    assert client.get("/sparql", params={"query": ASK_SCRATCH}, headers=JSON).json()["boolean"] is False


def test_the_same_query_over_other_graphs_is_another_answer(client: TestClient) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/nzc/ontology#City> }"
    everything = client.get("/sparql", params={"query": q}, headers=JSON)
    ontology = client.get(
        "/sparql", params={"query": q, "default-graph-uri": "https://w3id.org/nzc/graph/ontology"}, headers=JSON
    )
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "named-graph-uri": "https://w3id.org/nzc/graph/data",
        },
        headers=JSON,
    )
    count = lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert count(everything) > 50 and count(ontology) == 0
    assert everything.headers["etag"] != ontology.headers["etag"]
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == ["https://w3id.org/nzc/graph/data"]


def test_errors_posts_and_volatile_queries_are_never_stored(client: TestClient) -> None:
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert bad.status_code == 400 and "etag" not in bad.headers
    post = client.post("/sparql", data={"query": "ASK {}"}, headers=JSON)
    assert post.status_code == 200 and "etag" not in post.headers
    volatile = "SELECT (STRUUID() AS ?u) WHERE {}"
    one, two = (client.get("/sparql", params={"query": volatile}, headers=JSON) for _ in range(2))
    assert one.headers["cache-control"] == "no-store" and "etag" not in one.headers
    assert one.json() != two.json()
    missing = client.get("/id/city/no-such-city.ttl", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404 and "etag" not in missing.headers


def test_the_response_cache_is_bounded_in_bytes() -> None:
    cache = ResponseCache(capacity=1600)  # one entry at most 100 bytes
    for i in range(40):
        cache.put(f"k{i}", Stored((), bytes(90)))
    assert cache.size <= 1600 and len(cache) == 17
    assert cache.get("k0") is None and cache.get("k39") is not None
    cache.get("k23")  # used: kept over older entries
    cache.put("new", Stored((), bytes(90)))
    assert cache.get("k23") is not None and cache.get("k24") is None
    cache.put("big", Stored((), bytes(101)))
    assert cache.get("big") is None
    cache.clear()
    assert len(cache) == 0 and cache.size == 0


def test_validators_compare_weakly_and_dates_never_hide_a_write() -> None:
    from datetime import UTC, datetime

    from nzc_graph.store.base import DataVersion

    written = DataVersion("t", datetime(2026, 1, 1, 12, 0, 0, 400_000, tzinfo=UTC))
    assert last_modified(written, datetime(2026, 1, 1, 12, 0, 0, 900_000, tzinfo=UTC)) is None
    sent = last_modified(written, datetime(2026, 1, 1, 12, 0, 1, tzinfo=UTC))
    assert sent == datetime(2026, 1, 1, 12, 0, 1, tzinfo=UTC)
    assert still_valid({b"if-none-match": b'"abc", W/"def"'}, 'W/"def"', None)
    assert not still_valid({b"if-none-match": b"*"}, 'W/"def"', None)
    assert not still_valid(
        {b"if-none-match": b'W/"x"', b"if-modified-since": b"Thu, 01 Jan 2099 00:00:00 GMT"}, 'W/"d"', sent
    )
    assert still_valid({b"if-modified-since": b"Thu, 01 Jan 2026 12:00:01 GMT"}, 'W/"d"', sent)
    assert not still_valid({b"if-modified-since": b"not a date"}, 'W/"d"', sent)
