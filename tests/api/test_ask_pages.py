"""The ask page, cities and challenges: one route each, HTML for browsers and JSON for programs,
with an honest answer when nobody in the graph solved the problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.search.service import ANSWER_FLOOR
from nzc_graph.store import EmbeddedStore

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
SOLVED_BY_SOMEONE = "partners tired of too many initiatives"
NOBODY_SOLVED = "carbon sinks and nature-based solutions"


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    app = create_app(app_settings, store)
    with TestClient(app) as c:
        yield c


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_one_route_answers_programs_with_json_and_browsers_with_html(client: TestClient) -> None:
    json_response = client.get("/solved", params={"q": SOLVED_BY_SOMEONE})
    assert "accept" in json_response.headers["vary"].lower()
    data = json_response.json()
    assert data["answered"] is True and data["best_score"] >= ANSWER_FLOOR
    page = client.get("/solved", params={"q": SOLVED_BY_SOMEONE}, headers=HTML)
    assert page.headers["content-type"].startswith("text/html") and "accept" in page.headers["vary"].lower()
    shown = text_of(page.text)
    top = data["results"][0]
    assert top["city_label"] in shown and top["practice_label"] in shown and top["status_label"] in shown
    assert top["evidence"]["quote"] in shown and f"§{top['evidence']['section']}" in shown
    forced = client.get("/solved", params={"q": SOLVED_BY_SOMEONE, "format": "json"}, headers=HTML)
    assert forced.json()["results"] == data["results"]


def test_a_problem_nobody_solved_gets_the_honest_answer_and_who_faces_it(client: TestClient) -> None:
    data = client.get("/solved", params={"q": NOBODY_SOLVED}).json()
    assert data["answered"] is False and data["best_score"] < ANSWER_FLOOR
    facing = client.get("/faces", params={"q": NOBODY_SOLVED}).json()["results"]
    assert facing
    shown = text_of(client.get("/solved", params={"q": NOBODY_SOLVED}, headers=HTML).text)
    assert "No city in the graph reports solving this yet" in shown
    assert all(r["city_label"] in shown for r in facing)
    assert "not answers" in shown  # weak matches are labelled, never dressed as answers


def test_filters_narrow_the_results_and_stay_in_the_links(client: TestClient) -> None:
    everyone = client.get("/solved", params={"q": SOLVED_BY_SOMEONE, "limit": 50}).json()
    pilots = client.get("/solved", params={"q": SOLVED_BY_SOMEONE, "limit": 50, "role": "pilot-city"}).json()
    assert 0 < pilots["total"] < everyone["total"]
    html = client.get("/solved", params={"q": SOLVED_BY_SOMEONE, "role": "pilot-city"}, headers=HTML).text
    assert '<option value="pilot-city" selected>' in html
    assert "/faces?q=partners+tired+of+too+many+initiatives&amp;role=pilot-city" in html


def test_bad_filters_and_missing_questions_get_clear_errors(client: TestClient) -> None:
    page = client.get("/solved", params={"q": "money", "theme": "no-such-theme"}, headers=HTML)
    assert page.status_code == 404 and "no theme 'no-such-theme'" in unescape(page.text)
    missing = client.get("/solved")
    assert missing.status_code == 400 and "'q' is required" in missing.json()["message"]
    assert client.get("/solved", headers=HTML).status_code == 200  # the empty ask page


def test_cities_and_challenges_directories(client: TestClient) -> None:
    cities = client.get("/cities", params={"role": "pilot-city"}).json()["cities"]
    assert cities and all("Pilot City" in c["roles"] for c in cities)
    html = client.get("/cities", params={"role": "pilot-city"}, headers=HTML).text
    assert all(unescape(c["label"]) in unescape(html) for c in cities)
    rows = client.get("/challenges").json()["challenges"]
    assert [r["facing"] for r in rows] == sorted((r["facing"] for r in rows), reverse=True)
    assert client.get("/browse", headers=HTML).status_code == 200


def test_errors_are_pages_for_people_and_json_for_programs(client: TestClient) -> None:
    page = client.get("/no/such/page", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "there is no page at /no/such/page" in page.text and 'href="' in page.text
    assert client.get("/no/such/page").json() == {"error": "NotFound", "message": "there is no page at /no/such/page"}
    city = client.get("/match/Atlantis", headers=HTML)
    assert city.status_code == 404 and "Atlantis" in city.text
    assert client.get("/match/Atlantis").json()["error"] == "NotFound"
