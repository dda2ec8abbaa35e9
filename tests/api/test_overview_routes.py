"""The overview routes in process: content negotiation of /network, the matrix's GET parameters,
errors for unknown values, the page without cytoscape, and the home-page partial."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nzc_graph.api import rendering
from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.publishing.headlines import home_overview
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore


@pytest.fixture(scope="module")
def app(app_settings: Settings, store: EmbeddedStore) -> Iterator[FastAPI]:
    yield create_app(app_settings, store)


HTML = {"Accept": "text/html"}


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c


def test_network_negotiates_html_and_json(client: TestClient) -> None:
    html = client.get("/network", headers=HTML)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "Accept" in html.headers["vary"]
    assert 'rel="alternate"; type="application/json"' in html.headers["link"]
    assert '<script type="application/json" id="network-data">' in html.text
    data = client.get("/network", headers={"Accept": "application/json"})
    assert data.headers["content-type"] == "application/json"
    body = data.json()
    assert set(body) == {"filter", "nodes", "edges", "roles", "link_types", "unlinked"}
    kozani = next(n for n in body["nodes"] if n["label"] == "Kozani")
    assert (
        kozani["url"].endswith("/id/city/kozani") and kozani["role"] == "pilot-city"
    )  # the roster names it a Pilot City; Pilot colours first
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert client.get("/network.json", headers=HTML).json() == body
    assert client.get("/network", params={"format": "json"}, headers=HTML).json() == body
    assert client.get("/network").json() == body  # programs (no Accept, */*) get the data, as on /cities
    assert client.get("/network", headers={"Accept": "image/png"}).status_code == 406


def test_network_filters_come_from_the_url(client: TestClient) -> None:
    body = client.get("/network.json", params={"theme": "procurement", "shared": "0"}).json()
    assert sorted(n["label"] for n in body["nodes"]) == ["Aachen", "Košice", "Oslo"]
    assert body["filter"]["theme"] == "https://w3id.org/nzc/id/theme/procurement" and body["filter"]["shared"] == 0
    page = client.get("/network", params={"theme": "procurement"}, headers=HTML).text
    assert '<option value="procurement" selected>' in page and "Show everything" in page
    same = client.get("/network.json", params={"theme": "https://w3id.org/nzc/id/theme/procurement", "shared": "0"})
    assert same.json() == body
    bad = client.get("/network.json", params={"cohort": "pcp-9"})
    assert bad.status_code == 400 and "pcp-2" in bad.json()["message"]


def test_network_page_without_cytoscape_says_how_to_enable_it(client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(rendering, "available", lambda root: frozenset())
    page = client.get("/network", headers=HTML).text
    assert rendering.ENABLE_HINT in page
    assert "vendor/cytoscape.min.js" not in page and "static/network.js" not in page
    assert '<table class="links-table">' in page  # the links are still there


def test_matrix_sorts_and_scopes_by_get_parameters(client: TestClient) -> None:
    page = client.get("/matrix", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "faces it; furthest practice planned (2 practices)" in page.text
    assert '<option value="shared" selected>' in page.text
    by_name = client.get("/matrix", params={"sort": "name", "scope": "all"}, headers=HTML).text
    assert by_name.index("Access to EU funding opportunities") < by_name.index("Internal capacity gaps")
    assert '<option value="all" selected>' in by_name
    for params in ({"sort": "size"}, {"scope": "few"}):
        r = client.get("/matrix", params=params, headers={"Accept": "application/json"})
        assert r.status_code == 400 and next(iter(params)) in r.json()["message"]


def test_matrix_as_json_for_programs(client: TestClient) -> None:
    body = client.get("/matrix", params={"scope": "all"}).json()
    assert body["sort"] == "shared" and body["scope"] == "all" and body["hidden"] == 0
    kozani = [c["label"] for c in body["columns"]].index("Kozani")
    row = next(r for r in body["rows"] if r["challenge"]["label"] == "Lack of in-house financial expertise")
    cell = row["cells"][kozani]
    assert cell["faces"] and cell["status_label"] == "planned" and cell["rank"] == 2 and len(cell["practices"]) == 2
    assert cell["evidence"] == cell["practices"][0]["url"] and "/id/practice/kozani--" in cell["evidence"]
    assert all(len(r["cells"]) == len(body["columns"]) for r in body["rows"])


def test_home_partial_renders_the_headline_numbers(store: EmbeddedStore, settings: Settings) -> None:
    overview = home_overview(store, QueryLibrary(settings.queries_dir))
    page = rendering.environment().from_string('{% include "overview_home.html" %}')
    html = page.render(overview=overview, base="http://example.test/", page_url=lambda iri: iri)
    assert 'href="http://example.test/static/overview.css"' in html
    assert f"<strong>{overview.totals[0].n}</strong> cities" in html
    assert "Internal capacity gaps" in html and 'href="http://example.test/network"' in html
    assert 'href="http://example.test/matrix"' in html
