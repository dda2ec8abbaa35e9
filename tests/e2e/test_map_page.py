"""The map page in a real browser: one dot per city the graph places (as many as /cities.geojson
has features), each a link that opens the city's page; the colour switch is a plain link whose
address says the choice. Nothing is fetched from other hosts (no tile server, no CDN), no script
runs, the CSP holds and axe finds nothing serious."""

from __future__ import annotations

import httpx
import pytest
from tests.e2e.browser import Visit, needs_browser

pytestmark = [pytest.mark.e2e, needs_browser]
REYKJAVIK = "https://w3id.org/nzc/id/city/reykjavik"
DOTS = "svg.city-map a.map-city circle"


def located_cities(server: str) -> set[str]:
    data = httpx.get(server + "/cities.geojson").json()
    return {f["id"] for f in data["features"]}


def test_the_map_draws_a_node_per_located_city_and_a_node_opens_its_page(visit: Visit, server: str) -> None:
    located = located_cities(server)
    assert len(located) > 100
    visit.go("/map")
    assert visit.page.locator(DOTS).count() == len(located)
    drawn = set(visit.page.locator("svg.city-map a.map-city").evaluate_all("as => as.map(a => a.dataset.iri)"))
    assert drawn == located
    assert visit.page.locator("svg.city-map .map-land path").count() > 40  # countries, from world-atlas
    box = visit.page.locator("svg.city-map").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 400
    assert visit.page.locator(".map-aside li").count() == 5  # the cities without coordinates
    visit.shot("map")
    assert visit.axe() == []
    dot = visit.page.locator(f'a.map-city[data-iri="{REYKJAVIK}"]')
    assert dot.count() == 1 and (dot.locator("title").text_content() or "").startswith("Reykjavik (Iceland) — ")
    with visit.page.expect_navigation():
        dot.locator("circle").click()
    assert "/id/city/reykjavik" in visit.page.url, visit.page.url
    assert visit.page.locator("h1").inner_text().strip() == "Reykjavik"
    assert not visit.foreign_hosts(), visit.hosts
    assert not [e for e in visit.errors if "Content Security Policy" in e or "Refused to" in e], visit.errors


def test_the_colour_switch_is_an_address(visit: Visit, server: str) -> None:
    visit.go("/map")
    with visit.page.expect_navigation():
        visit.page.locator(".colour-switch").get_by_role("link", name="cohort").click()
    assert visit.page.url.endswith("/map?colour=cohort")
    dots = visit.page.locator(DOTS)
    assert dots.count() == len(located_cities(server))
    tones = set(dots.evaluate_all("cs => cs.map(c => c.getAttribute('class'))"))
    assert "map-dot tone-1" in tones and not any("role-" in t for t in tones)
    fills = set(dots.evaluate_all("cs => cs.map(c => getComputedStyle(c).fill)"))
    assert len(fills) >= 3  # cohorts are told apart by colour, and the legend names them
    assert visit.page.locator(".legend-list li").count() >= 3
    visit.shot("map-by-cohort")
    assert visit.axe() == []
