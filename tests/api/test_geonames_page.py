"""A city's page shows its GeoNames population, region and a link to GeoNames, all escaped; the
dataset page shows the link set; the city's Turtle carries the link out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.namespaces import CITY, DATA_GRAPH, INFERRED_GRAPH, NZC, ONTOLOGY_GRAPH
from nzc_graph.store import EmbeddedStore

HTML = {"Accept": "text/html"}
HOSTILE = '<script>alert("region")</script>'


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings, store)) as c:
        yield c


def test_a_city_page_shows_population_region_and_a_geonames_link(client: TestClient) -> None:
    page = client.get("/id/city/valencia.html", headers=HTML)
    assert page.status_code == 200
    assert "Population 824,340; region Valencia" in page.text
    assert '<a href="https://sws.geonames.org/2509954/" rel="external noopener">GeoNames</a>' in page.text
    assert "GeoNames 2509954" in page.text


def test_a_city_without_a_link_shows_no_geonames_line(client: TestClient) -> None:
    page = client.get("/id/city/gozo.html", headers=HTML)
    assert page.status_code == 200 and 'class="geonames"' not in page.text


def test_the_city_turtle_carries_the_link_out(client: TestClient) -> None:
    turtle = client.get("/id/city/cork.ttl")
    assert turtle.status_code == 200
    assert "<https://sws.geonames.org/2965140/>" in turtle.text


def test_the_dataset_page_shows_the_geonames_link_set(client: TestClient) -> None:
    page = client.get("/dataset.html", headers=HTML)
    assert page.status_code == 200 and "<dt>Links to GeoNames</dt>" in page.text


def test_geonames_values_are_escaped_on_the_page(app_settings: Settings, store: EmbeddedStore) -> None:
    hostile = EmbeddedStore(None)
    data = store.export(str(DATA_GRAPH))
    data.set((CITY["valencia"], NZC.geonamesRegion, Literal(HOSTILE)))
    graphs: dict[str, Graph] = {str(ONTOLOGY_GRAPH): store.export(str(ONTOLOGY_GRAPH)), str(DATA_GRAPH): data}
    graphs[str(INFERRED_GRAPH)] = store.export(str(INFERRED_GRAPH))
    hostile.replace_graphs(graphs)
    with TestClient(create_app(app_settings, hostile)) as c:
        page = c.get("/id/city/valencia.html", headers=HTML)
    assert page.status_code == 200
    assert HOSTILE not in page.text
    assert "region &lt;script&gt;alert(&#34;region&#34;)&lt;/script&gt;" in page.text
