"""A query that finds every worker busy and the queue full gets a 503 at once, with Retry-After and
a message naming the full queue, while the health check keeps answering (real worker process)."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from rdflib import Graph

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_full_query_queue_is_a_503_with_retry_after(app_settings: Settings) -> None:
    settings = Settings.model_validate(
        {**app_settings.model_dump(), "query_timeout": 2, "query_queue_length": 0, "query_workers": 1}
    )
    store = EmbeddedStore(None)
    rows = "\n".join(f"<http://x/s{i}> <http://x/p> {i} ." for i in range(300))
    store.add_graph("http://x/g", Graph().parse(data=rows, format="turtle"))
    with TestClient(create_app(settings, store)) as client:
        pool = client.app.state.services.executor  # type: ignore[attr-defined]
        busy = threading.Thread(target=lambda: client.get("/sparql", params={"query": RUNAWAY}))
        busy.start()
        until = time.monotonic() + 10
        while not pool._idle.empty() and time.monotonic() < until:  # noqa: SLF001  (the runaway holds the worker)
            time.sleep(0.01)
        r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/json"})
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "2"
        assert r.json()["error"] == "QueryQueueFull" and "queue is full" in r.json()["message"]
        assert client.get("/health").status_code == 200
        busy.join()
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    store.close()
