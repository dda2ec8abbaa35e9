"""The breakout-room planner in a real browser: the form (cohort or chosen cities, rooms or size)
works without JavaScript, every city of the cohort shows in exactly one room, each room names its
Storyteller with the practice and its quote, the CSV downloads, nothing comes from other hosts and
axe-core finds nothing serious."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.browser import Visit, needs_browser

pytestmark = [pytest.mark.e2e, needs_browser]


def assert_clean(visit: Visit) -> None:
    assert not visit.foreign_hosts(), visit.hosts
    assert not [e for e in visit.errors if "Content Security Policy" in e], visit.errors
    assert visit.axe() == []


def test_plan_a_cohort_into_rooms_and_download_the_csv(visit: Visit, tmp_path: Path) -> None:
    visit.go("/sessions/plan")
    assert visit.page.locator("h1").inner_text() == "Breakout rooms for a peer-learning session"
    assert_clean(visit)
    visit.page.select_option("#cohort", "3")
    visit.page.fill("#rooms", "4")
    with visit.page.expect_navigation():
        visit.page.click("form.picker button")
    assert "cohort=3" in visit.page.url and "rooms=4" in visit.page.url
    assert visit.page.locator("h1").inner_text() == "Breakout rooms for Pilot Cities Programme cohort 3"

    rooms = visit.page.locator("li.room")
    assert rooms.count() == 4
    names = visit.page.locator("li.room ul.members > li > a").all_inner_texts()
    assert len(names) == 30 and len(set(names)) == 30  # every city of cohort 3, once
    for i in range(4):
        room = rooms.nth(i)
        teller = room.locator(".storyteller")
        assert teller.count() == 1, room.inner_text()
        assert teller.locator("a[href*='/id/practice/']").count() == 1
        assert teller.locator(".status-tag").inner_text() in {"piloting", "implemented", "scaled"}
        assert "Source: D4.8 §" in teller.inner_text()
        assert room.locator("ul.helps li").count() >= 1  # the shared challenges
    visit.shot("plan-cohort-3-four-rooms")
    assert_clean(visit)

    with visit.page.expect_download() as info:
        visit.page.click("text=Download the rooms as CSV")
    download = info.value
    assert download.suggested_filename == "rooms-pcp-3.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["room"] for r in rows] == ["1", "2", "3", "4"] and all(r["storyteller"] for r in rows)


def test_chosen_cities_without_javascript_and_a_room_without_storyteller(chromium_browser: Any, server: str) -> None:
    context = chromium_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "/sessions/plan")
        page.select_option("#city", ["gozo", "vilnius", "kozani", "leuven"])
        page.fill("#rooms", "")
        page.fill("#size", "2")
        page.click("form.picker button")
        assert page.locator("h1").inner_text() == "Breakout rooms for the chosen cities"
        assert page.locator("li.room").count() == 2
        assert page.locator(".storyteller").count() + page.locator(".no-storyteller").count() == 2
        assert "Leuven" in page.locator(".storyteller").first.inner_text()
        assert page.locator(".no-storyteller").first.inner_text().startswith("No storyteller")
        response = page.goto(server + "/sessions/plan?cohort=3&rooms=0")
        assert response is not None and response.status == 400
        assert "rooms: at least 1 room" in page.locator(".problem").inner_text()
    finally:
        context.close()
