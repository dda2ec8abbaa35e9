"""Shared by the in-process API tests: settings for an app on the built in-memory store."""

from __future__ import annotations

import pytest

from nzc_graph.config import Settings


@pytest.fixture(scope="session")
def app_settings(settings: Settings) -> Settings:
    """The test settings, BM25 search only and one query worker, validated like any settings."""
    return Settings.model_validate({**settings.model_dump(), "search_semantic": "off", "query_workers": 1})
