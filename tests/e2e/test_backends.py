"""The whole product on each backend: the same built graph served by `nzc-graph serve` on the
embedded store, over a real Oxigraph server and over Virtuoso (SPARQL 1.1 Protocol, both loaded
with `nzc-graph load`) gives the same answers — search, matchmaking, pairing, named queries,
linked-data pages, the `/sparql` proxy — and takes submissions the same way. Each difference of
a store found here is handled in the backend or the query (docs/deploy.md lists them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from tests.backends import ADMIN_KEY, BACKENDS, BackendApis
from tests.samples import practice

from nzc_graph.devtools import stores
from nzc_graph.devtools.stores import VirtuosoServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
JSON = {"Accept": "application/json"}
RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def apis(request: pytest.FixtureRequest, backend_apis: BackendApis) -> dict[str, str]:
    """backend → base URL of an API process serving the same graph from it (tests/backends.py)."""
    found = {}
    for name in BACKENDS:
        if name == "virtuoso" and not VirtuosoServer.available() and stores.from_env(name) is None:
            continue  # without it, the other backends are still compared
        found[name] = backend_apis.base(name, request.getfixturevalue("served"))
    return found


def answers(apis: dict[str, str], path: str, params: dict[str, str] | None = None, **kw: Any) -> dict[str, Any]:
    """backend → the JSON answer of `path`, after checking every backend answered 200."""
    out = {}
    for backend, base in apis.items():
        r = httpx.get(base + path, params=params, timeout=60, **kw)
        assert r.status_code == 200, f"{backend} {path}: {r.status_code} {r.text[:300]}"
        out[backend] = r.json()
    return out


def difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, and how."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            found = difference(a.get(key), b.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return next(
            (d for i, (x, y) in enumerate(zip(a, b, strict=True)) if (d := difference(x, y, f"{path}[{i}]"))), None
        )
    return None if a == b else f"{path or 'the answer'}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"


def same(found: dict[str, Any]) -> Any:
    """The one answer every backend gave."""
    first = next(iter(found.values()))
    for backend, value in found.items():
        assert value == first, f"{backend} differs from {BACKENDS[0]} at {difference(first, value)}"
    return first


def results(answer: dict[str, Any]) -> dict[str, Any]:
    """SPARQL JSON results as the standard defines them: the variables and each binding's terms
    (Virtuoso adds `link`, `distinct` and `ordered`, and still says `typed-literal`)."""
    rows = [
        {k: {**v, "type": "literal" if v["type"] == "typed-literal" else v["type"]} for k, v in row.items()}
        for row in answer["results"]["bindings"]
    ]
    return {"vars": answer["head"]["vars"], "bindings": rows}


def questions(kind: str, n: int) -> list[str]:
    lines = (ROOT / "eval" / f"dev_{kind}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.startswith("{")][:n]


def ranked(answer: dict[str, Any]) -> list[str]:
    """The cities of a /solved or /faces answer in rank order, with their practice or statement."""
    return [json.dumps(r, sort_keys=True) for r in answer["results"]]


@pytest.mark.parametrize("question", questions("questions", 6), ids=lambda q: q[:30])
def test_who_solved_gives_the_same_ranked_cities(apis: dict[str, str], question: str) -> None:
    answer = same({b: ranked(a) for b, a in answers(apis, "/solved", {"q": question}).items()})
    assert answer, "a dev question found nothing"


@pytest.mark.parametrize("question", questions("questions", 6) + questions("match", 3), ids=lambda q: q[:30])
def test_ask_gives_the_same_answer(apis: dict[str, str], question: str) -> None:
    found = answers(apis, "/ask", {"q": question}, headers=JSON)
    for answer in found.values():
        answer.pop("took_ms", None)
        answer.pop("timings", None)
    same(found)


@pytest.mark.parametrize("city", ["kozani", "aachen", "porto"])
def test_match_gives_the_same_peers(apis: dict[str, str], city: str) -> None:
    assert same(answers(apis, f"/match/{city}", headers=JSON))["results"]


def test_pairing_and_named_queries_agree(apis: dict[str, str]) -> None:
    assert same(answers(apis, "/pairs", {"cohort": "1"}, headers=JSON))
    found = {b: results(a) for b, a in answers(apis, "/queries/list-cities", headers=RESULTS).items()}
    for answer in found.values():  # GROUP_CONCAT joins in the order the store meets the values
        for row in answer["bindings"]:
            if "roleLabels" in row:
                row["roleLabels"]["value"] = sorted(row["roleLabels"]["value"].split(", "))
    assert len(same(found)["bindings"]) > 50


def test_the_sparql_proxy_agrees(apis: dict[str, str]) -> None:
    query = (
        "SELECT ?c ?label WHERE { ?c a <https://w3id.org/nzc/ontology#City> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label ?c"
    )
    found = answers(apis, "/sparql", {"query": query}, headers=RESULTS)
    assert len(same({b: results(a) for b, a in found.items()})["bindings"]) > 100


def test_linked_data_documents_agree(apis: dict[str, str]) -> None:
    graphs = {}
    for backend, base in apis.items():
        r = httpx.get(base + "/id/city/aachen.ttl", timeout=60)
        assert r.status_code == 200, backend
        graphs[backend] = Graph().parse(data=r.text, format="turtle")
    first = graphs[BACKENDS[0]]
    assert len(first) > 20
    for backend, g in graphs.items():
        assert isomorphic(g, first), backend


PRACTICE = practice("on-every-backend", label="A practice sent to every backend")


def test_submissions_work_the_same(apis: dict[str, str]) -> None:
    admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
    ask = "ASK { <https://w3id.org/nzc/id/practice/aachen--on-every-backend> ?p ?o }"
    for backend, base in apis.items():
        with httpx.Client(base_url=base, timeout=60) as c:
            created = c.post("/submissions", content=PRACTICE, headers={"Content-Type": "text/turtle", **admin})
            assert created.status_code == 201, f"{backend}: {created.text}"
            sub = created.json()["id"]
            assert c.get(f"/submissions/{sub}").json()["triples"] == created.json()["triples"]
            found = c.get("/sparql", params={"query": ask}, headers=RESULTS)
            assert found.json().get("boolean") is True, f"{backend}: {found.text[:300]}"
            bad = c.post("/submissions", content="<a> <b> .", headers={"Content-Type": "text/turtle", **admin})
            assert bad.status_code == 400 and bad.json()["line"] == 1, backend
            assert c.delete(f"/submissions/{sub}", headers=admin).status_code == 200, backend
            gone = c.get("/sparql", params={"query": ask + " # after"}, headers=RESULTS)
            assert gone.json()["boolean"] is False, backend
