"""An officer asks in German and another in Spanish, in a real browser whose language is set: the
expected city comes first with the labels, headings and buttons in their language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from tests.e2e.browser import needs_browser

pytestmark = [pytest.mark.e2e, needs_browser]
QUESTIONS = {
    "de": (
        "Wie holen andere Städte private Investoren für ihre Klimaprojekte ins Boot?",
        "Wer hat es gelöst?",
        "Privates Kapital mobilisieren",
    ),
    "es": (
        "Nuestros socios están saturados de tantas reuniones, ¿alguna ciudad lo ha resuelto?",
        "¿Quién lo ha resuelto?",
        "Cansancio de los agentes implicados",
    ),
}
LOCALES = {"de": "de-DE", "es": "es-ES"}


@pytest.fixture(params=sorted(QUESTIONS))
def in_language(request: pytest.FixtureRequest, chromium_browser: Any) -> Iterator[tuple[str, Any]]:
    context = chromium_browser.new_context(locale=LOCALES[request.param], viewport={"width": 1280, "height": 900})
    yield request.param, context.new_page()
    context.close()


def test_a_question_in_the_browser_language_is_answered_in_it(in_language: tuple[str, Any], server: str) -> None:
    language, page = in_language
    question, button, label = QUESTIONS[language]
    expected = httpx.get(
        server + "/solved", params={"q": question, "lang": language}, headers={"Accept": "application/json"}
    ).json()
    assert expected["language"] == language and expected["results"]
    page.goto(server + "/solved")
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#ask-q", question)
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/solved?**")
    assert page.locator("html").get_attribute("lang") == language
    first = page.locator("article.card").first
    assert first.locator("h3").inner_text() == expected["results"][0]["city_label"]
    assert label in first.locator("p.links").inner_text()
    assert first.locator("blockquote").get_attribute("lang") == "en"
    assert first.locator("p.quote-note").inner_text() == expected["results"][0]["evidence"]["note"]


def test_the_language_chooser_keeps_the_question_and_switches_labels(in_language: tuple[str, Any], server: str) -> None:
    language, page = in_language
    question, _, label = QUESTIONS[language]
    page.goto(server + "/solved?" + urlencode({"q": question}))
    assert page.locator("html").get_attribute("lang") == language
    assert label in page.locator("article.card").first.locator("p.links").inner_text()
    with page.expect_navigation():
        page.locator("nav.languages a[hreflang=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.input_value("#ask-q") == question
    assert page.locator("nav.languages a[aria-current=true]").inner_text() == "English"
    assert page.locator("header nav[aria-label=Site] a").first.inner_text() == "Ask"
    english_label = httpx.get(
        server + "/solved", params={"q": question, "lang": "en"}, headers={"Accept": "application/json"}
    ).json()["results"][0]
    assert page.locator("article.card").first.locator("h3").inner_text() == english_label["city_label"]
    assert label not in page.locator("article.card").first.locator("p.links").inner_text()
