"""A city officer at the front door, in a real browser: ask in plain words, filter, meet the
honest "nobody yet", and switch to who else faces the problem."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from tests.e2e.browser import Visit, needs_browser

from nzc_graph.graph.evidence import plain_text

pytestmark = [pytest.mark.e2e, needs_browser]
PROBLEM = "partners tired of too many initiatives"
NOBODY = "carbon sinks and nature-based solutions"


def api(server: str, path: str, **params: object) -> dict:
    return httpx.get(server + path, params=params, headers={"Accept": "application/json"}).json()


def test_ask_filter_and_follow_in_the_browser(visit: Visit, server: str, source_text: str) -> None:
    expected = api(server, "/solved", q=PROBLEM, limit=10)
    top = expected["results"][0]
    visit.go("/")
    visit.shot("1-home")
    visit.page.fill("#ask-q", PROBLEM)
    visit.page.get_by_role("button", name="Who solved it?").click()
    visit.page.wait_for_url("**/solved?**")
    assert parse_qs(urlsplit(visit.page.url).query)["q"] == [PROBLEM]
    first = visit.page.locator("article.card").first
    assert first.locator("h3").inner_text() == top["city_label"]
    quote = first.locator("blockquote p").inner_text()
    assert quote.removeprefix("…") == top["evidence"]["quote"] and plain_text(quote) in plain_text(source_text)
    visit.shot("2-answers")
    assert visit.axe() == []

    pilots = api(server, "/solved", q=PROBLEM, role="pilot-city", limit=10)
    visit.page.locator("details.filters summary").click()
    visit.page.select_option("select[name=role]", "pilot-city")
    visit.page.get_by_role("button", name="Who solved it?").click()
    visit.page.wait_for_url("**role=pilot-city**")
    # strong answers first, then the weaker matches folded away under them
    cards = visit.page.locator(".results article.card h3").all_text_contents()
    assert cards == [r["city_label"] for r in pilots["results"]] and len(cards) < expected["total"]
    visit.shot("3-filtered")

    visit.page.get_by_role("link", name="Who else faces it").click()
    visit.page.wait_for_url("**/faces?**")
    assert "role=pilot-city" in visit.page.url
    visit.shot("4-faces")

    visit.page.locator("article.card h3 a").first.click()
    visit.page.wait_for_url("**/id/city/**")
    visit.shot("5-city")
    assert not visit.foreign_hosts(), visit.hosts
    assert not visit.errors, visit.errors


def test_nobody_yet_is_said_plainly(visit: Visit, server: str) -> None:
    facing = [r["city_label"] for r in api(server, "/faces", q=NOBODY)["results"]]
    visit.go("/solved?" + str(httpx.QueryParams({"q": NOBODY})))
    heading = visit.page.locator("#h-results").inner_text()
    assert heading == "No city in the graph reports solving this yet"
    shown = visit.page.locator(".results > article.card h3").all_inner_texts()
    assert shown == facing and shown
    assert not visit.page.locator("details.weak").get_attribute("open")
    visit.shot("nobody-yet")
    assert visit.axe() == []
