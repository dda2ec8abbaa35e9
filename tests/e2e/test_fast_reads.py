"""Fast reads on a real server (issue 13): validators and the response cache never outlive a write.
An accepted submission changes the data version, and the /sparql answer, the named query and the
city page that were cached (and revalidated with their old ETag) come back with the new data; a
withdrawal does the same the other way."""

from __future__ import annotations

import httpx
import pytest
from tests.e2e.test_submissions import practice

pytestmark = pytest.mark.e2e
ADMIN = {"Authorization": "Bearer test-admin-key"}
JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}
SLUG = "aachen--fast-reads-practice"
ASK = f"ASK {{ <https://w3id.org/nzc/id/practice/{SLUG}> ?p ?o }}"
LABEL = "A practice sent over HTTP"


def reads(server: str) -> dict[str, httpx.Response]:
    """The three kinds of cached read, each fetched twice (the second from the response cache)."""
    urls = {
        "sparql": (server + "/sparql?" + httpx.QueryParams({"query": ASK}).__str__(), JSON),
        "named": (server + "/queries/who-solved?challenge=lack-of-financial-expertise", JSON),
        "page": (server + "/id/city/aachen.html", HTML),
    }
    out = {}
    for name, (url, headers) in urls.items():
        first, second = httpx.get(url, headers=headers, timeout=60), httpx.get(url, headers=headers, timeout=60)
        assert first.status_code == second.status_code == 200 and first.content == second.content
        out[name] = second
    return out


def revalidate(server: str, old: dict[str, httpx.Response]) -> dict[str, httpx.Response]:
    """Each read again with the ETag it had: 200 with a new ETag if the data changed."""
    return {
        name: httpx.get(str(r.request.url), headers={**dict(r.request.headers), "If-None-Match": r.headers["etag"]})
        for name, r in old.items()
    }


def shows_the_practice(responses: dict[str, httpx.Response]) -> dict[str, bool]:
    return {
        "sparql": responses["sparql"].json()["boolean"],
        "named": SLUG in responses["named"].text,
        "page": LABEL in responses["page"].text,
    }


def test_an_accepted_submission_is_never_answered_from_a_stale_cache(server: str) -> None:
    before = reads(server)
    assert shows_the_practice(before) == {"sparql": False, "named": False, "page": False}
    unchanged = revalidate(server, before)
    assert {r.status_code for r in unchanged.values()} == {304}

    body = practice(name="fast-reads-practice")
    created = httpx.post(server + "/submissions", content=body, headers={**ADMIN, "Content-Type": "text/turtle"})
    assert created.status_code == 201, created.text
    try:
        changed = revalidate(server, before)
        assert {r.status_code for r in changed.values()} == {200}
        assert all(changed[n].headers["etag"] != before[n].headers["etag"] for n in changed)
        assert shows_the_practice(changed) == {"sparql": True, "named": True, "page": True}
        assert shows_the_practice(reads(server)) == {"sparql": True, "named": True, "page": True}
    finally:
        gone = httpx.delete(server + f"/submissions/{created.json()['id']}", headers=ADMIN)
    assert gone.status_code == 200
    assert shows_the_practice(reads(server)) == {"sparql": False, "named": False, "page": False}


def test_repeated_gets_of_a_runaway_query_are_not_cached_errors(server: str) -> None:
    """A query stopped at the time limit is a 503 each time, and the endpoint still answers."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    for _ in range(2):
        r = httpx.get(server + "/sparql", params={"query": runaway}, headers=JSON, timeout=60)
        assert r.status_code == 503 and "etag" not in r.headers
    assert httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers=JSON).json()["boolean"] is True
