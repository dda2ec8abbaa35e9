"""Rate limits in-process, on an app with tiny limits: the (n+1)th request is a 429 with
Retry-After and the JSON error body (a page for browsers), the limit recovers after its window,
/health, pages and static files are never limited, and the per-key and per-address limits are
independent of each other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.api.deps import get_limits
from nzc_graph.api.ratelimit import rate_limits_for
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.apikeys import hash_key
from nzc_graph.submissions.keyfile import add_key

ASK = {"query": "ASK { ?s ?p ?o }"}
# no-cache: every request is evaluated (an answer from the response cache is not counted)
JSON_RESULTS = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}
XML_BODY = {"Content-Type": "application/rdf+xml"}  # refused at once (400): cheap writes to count


class Clock:
    """A clock the test moves, so that windows pass without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def app_with(
    app_settings: Settings, store: EmbeddedStore, clock: Clock | None = None, **overrides: object
) -> Iterator[TestClient]:
    settings = Settings.model_validate({**app_settings.model_dump(), **overrides})
    app = create_app(settings, store)
    if clock is not None:  # the app's own limits, read from the same settings, on the test's clock
        limits = rate_limits_for(settings, clock)
        app.dependency_overrides[get_limits] = lambda: limits
    with TestClient(app) as client:
        yield client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_the_request_after_the_limit_is_429_with_retry_after_and_recovers(app_settings, store) -> None:
    clock = Clock()
    with app_with(app_settings, store, clock, rate_limit_per_address=3, rate_limit_window=60.0) as client:
        assert [client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code for _ in range(3)] == [200] * 3
        refused = client.get("/sparql", params=ASK, headers=JSON_RESULTS)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "20", refused.text
        body = refused.json()
        assert body["error"] == "RateLimited" and body["retry_after"] == 20
        assert "too many requests from testclient: at most 3 per 60 s" in body["message"]
        for path in (
            "/ask?q=which+cities+hired+a+financial+architect",
            "/solved?q=finance",
            "/faces?q=finance",
            "/match/aachen",
            "/queries",
            "/queries/count-cities-by-role",
            "/pairs?cohort=1",
            "/sessions/plan?cohort=1",
        ):
            assert client.get(path).status_code == 429, path
        page = client.get("/solved", params={"q": "finance"}, headers={"Accept": "text/html"})
        assert page.status_code == 429 and page.headers["retry-after"] == "20" and "<html" in page.text
        for path in ("/health", "/static/site.css", "/cities", "/id/city/aachen", "/"):
            assert all(client.get(path).status_code == 200 for _ in range(5)), path
        clock.now += 20  # one token back
        assert client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code == 200
        assert client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code == 429
        clock.now += 60  # a whole window: the bucket is full again, and no fuller
        assert [client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code for _ in range(4)] == [
            200,
            200,
            200,
            429,
        ]


def test_a_key_limit_counts_the_key_and_leaves_other_keys_and_queries_alone(
    app_settings, store, tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    first, second = add_key(keys, "aachen", "Aachen"), add_key(keys, "porto", "Porto")
    limits = {"rate_limit_per_key": 2, "rate_limit_per_address": 1000}
    with app_with(app_settings, store, Clock(), api_keys_file=keys, **limits) as client:
        sent = [client.post("/submissions", content="x", headers={**XML_BODY, **bearer(first)}) for _ in range(3)]
        assert [r.status_code for r in sent] == [400, 400, 429], [r.text for r in sent]
        assert f"too many writes with the key {hash_key(first)[:12]}: at most 2 per 60 s" in sent[2].json()["message"]
        assert sent[2].headers["retry-after"] == "30"
        assert client.delete(f"/submissions/{'0' * 32}", headers=bearer(first)).status_code == 429
        assert client.post("/submissions", content="x", headers={**XML_BODY, **bearer(second)}).status_code == 400
        assert client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code == 200


def test_an_address_limit_counts_queries_and_writes_of_that_address_only(app_settings, store, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    key = add_key(keys, "aachen", "Aachen")
    limits = {"rate_limit_per_key": 1000, "rate_limit_per_address": 3}
    with app_with(app_settings, store, Clock(), api_keys_file=keys, **limits) as client:
        assert [client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code for _ in range(3)] == [200] * 3
        write = client.post("/submissions", content="x", headers={**XML_BODY, **bearer(key)})
        assert write.status_code == 429 and "too many requests from testclient" in write.json()["message"]
        elsewhere = TestClient(client.app, client=("192.0.2.7", 50000))  # the same running app, another address
        assert elsewhere.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code == 200
        assert elsewhere.post("/submissions", content="x", headers={**XML_BODY, **bearer(key)}).status_code == 400


def test_zero_turns_the_limits_off(app_settings, store) -> None:
    with app_with(app_settings, store, rate_limit_per_address=0, rate_limit_per_key=0) as client:
        assert all(client.get("/sparql", params=ASK, headers=JSON_RESULTS).status_code == 200 for _ in range(30))


def test_an_answer_from_the_response_cache_is_not_counted_but_every_evaluation_is(app_settings, store) -> None:
    cached = {"Accept": "application/sparql-results+json"}
    with app_with(app_settings, store, Clock(), rate_limit_per_address=2, rate_limit_window=60.0) as client:
        assert [client.get("/sparql", params=ASK, headers=cached).status_code for _ in range(10)] == [200] * 10
        first = client.get("/sparql", params=ASK, headers=cached)
        again = client.get("/sparql", params=ASK, headers={**cached, "If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        other = {"query": "ASK { ?s a ?o }"}  # not in the cache: evaluated, so counted
        assert client.get("/sparql", params=other, headers=cached).status_code == 200
        assert client.get("/sparql", params=other, headers=JSON_RESULTS).status_code == 429
