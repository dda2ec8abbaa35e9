"""The analysts' pages in-process: the workbench at /sparql and the named-query pages answer
browsers with HTML, everyone else keeps JSON and SPARQL results; forms ask for missing values
instead of failing, slugs work, and pages carry no inline script."""

from __future__ import annotations

import html as html_lib
import json
import re

from fastapi.testclient import TestClient

from nzc_graph.api import rendering
from nzc_graph.api.query_pages import MAX_ROWS
from nzc_graph.config import Settings
from nzc_graph.namespaces import PREFIXES
from nzc_graph.queries import QueryLibrary

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
CHALLENGE = "https://w3id.org/nzc/id/challenge/stakeholder-fatigue"


def scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def assert_no_inline_script(html: str) -> None:
    for tag in scripts(html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    for body in re.findall(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S):
        assert not body.strip(), body[:80]


# --- negotiation: pages for browsers, data for everyone else


def test_the_library_is_a_page_for_browsers_and_json_otherwise(client: TestClient) -> None:
    page = client.get("/queries", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Who solved a challenge" in page.text and 'href="http://localhost:8000/queries/who-solved"' in page.text
    assert "Accept" in page.headers["vary"]
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        r = client.get("/queries", headers=headers)
        assert r.headers["content-type"] == "application/json", headers
        assert "who-solved" in {q["name"] for q in r.json()["queries"]}
    assert client.get("/queries", params={"format": "json"}, headers=BROWSER).json()["queries"]
    assert client.get("/queries", params={"format": "csv"}).status_code == 406


def test_the_library_groups_every_query_once(client: TestClient, settings: Settings) -> None:
    page = client.get("/queries", headers=BROWSER).text
    listed = re.findall(r'<dt><a href="http://localhost:8000/queries/([a-z0-9-]+)">', page)
    assert sorted(listed) == sorted(QueryLibrary(settings.queries_dir).names())
    assert page.count('<h2 id="group-') >= 5


def test_a_named_query_is_a_page_for_browsers_and_results_otherwise(client: TestClient) -> None:
    page = client.get("/queries/who-solved", params={"challenge": CHALLENGE}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<table" in page.text and "Bordeaux" in page.text
    data = client.get("/queries/who-solved", params={"challenge": CHALLENGE}, headers=JSON_RESULTS)
    assert data.headers["content-type"].startswith("application/sparql-results+json")
    assert {b["cityLabel"]["value"] for b in data.json()["results"]["bindings"]} >= {"Bordeaux"}
    xml = client.get("/queries/who-solved", params={"challenge": CHALLENGE}, headers={"Accept": "application/xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    anything = client.get("/queries/count-cities-by-role", headers={"Accept": "*/*"})
    assert anything.headers["content-type"].startswith("application/sparql-results+json")
    csv = client.get("/queries/who-solved", params={"challenge": CHALLENGE, "format": "csv"}, headers=BROWSER)
    assert csv.headers["content-type"].startswith("text/csv") and "Bordeaux" in csv.text


def test_a_missing_parameter_asks_for_it_instead_of_failing(client: TestClient) -> None:
    page = client.get("/queries/who-solved", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in page.text and "Choose a value for challenge" in page.text
    assert '<select id="p-challenge" name="challenge"' in page.text and 'value="stakeholder-fatigue"' in page.text
    assert "<table" not in page.text
    # machines still get the error they got before
    r = client.get("/queries/who-solved")
    assert r.status_code == 400 and "needs parameter 'challenge'" in r.json()["message"]


def test_a_wrong_value_shows_the_form_again_with_the_reason(client: TestClient) -> None:
    page = client.get("/queries/who-solved", params={"challenge": CHALLENGE, "min_rank": "three"}, headers=BROWSER)
    assert page.status_code == 422 and "must be of type integer" in page.text and "<form" in page.text
    unknown = client.get("/queries/who-solved", params={"challenge": "atlantis"}, headers=BROWSER)
    assert unknown.status_code == 422 and "no challenge &#39;atlantis&#39;" in unknown.text


def test_slugs_are_resolved_to_the_iri_of_their_kind(client: TestClient) -> None:
    by_iri = client.get("/queries/who-solved", params={"challenge": CHALLENGE}, headers=JSON_RESULTS).json()
    by_slug = client.get("/queries/who-solved", params={"challenge": "stakeholder-fatigue"}, headers=JSON_RESULTS)
    assert by_slug.status_code == 200 and by_slug.json() == by_iri
    page = client.get("/queries/show-city-profile", params={"city": "kozani"}, headers=BROWSER)
    assert page.status_code == 200 and "Kozani" in page.text
    assert '<option value="kozani" selected>' in page.text  # the pick-list shows the choice
    bad = client.get("/queries/who-solved", params={"challenge": "atlantis"})
    assert bad.status_code == 400 and "no challenge 'atlantis'" in bad.json()["message"]


def test_an_injected_slug_is_never_pasted_into_sparql(client: TestClient) -> None:
    r = client.get("/queries/show-city-profile", params={"city": "kozani> } ?s ?p ?o {"}, headers=JSON_RESULTS)
    assert r.status_code == 400 and "type iri" in r.json()["message"]


def test_cohorts_are_picked_by_number(client: TestClient) -> None:
    page = client.get("/queries/show-cohort-overview", params={"cohort": "3"}, headers=BROWSER)
    assert page.status_code == 200
    assert '<option value="3" selected>Pilot Cities Programme cohort 3</option>' in page.text


def test_a_query_page_has_downloads_sparql_and_a_workbench_link(client: TestClient) -> None:
    page = client.get("/queries/who-solved", params={"challenge": "stakeholder-fatigue"}, headers=BROWSER).text
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in page
    assert 'download="who-solved.csv"' in page
    assert "VALUES (?challenge ?min_rank)" in page  # the query as it ran
    link = re.search(r'href="(http://localhost:8000/sparql#query=[^"]+)"', page)
    assert link and "tabTitle=Who%20solved%20a%20challenge" in link.group(1)
    assert 'href="http://localhost:8000/id/city/bordeaux"' in page  # IRIs link to their pages
    assert_no_inline_script(page)


def test_graph_and_boolean_results_render(client: TestClient) -> None:
    page = client.get(
        "/queries/describe-resource", params={"resource": "https://w3id.org/nzc/id/city/aachen"}, headers=BROWSER
    )
    assert page.status_code == 200 and '<th scope="col">predicate</th>' in page.text
    assert "format=turtle" in page.text and "format=csv" not in page.text


def test_large_results_are_capped_with_a_note(client: TestClient) -> None:
    page = client.get("/queries/list-published-resources", headers=BROWSER).text
    assert f"Showing the first {MAX_ROWS} of" in page
    assert page.count("<tr>") == MAX_ROWS + 1  # header row + shown rows


def test_every_named_query_page_renders_its_example(client: TestClient, settings: Settings) -> None:
    for q in QueryLibrary(settings.queries_dir).all():
        r = client.get(f"/queries/{q.name}", params=q.example_params, headers=BROWSER)
        assert r.status_code == 200, (q.name, r.text[:300])
        assert 'role="alert"' not in r.text, q.name
        assert "Results" in r.text, q.name


def test_an_unknown_query_is_a_page_for_browsers(client: TestClient) -> None:
    r = client.get("/queries/no-such-query", headers=BROWSER)
    assert r.status_code == 404 and "no named query" in r.text and "<h1>Named queries</h1>" in r.text
    assert client.get("/queries/no-such-query").json()["error"] == "QueryNotFound"


# --- the workbench


def workbench_data(html: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="workbench-data">(.*?)</script>', html, re.S)
    assert m, "no workbench data block"
    data: dict[str, object] = json.loads(m.group(1))
    return data


def test_the_workbench_loads_yasgui_from_this_server_without_inline_scripts(client: TestClient) -> None:
    r = client.get("/sparql", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'src="http://localhost:8000/vendor/yasgui.min.js"' in html
    assert 'src="http://localhost:8000/static/workbench.js"' in html
    assert 'href="http://localhost:8000/vendor/yasgui.min.css"' in html
    assert_no_inline_script(html)
    data = workbench_data(html)
    assert data["endpoint"] == "http://localhost:8000/sparql"
    assert data["prefixes"] == PREFIXES
    queries = data["queries"]
    assert isinstance(queries, dict) and "who-solved" in queries
    assert "VALUES (?challenge" in queries["who-solved"]["text"]  # the example, ready to run
    assert 'aria-current="page"' in html and ">Queries</a>" in html


def test_the_workbench_keeps_a_form_that_works_without_javascript(client: TestClient) -> None:
    html = client.get("/sparql", headers=BROWSER).text
    form = re.search(r'<form method="get" action="http://localhost:8000/sparql">(.*?)</form>', html, re.S)
    assert form and '<textarea id="query" name="query"' in form.group(1) and 'name="format"' in form.group(1)
    query = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', html, re.S)
    assert query
    r = client.get("/sparql", params={"query": html_lib.unescape(query.group(1)), "format": "json"})
    assert r.status_code == 200 and r.json()["results"]["bindings"]


def test_without_npm_the_workbench_says_how_to_enable_it(client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(rendering, "available", lambda root: frozenset())
    # no-cache: an earlier test's copy of the page, made with npm's files there, is in the response cache
    html = client.get("/sparql", headers={**BROWSER, "Cache-Control": "no-cache"}).text
    assert rendering.ENABLE_HINT in html and "yasgui.min.js" not in html and "<textarea" in html


def test_the_service_description_is_unchanged(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle") and "sparql-service-description" in r.text
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")


# --- the API documentation


def test_api_docs_are_served_from_this_server(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    assert 'src="http://localhost:8000/vendor/swagger-ui-bundle.js"' in r.text
    assert 'href="http://localhost:8000/vendor/swagger-ui.css"' in r.text
    assert 'data-openapi-url="http://localhost:8000/openapi.json"' in r.text
    assert "cdn" not in r.text.lower()
    assert_no_inline_script(r.text)
    assert client.get("/vendor/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/openapi.json").json()["info"]["title"] == "nzc-graph"
    assert client.get("/redoc").status_code == 404  # it would load from a CDN; not offered


def test_without_npm_the_api_docs_link_the_schema(client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(rendering, "available", lambda root: frozenset())
    html = client.get("/docs").text
    assert rendering.ENABLE_HINT in html and "swagger-ui-bundle.js" not in html and "openapi.json" in html
