"""The overview pages in a real browser: the peer network drawn by cytoscape (a click on a city
opens its page; the filter form narrows the drawing and the URL), the challenge × city matrix
(a cell links to its evidence), and the no-JavaScript fallback of both. Every step is
screenshotted; nothing is fetched from other hosts, the CSP is never violated, axe finds nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.e2e.browser import Visit, needs_browser

from nzc_graph.api.rendering import environment
from nzc_graph.publishing.headlines import home_overview
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.queries import QueryLibrary

pytestmark = [pytest.mark.e2e, needs_browser]
KOZANI = "https://w3id.org/nzc/id/city/kozani"


def csp_errors(visit: Visit) -> list[str]:
    return [e for e in visit.errors if "Content Security Policy" in e or "Refused to" in e]


def wait_for_drawing(visit: Visit) -> int:
    """Wait until cytoscape has drawn the network; the number of nodes drawn."""
    visit.page.wait_for_selector("#network-canvas[data-ready='true'] canvas", state="attached")
    return int(visit.page.evaluate("window.nzcNetwork.nodes().length"))


def node_point(visit: Visit, iri: str) -> dict[str, Any]:
    """Where a node is on the screen, after scrolling the drawing into view (cytoscape caches the
    drawing's position, so it is told to measure again once the scroll has happened)."""
    return dict(
        visit.page.evaluate(
            """async iri => {
                const box = document.getElementById('network-canvas');
                box.scrollIntoView({block: 'center'});
                await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                window.nzcNetwork.resize();
                const node = window.nzcNetwork.getElementById(iri);
                const rect = box.getBoundingClientRect();
                const p = node.renderedPosition();
                return {x: rect.left + p.x, y: rect.top + p.y, found: node.length};
            }""",
            iri,
        )
    )


def test_clicking_a_city_in_the_network_opens_its_page(visit: Visit) -> None:
    visit.go("/network")
    assert wait_for_drawing(visit) > 10
    visit.shot("network")
    assert visit.axe() == []
    point = node_point(visit, KOZANI)
    assert point["found"] == 1
    visit.page.mouse.move(point["x"], point["y"])
    with visit.page.expect_navigation():
        visit.page.mouse.click(point["x"], point["y"])
    assert visit.page.url.endswith("/id/city/kozani.html"), visit.page.url
    assert visit.page.locator("h1").inner_text().strip() == "Kozani"
    visit.shot("network-kozani")
    assert not visit.foreign_hosts(), visit.hosts
    assert not csp_errors(visit), visit.errors


def test_the_filter_form_narrows_the_network_and_the_url(visit: Visit) -> None:
    visit.go("/network")
    everything = wait_for_drawing(visit)
    visit.page.select_option("#f-theme", "procurement")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Show").click()
    assert "theme=procurement" in visit.page.url
    narrowed = wait_for_drawing(visit)
    assert 0 < narrowed < everything
    labels = visit.page.evaluate("window.nzcNetwork.nodes().map(n => n.data('label')).sort()")
    assert labels == ["Aachen", "Košice", "Oslo"]
    assert visit.page.locator(".links-table tbody tr").count() == 2
    visit.shot("network-procurement")
    visit.page.select_option("#f-theme", "")
    visit.page.select_option("#f-cohort", "pcp-3")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Show").click()
    assert "cohort=pcp-3" in visit.page.url and "theme=&" in visit.page.url
    assert 0 < wait_for_drawing(visit) < everything
    visit.shot("network-cohort-3")
    assert visit.axe() == []
    assert not visit.foreign_hosts(), visit.hosts
    assert not csp_errors(visit), visit.errors


def test_a_matrix_cell_links_to_its_evidence(visit: Visit) -> None:
    visit.go("/matrix")
    row = visit.page.locator(
        "tbody tr", has=visit.page.get_by_role("rowheader", name="Lack of in-house financial expertise")
    )
    cell = row.locator('a[title^="Kozani: faces it; furthest practice planned"]')
    assert cell.count() == 1
    assert cell.locator("[aria-hidden='true']").inner_text() == "2"  # the status rank shows, not colour alone
    assert cell.locator(".vh").inner_text() == "faces it; furthest practice planned (2 practices)"
    assert "/id/practice/kozani--" in (cell.get_attribute("href") or "")
    visit.shot("matrix")
    assert visit.axe() == []
    with visit.page.expect_navigation():
        cell.click()
    assert "/id/practice/kozani--" in visit.page.url
    assert "planned" in visit.page.locator("main").inner_text()
    visit.shot("matrix-evidence")
    visit.go("/matrix?sort=name&scope=all")
    first = visit.page.locator("tbody th").first.inner_text()
    assert first == "Access to EU funding opportunities", first
    visit.shot("matrix-by-name")
    assert not visit.foreign_hosts(), visit.hosts
    assert not csp_errors(visit), visit.errors


def test_the_home_overview_partial_is_accessible(visit: Visit, server: str, store, settings) -> None:
    """The home page owner includes templates/overview_home.html; rendered alone it must pass axe."""
    overview = home_overview(store, QueryLibrary(settings.queries_dir))
    mapper = IriMapper(server)
    partial = environment().get_template("overview_home.html")
    body = partial.render(overview=overview, base=mapper.base, page_url=mapper.page)
    head = (
        '<!DOCTYPE html><html lang="en"><head><title>At a glance</title>'
        f'<link rel="stylesheet" href="{mapper.base}static/site.css"></head>'
    )
    visit.page.set_content(f"{head}<body><main>{body}</main></body></html>")
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.locator(".headline-totals strong").first.inner_text() == str(overview.totals[0].n)
    visit.shot("home-overview")
    assert visit.axe() == []
    assert not visit.foreign_hosts(), visit.hosts


def test_without_javascript_the_links_and_cities_are_in_the_html(server: str) -> None:
    r = httpx.get(server + "/network", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Accept" in r.headers["vary"]
    html = r.text
    assert '<table class="links-table">' in html and 'class="node-list"' in html
    assert 'id="network-data"' in html and 'type="application/json"' in html
    assert "<script>" not in html  # no inline script: only the data block and script files
    leuven = html.index(">Leuven</a>")
    assert html.index("inspired", leuven) < html.index(">Aachen</a>", leuven) < html.index("D4.8 §1.4.4", leuven)
    data = httpx.get(server + "/network", headers={"Accept": "application/json"}).json()
    inspired = [e for e in data["edges"] if e["type"] == "inspired"]
    assert [e["evidence"].rsplit("/", 1)[-1] for e in inspired] == ["leuven--inspired--aachen"]
    assert httpx.get(server + "/network.json?cohort=pcp-2").json()["filter"]["cohort"].endswith("/cohort/pcp-2")
    matrix = httpx.get(server + "/matrix", headers={"Accept": "text/html"}).text
    assert '<table class="matrix">' in matrix and "faces it; furthest practice planned (2 practices)" in matrix
    assert httpx.get(server + "/matrix").json()["rows"]  # programs get the same matrix as JSON
