"""Search and matchmaking routes over a real `nzc-graph serve` process."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


TIMEOUT = 120.0  # the first search waits for the index built at start-up


def get(server: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(server + path, params=params, timeout=TIMEOUT)


def test_solved_returns_the_documented_contract(server) -> None:
    r = get(server, "/solved", q="our partners are exhausted by all the invitations", limit=3)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["results"] and body["total"] >= len(body["results"]) and body["limit"] == 3
    first = body["results"][0]
    for field in ("city", "city_label", "score", "practice", "practice_label", "status", "challenge_label", "why"):
        assert first[field], field
    assert first["city"].startswith("https://w3id.org/nzc/id/city/")
    assert first["evidence"]["quote"] and first["evidence"]["section"]
    assert {x["city"].rsplit("/", 1)[-1] for x in body["results"]} & {"reykjavik", "bordeaux"}
    scores = [x["score"] for x in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_solved_pagination_and_filters(server) -> None:
    page1 = get(server, "/solved", q="residents lose interest", limit=2).json()
    page2 = get(server, "/solved", q="residents lose interest", limit=2, offset=2).json()
    assert page1["next_offset"] == 2 and page2["offset"] == 2
    assert not {x["city"] for x in page1["results"]} & {x["city"] for x in page2["results"]}
    implemented = get(server, "/solved", q="residents lose interest", min_status="implemented").json()
    assert all(x["status_rank"] >= 4 for x in implemented["results"])


def test_faces_and_bad_input(server) -> None:
    r = get(server, "/faces", q="we cannot hire the specialists we need")
    assert r.status_code == 200 and r.json()["results"][0]["evidence"]["quote"]
    bad = get(server, "/solved", q="money", min_status="finished")
    assert bad.status_code == 400 and "min_status" in bad.json()["message"]
    assert get(server, "/solved", q="  ").status_code == 400


def test_match_accepts_any_spelling_and_suggests_on_unknown(server) -> None:
    r = get(server, "/match/kozani")
    assert r.status_code == 200
    body = r.json()
    assert body["city"].endswith("/kozani") and body["results"]
    assert all(not x["city"].endswith("/kozani") for x in body["results"])
    assert body["results"][0]["practice"] and body["results"][0]["evidence"]["quote"]
    same = get(server, "/match/Ume%C3%A5").json()["city"]
    assert same == get(server, "/match/Umea").json()["city"]
    missing = get(server, "/match/Kozanni")
    assert missing.status_code == 404 and "Kozani" in missing.json()["suggestions"]


def test_pairs_cover_the_cohort(server) -> None:
    r = get(server, "/pairs", cohort="3")
    assert r.status_code == 200
    body = r.json()
    cities = [c for group in body["results"] for c in group["cities"]]
    assert len(cities) == len(set(cities)) >= 2
    assert get(server, "/pairs", cohort="99").status_code == 404
