"""The application's services: built once when the app starts, reached by routes through the
typed dependencies of `api/deps.py`.

One `Services` holds what requests share — settings, the store, the query executor, the named
queries, the search index, the key ring, the rate limits, the audit log, and a cache of values
derived from the store. Writers call `store_changed()`; every service that caches what the store
holds has subscribed to it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from nzc_graph.api.audit import AuditLog
from nzc_graph.api.ratelimit import RateLimits, rate_limits_for
from nzc_graph.config import Settings
from nzc_graph.errors import NzcGraphError
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.index import IndexCache
from nzc_graph.store import GraphStore, Limits, QueryExecutor
from nzc_graph.submissions.apikeys import KeyRing

log = logging.getLogger("nzc_graph.api")
T = TypeVar("T")


class StoreCache:
    """Values derived from the store (dumps, ontology docs), dropped whenever the store changes."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}
        self._lock = threading.Lock()

    def get(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return self._values[key]  # type: ignore[return-value]  # a key is only stored by make() of its T
        value = make()
        with self._lock:
            self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


@dataclass
class Services:
    settings: Settings
    store: GraphStore
    executor: QueryExecutor
    queries: QueryLibrary
    search: IndexCache
    keys: KeyRing
    cache: StoreCache
    iris: IriMapper
    limits: RateLimits
    audit: AuditLog
    listeners: list[Callable[[], None]] = field(default_factory=list)

    def store_changed(self) -> None:
        """Tell every cache of store contents that the store was written."""
        for listener in self.listeners:
            listener()

    def warm(self) -> None:
        """Build the search index now, so the first search does not wait for it."""
        try:
            self.search.get()
        except NzcGraphError as exc:  # the store may be empty or unreachable; the first search retries
            log.warning("search index not built at start: %s", exc)

    def close(self) -> None:
        self.executor.close()


def build_services(settings: Settings, store: GraphStore) -> Services:
    limits = Limits(settings.query_timeout, settings.max_result_bytes, tuple(settings.service_allowlist))
    queries = QueryLibrary(settings.queries_dir)
    services = Services(
        settings=settings,
        store=store,
        executor=store.executor(limits, settings.query_workers),
        queries=queries,
        search=IndexCache(store, queries, settings.search_semantic),
        keys=KeyRing(settings.admin_key, settings.api_keys_file),
        cache=StoreCache(),
        iris=IriMapper(settings.public_base_url),
        limits=rate_limits_for(settings),
        audit=AuditLog(settings.audit_log_path),
    )
    services.listeners += [services.executor.refresh, services.search.invalidate, services.cache.clear]
    return services
