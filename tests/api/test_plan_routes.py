"""GET /sessions/plan in-process: JSON for programs, the page for browsers, CSV on request, and a
clear 4xx for every bad parameter, as JSON for programs and on the page for people."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from nzc_graph.config import Settings
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.index import build_index
from nzc_graph.search.planner import CSV_COLUMNS
from nzc_graph.store import EmbeddedStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML = {"Accept": BROWSER}
COHORT_3 = "https://w3id.org/nzc/id/cohort/pcp-3"


@pytest.fixture(scope="module")
def base(app_settings: Settings) -> str:
    """Where the pages link to: the public base URL of the settings."""
    return app_settings.public_base_url.rstrip("/") + "/"


@pytest.fixture(scope="module")
def cohort_3(store: EmbeddedStore, app_settings: Settings) -> set[str]:
    facts = build_index(store, QueryLibrary(app_settings.queries_dir), "off").facts
    return {c.iri for c in facts.cities.values() if COHORT_3 in c.cohorts}


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_json_for_programs(client: TestClient, cohort_3: set[str], accept: str | None) -> None:
    r = client.get("/sessions/plan?cohort=3&rooms=4", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "accept" in r.headers["vary"].lower()
    body = r.json()
    placed = [c for room in body["results"] for c in room["cities"]]
    assert sorted(placed) == sorted(cohort_3) and body["cities"] == len(cohort_3)
    assert body["rooms"] == 4 == len(body["results"]) and body["cohort"] == COHORT_3
    assert {len(room["cities"]) for room in body["results"]} <= {body["min_size"], body["max_size"]}
    for room in body["results"]:
        s = room["storyteller"]
        assert s["city"] in room["cities"] and s["status_label"] in {"piloting", "implemented", "scaled"}
        assert s["challenge"] in {c["challenge"] for c in room["shared_challenges"]}
        assert s["evidence"]["quote"] and s["evidence"]["section"]
    assert body["status"] in {"optimal", "feasible"} and "Storyteller" in body["objective"]


def test_any_cities_by_repeating_city(client: TestClient) -> None:
    r = client.get("/sessions/plan", params=[("city", "Kozani"), ("city", "Aachen"), ("city", "leuven"), ("size", "3")])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["cohort"] is None and body["rooms"] == 1
    assert sorted(body["results"][0]["city_labels"]) == ["Aachen", "Kozani", "Leuven"]
    assert body["results"][0]["storyteller"]["city_label"] == "Leuven"


def test_a_room_without_storyteller_says_so(client: TestClient) -> None:
    body = client.get("/sessions/plan?city=gozo&city=vilnius&rooms=1").json()
    room = body["results"][0]
    assert room["storyteller"] is None and room["note"].startswith("No storyteller")
    assert body["without_storyteller"] == 1


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("cohort=9&rooms=2", 404, "no cohort number 9"),
        ("cohort=3&rooms=0", 400, "rooms: at least 1 room"),
        ("cohort=3&rooms=31", 400, "31 rooms for 30 cities"),
        ("cohort=3&rooms=four", 400, "rooms: 'four' is not a whole number"),
        ("cohort=3&size=0", 400, "size: a room holds at least 1"),
        ("cohort=3&rooms=2&size=3", 400, "2 rooms of at most 3 cities"),
        ("cohort=3", 400, "rooms or size"),
        ("rooms=3", 400, "cohort or city"),
        ("cohort=3&city=Cork&rooms=2", 400, "not both"),
        ("city=Kozani&city=Narnia&rooms=1", 404, "no city 'Narnia'"),
        ("city=Kozani&city=kozani&rooms=1", 400, "given twice"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(client: TestClient, base: str, query: str, status: int, words: str) -> None:
    r = client.get("/sessions/plan?" + query)
    assert r.status_code == status and words in r.json()["message"], r.text
    if "cohort" not in query and "city" not in query:
        return  # a browser asking for neither gets the empty form
    page = client.get("/sessions/plan?" + query, headers=HTML)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert 'class="problem"' in page.text and f'action="{base}sessions/plan"' in page.text


def test_unknown_city_suggests_close_spellings(client: TestClient, base: str) -> None:
    assert client.get("/sessions/plan?city=Kozani&city=Aachn&rooms=1").json()["suggestions"][0] == "Aachen"
    page = client.get("/sessions/plan?city=Kozani&city=Aachn&rooms=1", headers=HTML).text
    assert f'href="{base}sessions/plan?city=Kozani&amp;city=Aachen&amp;rooms=1"' in page


def test_page_shows_rooms_storytellers_and_evidence(client: TestClient, base: str) -> None:
    data = client.get("/sessions/plan?cohort=3&rooms=4").json()
    r = client.get("/sessions/plan?cohort=3&rooms=4", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "accept" in r.headers["vary"].lower()
    page = r.text
    assert "<h1>Breakout rooms for Pilot Cities Programme cohort 3</h1>" in page
    assert page.count('<li class="group room"') == 4
    for room in data["results"]:
        s = room["storyteller"]
        assert f"/id/practice/{s['practice'].rsplit('/', 1)[-1]}" in page
        assert f"§{s['evidence']['section']}" in page
    assert "Tampere&#39;s" in page and "Tampere's" not in page  # labels are escaped
    assert f'href="{base}sessions/plan?cohort=3&amp;rooms=4&amp;format=csv"' in page
    assert '<option value="3" selected>' in page


def test_page_without_parameters_is_the_form(client: TestClient) -> None:
    r = client.get("/sessions/plan", headers=HTML)
    assert r.status_code == 200 and 'name="rooms"' in r.text and 'name="city"' in r.text
    assert 'class="problem"' not in r.text
    # a blank size field from the form means "not given"
    filled = client.get("/sessions/plan?cohort=3&city=&rooms=3&size=", headers=HTML)
    assert filled.status_code == 200 and filled.text.count('<li class="group room"') == 3


def test_text_typed_by_a_person_is_escaped_on_the_page(client: TestClient) -> None:
    page = client.get("/sessions/plan", params={"city": "<script>x</script>", "rooms": "1"}, headers=HTML)
    assert page.status_code == 404 and "<script>x" not in page.text and "&lt;script&gt;x" in page.text


@pytest.mark.parametrize("how", [{"params": "&format=csv"}, {"headers": {"Accept": "text/csv"}}])
def test_csv(client: TestClient, how: dict) -> None:
    r = client.get("/sessions/plan?cohort=3&rooms=4" + how.get("params", ""), headers=how.get("headers", {}))
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="rooms-pcp-3.csv"'
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 5
    assert all(row[CSV_COLUMNS.index("storyteller")] for row in rows[1:])


def test_csv_errors_are_json(client: TestClient) -> None:
    r = client.get("/sessions/plan?cohort=3&rooms=0&format=csv")
    assert r.status_code == 400 and r.json()["error"] == "InvalidQueryParameter"


def test_the_pairs_and_home_pages_link_to_the_planner(client: TestClient, base: str) -> None:
    pairs = client.get("/pairs?cohort=3", headers=HTML).text
    assert f'href="{base}sessions/plan?cohort=3&amp;rooms=4"' in pairs
    assert f'href="{base}sessions/plan"' in client.get("/", headers=HTML).text
