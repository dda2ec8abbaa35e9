"""Shared by the in-process API tests: settings for an app on the built in-memory store, and the
app and a client of it (one per test module; a module that needs others defines its own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.store import EmbeddedStore


@pytest.fixture(scope="session")
def app_settings(settings: Settings) -> Settings:
    """The test settings, BM25 search only and one query worker, validated like any settings."""
    return Settings.model_validate({**settings.model_dump(), "search_semantic": "off", "query_workers": 1})


@pytest.fixture(scope="module")
def app(app_settings: Settings, store: EmbeddedStore) -> FastAPI:
    return create_app(app_settings, store)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    """Redirects are not followed, so a test sees the 303 of a resource IRI."""
    with TestClient(app, follow_redirects=False) as c:
        yield c
