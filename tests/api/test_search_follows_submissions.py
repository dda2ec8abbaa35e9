"""An accepted submission is found by the next search, and a withdrawn one no longer, without the
search index being built again (the submission's documents are applied in place)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.samples import copy_of, practice

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore
from nzc_graph.submissions.keyfile import add_key

PRACTICE = practice(
    "quarry-garden",
    label="Quarry gardens against urban heat",
    description="Old quarries become shaded gardens that cool the neighbourhood.",
    quote="We turned a quarry into a garden.",
    status="piloting",
).encode()
QUESTION = {"q": "quarry gardens", "format": "json"}
IRI = "https://w3id.org/nzc/id/practice/aachen--quarry-garden"


@pytest.fixture()
def client(app_settings: Settings, store: EmbeddedStore, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    copy = copy_of(store)
    keys = tmp_path / "keys"
    admin = add_key(keys, "admin", "Programme staff")
    settings = Settings.model_validate({**app_settings.model_dump(), "api_keys_file": keys, "audit_log": None})
    with TestClient(create_app(settings, copy)) as c:
        yield c, admin


def practices_found(client: TestClient) -> list[str]:
    r = client.get("/solved", params=QUESTION, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    return [result["practice"] for result in r.json()["results"]]


def test_submit_and_withdraw_update_search_without_a_build(client: tuple[TestClient, str]) -> None:
    c, admin = client
    auth = {"Authorization": f"Bearer {admin}"}
    assert IRI not in practices_found(c)
    cache = c.app.state.services.search
    builds = cache.builds
    r = c.post("/submissions", content=PRACTICE, headers={"Content-Type": "text/turtle", **auth})
    assert r.status_code == 201, r.text
    assert IRI in practices_found(c)
    assert c.delete(r.headers["Location"], headers=auth).status_code == 200
    assert IRI not in practices_found(c)
    assert cache.builds == builds
