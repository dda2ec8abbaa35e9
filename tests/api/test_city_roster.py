"""City pages show what the programme's roster pages state: role with cohort and pilot activity,
the Twin or Pilot City a city is paired with, and the page (title, address, heading) behind each
claim; a claim the roster made more specific says it is superseded (real graph, in-process app)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
CITY = "https://w3id.org/nzc/id/city/"


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings, store)) as c:
        yield c


def section(html: str, key: str) -> str:
    found = re.search(rf'<section class="page-section"[^>]*id="{key}">(.*?)</section>', html, re.S)
    assert found, f"no {key} section"
    return found.group(1)


def page(client: TestClient, iri: str) -> str:
    r = client.get(iri.removeprefix("https://w3id.org/nzc"), headers=HTML)
    assert r.status_code == 200, iri
    return r.text


def test_every_programme_pair_shows_on_both_city_pages_with_its_page(
    client: TestClient, store: EmbeddedStore, settings: Settings
) -> None:
    pairs = QueryLibrary(settings.queries_dir).select(store, "list-twin-pairs")
    assert len(pairs) >= 17
    for row in pairs:
        pilot, twin, urls = str(row["pilot"]), str(row["twin"]), str(row["pages"]).split()
        for here, there, relation in ((twin, pilot, "its Pilot City"), (pilot, twin, "its Twin City")):
            twins = unescape(section(page(client, here), "twins"))
            assert there.removeprefix("https://w3id.org/nzc") in twins, (here, there)
            assert relation in twins
            assert urls and all(f'href="{u}"' in twins for u in urls), (here, urls)


def test_kozani_is_twinned_with_alba_iulia_in_the_lead(client: TestClient) -> None:
    html = page(client, CITY + "kozani")
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S)
    assert lead and re.search(r"Twinned in the programme with\s*<a [^>]*>Alba Iulia</a>", lead.group(1))


def test_roster_roles_cite_their_page_and_show_cohort_and_pilot_activity(client: TestClient) -> None:
    roles = unescape(section(page(client, CITY + "espoo"), "roles"))
    assert "Pilot Cities Programme cohort 2" in roles
    assert "COMET – Espoo Climate Community" in roles  # its pilot activity, from the roster
    assert re.search(r'<p class="citation">Source: <a href="https://[^"]+"', roles)
    # the report's vaguer "participant" claim stays as evidence, marked as superseded
    assert "Pilot Cities Programme participant" in roles and "superseded by a more specific claim" in roles
    twin_roles = unescape(section(page(client, CITY + "alba-iulia"), "roles"))
    assert "Twin City" in twin_roles and '<p class="citation">' in twin_roles


def test_a_city_outside_the_twinning_says_none_recorded(client: TestClient) -> None:
    assert "None recorded." in section(page(client, CITY + "valladolid"), "twins")
