"""The analysts' workbench in a real browser: a named query run through its form shows rows; the
SPARQL workbench (YASGUI) runs a query on our own endpoint; named queries open in it; nothing is
fetched from another host, no inline script is blocked, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from tests.e2e.browser import Visit, needs_browser

pytestmark = [pytest.mark.e2e, needs_browser]


def assert_clean(visit: Visit) -> None:
    assert not visit.foreign_hosts(), visit.hosts
    assert not [e for e in visit.errors if "Content Security Policy" in e], visit.errors
    assert visit.axe() == []


def wait_for_yasgui(visit: Visit) -> None:
    visit.page.wait_for_selector(".yasgui .CodeMirror", timeout=15_000)
    visit.page.wait_for_selector("#named-picker:not([hidden])")


def test_a_named_query_runs_through_its_form(visit: Visit) -> None:
    visit.go("/queries/who-solved")
    assert "Choose a value for challenge" in visit.page.inner_text("#form-message")
    visit.page.select_option("#p-challenge", "stakeholder-fatigue")
    visit.page.click("text=Run query")
    visit.page.wait_for_selector(".results-table tbody tr")
    assert "challenge=stakeholder-fatigue" in visit.page.url
    cities = visit.page.locator(".results-table tbody tr td:nth-child(2)").all_inner_texts()
    assert "Bordeaux" in cities
    visit.shot("query-who-solved")
    assert_clean(visit)


def test_the_library_page(visit: Visit) -> None:
    visit.go("/queries")
    assert visit.page.locator(".query-entry").count() >= 50
    visit.page.click("text=Who solved a challenge")
    visit.page.wait_for_selector("#p-challenge")
    visit.go("/queries")
    visit.shot("queries")
    assert_clean(visit)


def test_yasgui_runs_a_query_on_our_endpoint(visit: Visit) -> None:
    visit.go("/sparql")
    wait_for_yasgui(visit)
    assert visit.page.evaluate("document.getElementById('plain-form').open") is False
    with visit.page.expect_response(lambda r: r.url.endswith("/sparql") and r.request.method == "POST") as answer:
        visit.page.click(".yasqe_queryButton")
    assert answer.value.status == 200
    visit.page.wait_for_selector(".yasr table tbody tr")
    assert visit.page.locator(".yasr table tbody tr").count() > 0
    visit.shot("workbench")
    assert_clean(visit)


def test_a_named_query_opens_in_a_new_tab(visit: Visit) -> None:
    visit.go("/sparql")
    wait_for_yasgui(visit)
    tabs = visit.page.locator(".tabsList [role=tab]").count()
    visit.page.select_option("#named-query", "count-cities-by-role")
    visit.page.click("#named-picker button[type=submit]")
    visit.page.wait_for_function(f"document.querySelectorAll('.tabsList [role=tab]').length > {tabs}")
    assert "Cities by programme role" in visit.page.inner_text(".tabsList .tab.active")
    visit.page.click(".yasqe_queryButton >> visible=true")
    visit.page.wait_for_selector(".yasr table tbody tr >> visible=true")
    assert "Mission City" in visit.page.inner_text(".yasr table >> visible=true")
    assert_clean(visit)


def test_the_workbench_link_of_a_query_page_opens_its_sparql(visit: Visit) -> None:
    visit.go("/queries/show-city-profile?city=kozani")
    visit.page.click("text=Open it in the SPARQL workbench")
    wait_for_yasgui(visit)
    visit.page.wait_for_selector(".yasr table tbody tr >> visible=true")  # a shared link runs at once
    assert "city/kozani" in visit.page.locator(".CodeMirror >> visible=true").inner_text()
    assert not visit.foreign_hosts(), visit.hosts


def test_api_docs_render_locally(visit: Visit) -> None:
    visit.go("/docs")
    visit.page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15_000)
    assert "/queries/{name}" in visit.page.locator(".opblock-summary-path").all_inner_texts()
    visit.shot("api-docs")
    assert not visit.foreign_hosts(), visit.hosts
    assert not [e for e in visit.errors if "Content Security Policy" in e], visit.errors
    # No axe assertion here: Swagger UI's own markup nests buttons in buttons and renders its
    # operations in a second <main> (swagger-ui-dist 5.36.0); it is not one of our pages.
