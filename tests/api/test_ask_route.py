"""GET /ask in-process: one route for JSON and the answer page, per intent, with clear errors; the
ask box on every page sends its question there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
LOAN = "how much did Turku borrow from the EIB?"


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings, store)) as c:
        yield c


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_a_fact_as_json_and_as_a_page(client: TestClient) -> None:
    response = client.get("/ask", params={"q": LOAN})
    assert response.status_code == 200 and "accept" in response.headers["vary"].lower()
    data = response.json()
    assert (data["intent"], data["aspect"], data["answered"]) == ("fact", "amount", True)
    assert data["values"][0]["value"] == "334000000" and data["values"][0]["unit"] == "EUR"
    assert data["evidence"] == data["values"][0]["evidence"] and data["evidence"]["section"] == "1.4.1"
    assert [n["label"] for n in data["named"]] == ["Turku"]
    assert data["solved"] is None and data["match"] is None
    page = client.get("/ask", params={"q": LOAN}, headers=HTML)
    assert page.headers["content-type"].startswith("text/html") and "accept" in page.headers["vary"].lower()
    shown = text_of(page.text)
    assert "€334 million" in shown and data["evidence"]["quote"] in shown and "D4.8 §1.4.1" in shown
    assert re.search(r"Read as a fact: an amount, about Turku ?\.", shown), shown
    forced = client.get("/ask", params={"q": LOAN, "format": "json"}, headers=HTML)
    assert forced.json() == data


def test_each_intent_gets_its_own_answer(client: TestClient) -> None:
    solved = client.get("/ask", params={"q": "partners tired of too many initiatives"}).json()
    assert solved["intent"] == "solved" and solved["answered"] and solved["solved"]["results"]
    assert solved["faces"]["results"] and solved["evidence"] == solved["solved"]["results"][0]["evidence"]
    faces = client.get("/ask", params={"q": "Who else faces stakeholder fatigue?"}).json()
    assert faces["intent"] == "faces" and faces["evidence"] == faces["faces"]["results"][0]["evidence"]
    peers = client.get("/ask", params={"q": "Who should Kozani talk to?"}).json()
    assert peers["intent"] == "match" and peers["match"]["city_label"] == "Kozani" and peers["match"]["results"]
    page = text_of(client.get("/ask", params={"q": "Who should Kozani talk to?"}, headers=HTML).text)
    assert all(m["city_label"] in page for m in peers["match"]["results"])
    who = client.get("/ask", params={"q": "which cities presented on MEL?"}, headers=HTML).text
    assert all(f'/id/city/{c}"' in who for c in ("barcelona", "cluj-napoca", "porto"))  # each city links its page


def test_what_the_graph_does_not_know_is_said_plainly(client: TestClient) -> None:
    data = client.get("/ask", params={"q": "how much did Aachen borrow from the EIB?"}).json()
    assert data["answered"] is False and data["values"] == [] and "no figure about Aachen" in data["message"]
    shown = text_of(client.get("/ask", params={"q": "how much did Aachen borrow from the EIB?"}, headers=HTML).text)
    assert "The graph does not say" in shown and "no figure about Aachen" in shown
    unknown = client.get("/ask", params={"q": "?"}).json()
    assert unknown["intent"] == "unknown" and unknown["answered"] is False


def test_filters_narrow_who_solved_it(client: TestClient) -> None:
    everyone = client.get("/ask", params={"q": "partners tired of too many initiatives"}).json()
    pilots = client.get("/ask", params={"q": "partners tired of too many initiatives", "role": "pilot-city"}).json()
    assert 0 < pilots["solved"]["total"] < everyone["solved"]["total"]


@pytest.mark.parametrize(
    ("params", "message"),
    [({}, "'q' is required"), ({"q": "  "}, "the question is empty"), ({"q": "x" * 501}, "501 characters")],
)
def test_empty_missing_or_oversize_questions_are_400(client: TestClient, params, message) -> None:
    response = client.get("/ask", params=params)
    assert response.status_code == 400 and message in response.json()["message"]
    assert response.json()["error"] == "InvalidQueryParameter"


def test_the_page_without_a_question_is_the_ask_box_and_a_blank_one_an_error(client: TestClient) -> None:
    empty = client.get("/ask", headers=HTML)
    assert empty.status_code == 200 and "/ask?q=how+much+did+Turku" in empty.text
    blank = client.get("/ask", params={"q": " "}, headers=HTML)
    assert blank.status_code == 400 and "the question is empty" in unescape(blank.text)


@pytest.mark.parametrize("path", ["/", "/ask?q=hello", "/solved?q=partners", "/faces?q=partners"])
def test_the_ask_box_sends_its_question_to_ask(client: TestClient, path: str) -> None:
    html = client.get(path, headers=HTML).text
    form = re.search(r'<form class="ask"[^>]*>', html)
    assert form is not None and re.search(r'action="[^"]*/ask"', form.group(0))
    assert re.search(r'formaction="[^"]*/solved"', html) and re.search(r'formaction="[^"]*/faces"', html)


def test_the_quote_is_escaped_on_the_page(client: TestClient) -> None:
    html = client.get("/ask", params={"q": "<script>alert(1)</script> how much did Turku borrow?"}, headers=HTML).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
