"""Submitted text is shown, never run: a practice whose label and description carry script and
markup payloads, and whose data links to a `javascript:` IRI, is accepted by a real server and
then opened in a real browser — no script runs, no dialog opens, the text shows as typed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.e2e.browser import needs_browser

from nzc_graph.devtools.devserver import scratch_server

pytestmark = [pytest.mark.e2e, needs_browser]

LABEL = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> Hostile practice'
DESCRIPTION = "<b onmouseover=\"window.__xss=3\">bold</b> & <a href='javascript:window.__xss=4'>link</a>"


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PRACTICE = f"""@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nzc/id/practice/aachen--hostile> a nzc:PracticeAdoption ;
    rdfs:label {_turtle_string(LABEL)}@en ;
    nzc:city <https://w3id.org/nzc/id/city/aachen> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/piloting> ;
    dcterms:description {_turtle_string(DESCRIPTION)}@en ;
    rdfs:seeAlso <javascript:window.__xss=5> ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> ;
    nzc:evidence [ a nzc:Quote ; nzc:quoteText "This sentence stands in for a verbatim quote." ;
                   nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ] .
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("hostile") / "store"
    with scratch_server(store=store, build=True, env={"NZC_SEARCH_SEMANTIC": "off"}) as (base, key):
        r = httpx.post(
            base + "/submissions",
            content=PRACTICE.encode(),
            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {key}"},
            timeout=60,
        )
        assert r.status_code == 201, r.text
        yield base


NOT_DATA = ':not([type="application/ld+json"]):not([type="application/json"])'
PAGES = ["/id/practice/aachen--hostile", "/id/city/aachen", "/solved?q=hostile+practice", "/match/aachen"]


@pytest.mark.parametrize("path", PAGES)
def test_payloads_show_as_text_and_never_run(chromium_browser: Any, hostile_server: str, path: str) -> None:
    context = chromium_browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        response = page.goto(hostile_server + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        for link in page.locator("a").all():  # hover and no javascript: links anywhere
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript:"), (path, href)
        page.mouse.move(10, 10)
        assert page.evaluate("() => window.__xss") is None, path
        assert dialogs == []
        # no inline script in the DOM but data islands, and none of those can be closed by the payload
        assert page.locator(f"script:not([src]){NOT_DATA}").count() == 0, path
        for island in page.locator("script:not([src])").all():
            assert "<script" not in (island.text_content() or "").lower(), path
        if path.startswith("/id/practice/"):
            assert "<script>window.__xss=1</script>" in page.inner_text("body")
            assert "onmouseover" in page.inner_text("body")
    finally:
        context.close()
