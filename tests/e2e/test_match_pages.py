"""Matchmaking pages in a real browser: from a city page to a suggested peer and the comparison of
the two, the match page, a cohort's pairing plan and its CSV; nothing loaded from other hosts,
no serious axe-core finding, and the forms work without JavaScript."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.browser import Visit, needs_browser

pytestmark = [pytest.mark.e2e, needs_browser]


def assert_clean(visit: Visit) -> None:
    assert not visit.foreign_hosts(), visit.hosts
    assert not [e for e in visit.errors if "Content Security Policy" in e], visit.errors
    assert visit.axe() == []


def test_city_page_suggests_a_peer_and_compares_the_two(visit: Visit) -> None:
    visit.go("/id/city/kozani")
    helpers = visit.page.locator("#who-can-help-us li.peer")
    assert helpers.count() >= 1
    peer = helpers.first.locator(".peer-name a").inner_text()
    assert peer and peer != "Kozani"
    assert visit.page.locator("#co-learners li.co-learner").count() >= 1  # planning too: apart, never help
    assert visit.page.locator("#whom-we-can-help li.peer").count() == 0  # Kozani's practices are all planned
    assert "Source: D4.8 §" in visit.page.locator("#who-can-help-us").inner_text()
    visit.shot("city-kozani-peers")
    assert_clean(visit)

    with visit.page.expect_navigation():
        helpers.first.locator("a.compare-link").click()
    assert "/compare?" in visit.page.url
    sides = visit.page.locator(".sides > section.side h2")
    assert sides.all_inner_texts() == ["Kozani", peer]
    boxes = [visit.page.locator(".sides > section.side").nth(i).bounding_box() for i in (0, 1)]
    assert boxes[0] and boxes[1] and boxes[0]["x"] < boxes[1]["x"]  # side by side, not stacked
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2
    assert visit.page.locator("#h-a-learns").inner_text().startswith(f"What Kozani could learn from {peer}")
    assert visit.page.locator("#a-learns li.lesson").count() >= 1
    visit.shot("compare-kozani-" + peer.lower())
    assert_clean(visit)


def test_neighbourhood_labels_stay_inside_the_picture(visit: Visit) -> None:
    """The real rendered text, not only the estimate of the unit test, fits the viewBox."""
    for path in ("/id/city/aachen", "/id/city/guimaraes", "/id/challenge/lack-of-financial-expertise"):
        visit.go(path)
        outside = visit.page.evaluate(
            """() => { const s = document.querySelector('svg.neighbourhood'); const v = s.viewBox.baseVal;
              return [...s.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()])
                .filter(([_, b]) => b.x < 0 || b.y < 0 || b.x + b.width > v.width || b.y + b.height > v.height)
                .map(([t]) => t); }"""
        )
        assert outside == [], (path, outside)
    visit.shot("neighbourhood-guimaraes")


def test_match_page(visit: Visit) -> None:
    visit.go("/match/kozani")
    assert visit.page.locator("h1").inner_text() == "Who can help Kozani"
    assert visit.page.locator("#peers li.peer").count() >= 3
    assert visit.page.locator("#peers a[href*='/id/practice/']").count() >= 1
    assert visit.page.locator("#peers a[href*='/id/challenge/']").count() >= 1
    visit.shot("match-kozani")
    assert_clean(visit)
    visit.page.select_option("#city", "umea")
    with visit.page.expect_navigation():
        visit.page.click("form.picker button")
    assert visit.page.url.endswith("/match/umea") and "Umeå" in visit.page.locator("h1").inner_text()


def test_pairs_page_and_its_csv(visit: Visit, tmp_path: Path) -> None:
    visit.go("/pairs?cohort=3")
    groups = visit.page.locator("li.group")
    assert groups.count() >= 2 and "Pairing plan for" in visit.page.locator("h1").inner_text()
    visit.shot("pairs-cohort-3")
    assert_clean(visit)
    with visit.page.expect_download() as info:
        visit.page.click("text=Download the plan as CSV")
    download = info.value
    assert download.suggested_filename == "pairs-pcp-3.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == groups.count() and all(r["cities"] and r["reasons"] for r in rows[:-1])


@pytest.fixture()
def no_js(chromium_browser: Any, server: str) -> Iterator[Any]:
    context = chromium_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_forms_work_without_javascript(no_js: Any, server: str) -> None:
    no_js.goto(server + "/compare")
    no_js.select_option("#a", "kozani")
    no_js.select_option("#b", "aachen")
    no_js.click("form.picker button")
    assert no_js.locator("h1").inner_text() == "Kozani and Aachen side by side"
    no_js.goto(server + "/pairs")
    no_js.select_option("#cohort", "2")
    no_js.click("form.picker button")
    assert "cohort 2" in no_js.locator("h1").inner_text()
    response = no_js.goto(server + "/compare?a=Kozanni&b=aachen")
    assert response.status == 404 and no_js.locator(".problem a", has_text="Kozani").count() == 1
