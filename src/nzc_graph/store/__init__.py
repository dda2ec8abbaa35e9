"""Graph access: one interface (`GraphStore`), an embedded and a remote implementation."""

from __future__ import annotations

from nzc_graph.config import Settings
from nzc_graph.errors import StoreUnavailable
from nzc_graph.store.base import Dataset, GraphStore, Limits, QueryExecutor, Row, SerializedResult
from nzc_graph.store.embedded import EmbeddedStore
from nzc_graph.store.remote import RemoteStore


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the store the settings name; nothing else needs to know which backend it is."""
    if settings.store_kind == "memory":
        return EmbeddedStore(None)
    if settings.store_kind == "remote":
        if not settings.sparql_endpoint:
            raise StoreUnavailable("NZC_STORE_KIND=remote needs NZC_SPARQL_ENDPOINT")
        credentials = (settings.store_user, settings.store_password or "") if settings.store_user else None
        return RemoteStore(
            settings.sparql_endpoint,
            settings.update_endpoint,
            settings.query_timeout,
            credentials=credentials,
            auth_scheme=settings.store_auth,
        )
    return EmbeddedStore(settings.store_path, read_only=read_only)


__all__ = [
    "Dataset",
    "EmbeddedStore",
    "GraphStore",
    "Limits",
    "QueryExecutor",
    "RemoteStore",
    "Row",
    "SerializedResult",
    "open_store",
]
