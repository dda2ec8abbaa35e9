"""Ask anything, on a real server: a programme officer types a fact question into the home page's
ask box, reads the value and the report's sentence, asks who took part, follows a city, and is told
plainly when the graph does not know; `nzc-graph ask` beside the server says the same."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from tests.e2e.browser import Visit, needs_browser
from tests.e2e.test_cli_beside_server import cli, ok

from nzc_graph.graph.evidence import plain_text

pytestmark = pytest.mark.e2e
LOAN = "How much did Turku borrow from the EIB?"
MEL = "Which cities presented on MEL?"
UNKNOWN = "How much did Aachen borrow from the EIB?"


def api(server: str, q: str) -> dict:
    return httpx.get(server + "/ask", params={"q": q}, headers={"Accept": "application/json"}, timeout=60).json()


@needs_browser
def test_a_fact_asked_in_the_ask_box(visit: Visit, server: str, source_text: str) -> None:
    expected = api(server, LOAN)
    assert expected["answered"] and expected["values"]
    visit.go("/")
    visit.page.fill("#ask-q", LOAN)
    visit.page.press("#ask-q", "Enter")  # the default button: Ask
    visit.page.wait_for_url("**/ask?**")
    assert parse_qs(urlsplit(visit.page.url).query)["q"] == [LOAN]
    assert visit.page.locator("#h-answer").inner_text() == "Answer"
    card = visit.page.locator("article.card.value").first
    assert card.locator("h3").inner_text() == expected["values"][0]["display"] == "€334 million"
    quote = card.locator("blockquote p").inner_text()
    assert quote.removeprefix("…") == expected["evidence"]["quote"] and plain_text(quote) in plain_text(source_text)
    assert "§1.4.1" in card.locator("blockquote footer").inner_text()
    visit.shot("1-fact")
    assert visit.axe() == []

    who = api(server, MEL)
    visit.page.fill("#ask-q", MEL)
    visit.page.get_by_role("button", name="Ask", exact=True).click()
    visit.page.wait_for_url("**q=Which+cities+presented**")
    cities = visit.page.locator("article.card.value h3").all_inner_texts()
    assert cities == [v["display"] for v in who["values"]] == ["Barcelona", "Cluj-Napoca", "Porto"]
    visit.shot("2-participants")
    assert visit.axe() == []
    visit.page.locator("article.card.value h3 a").first.click()
    visit.page.wait_for_url("**/id/city/barcelona*")
    assert not visit.foreign_hosts(), visit.hosts
    assert not visit.errors, visit.errors


@needs_browser
def test_the_graph_says_when_it_does_not_know_and_problems_still_get_cities(visit: Visit, server: str) -> None:
    visit.go("/ask?" + str(httpx.QueryParams({"q": UNKNOWN})))
    assert visit.page.locator("#h-answer").inner_text() == "The graph does not say"
    assert api(server, UNKNOWN)["message"] in visit.page.locator(".answer-line").inner_text()
    assert visit.page.locator("article.card").count() == 0  # no value dressed as an answer
    visit.shot("3-unknown")

    problem = api(server, "partners tired of too many initiatives")
    visit.page.fill("#ask-q", "partners tired of too many initiatives")
    visit.page.press("#ask-q", "Enter")
    visit.page.wait_for_url("**q=partners+tired**")
    shown = visit.page.locator(".results article.card h3").all_inner_texts()
    assert shown[:3] == [r["city_label"] for r in problem["solved"]["results"][:3]]
    visit.shot("4-solved")
    assert visit.axe() == []
    assert not visit.errors, visit.errors


def test_the_cli_beside_the_server_answers_as_the_api(served: tuple[str, Path]) -> None:
    base, store = served
    for q in (LOAN, MEL, UNKNOWN):
        from_cli = json.loads(ok(cli(store, "ask", q, "--format", "json")))
        assert from_cli == api(base, q), q


@needs_browser
@pytest.mark.parametrize("q", [LOAN, "partners tired of too many initiatives", "Who should Kozani talk to?"])
def test_the_answer_page_fits_a_phone_screen(visit: Visit, q: str) -> None:
    visit.page.set_viewport_size({"width": 390, "height": 844})
    visit.go("/ask?" + str(httpx.QueryParams({"q": q})))
    overflow = visit.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{q}: {overflow}px wider than a phone screen"
