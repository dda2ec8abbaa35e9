"""Fixtures the domain tests share: the report graph's search index, built once per session, and
every city's peer matches over it (neither is changed by a test)."""

from __future__ import annotations

import pytest

from nzc_graph.config import Settings
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.index import SearchIndex, build_index
from nzc_graph.search.matchmaking import MatchResult, match
from nzc_graph.store import EmbeddedStore


@pytest.fixture(scope="session")
def index(store: EmbeddedStore, settings: Settings) -> SearchIndex:
    return build_index(store, QueryLibrary(settings.queries_dir), "off")


@pytest.fixture(scope="session")
def matches(index: SearchIndex) -> dict[str, MatchResult]:
    """Every city with a need, matched with up to 50 peers."""
    cities = sorted(set(index.facts.statements_by_city) | set(index.facts.practices_by_city))
    return {c: match(index, c, k=50) for c in cities if c in index.facts.cities}
