"""The application's services: built once when the app starts, reached by routes through the
typed dependencies of `api/deps.py`.

One `Services` holds what requests share — settings, the store, the query executor, the named
queries, the search index, the key ring, the rate limits, the audit log, a cache of values derived
from the store and the cache of whole responses. Writers call `store_changed()` (with the graph
they changed, when they know it); every service that caches what the store holds hears of it.
`data_version` is what HTTP validators are made of: the store's version and a count of
`store_changed()` calls, so that what was computed between a write and the end of its notification
(an old worker snapshot, an old index) is never served under the new version.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from nzc_graph.api.audit import AuditLog
from nzc_graph.api.caching import ResponseCache
from nzc_graph.api.ratelimit import RateLimits, rate_limits_for
from nzc_graph.config import Settings
from nzc_graph.errors import NzcGraphError
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.cache import IndexCache
from nzc_graph.store import GraphStore, Limits, QueryExecutor
from nzc_graph.store.base import DataVersion, GraphChange
from nzc_graph.submissions.apikeys import KeyRing

log = logging.getLogger("nzc_graph.api")
T = TypeVar("T")


class StoreCache:
    """Values derived from the store (dumps, ontology docs), dropped whenever the store changes.
    A value whose making began before a `clear()` is returned but not kept (it may be stale)."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}
        self._lock = threading.Lock()
        self._generation = 0

    def get(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return self._values[key]  # type: ignore[return-value]  # a key is only stored by make() of its T
            generation = self._generation
        value = make()
        with self._lock:
            if generation == self._generation:
                self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._generation += 1


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
    responses: ResponseCache
    listeners: list[Callable[[], None]] = field(default_factory=list)
    notified: int = 0

    seen: str | None = None  # the store version the caches were last told about

    def store_changed(self, change: GraphChange | None = None) -> None:
        """Tell every cache of store contents that the store was written: the search index updates
        just the change's documents when the writer says what it changed."""
        self.search.invalidate(change)
        for listener in self.listeners:
            listener()
        self.notified += 1
        version = self.store.version
        self.seen = version.tag if version else None

    def current(self) -> DataVersion | None:
        """The store's version; when it moved without a write of this process (another API process
        over the same remote store wrote, or a new report was loaded), the caches are told first."""
        version = self.store.version
        if version is not None and version.tag != self.seen:
            if self.seen is not None:
                self.store_changed()
            self.seen = version.tag
        return version

    @property
    def data_version(self) -> DataVersion | None:
        """The version HTTP validators and the response cache use; None if the store cannot tell."""
        version = self.current()
        return None if version is None else DataVersion(f"{version.tag}.{self.notified}", version.modified)

    def warm(self) -> None:
        """Build the search index now, so the first search does not wait for it."""
        try:
            self.search.get()
        except NzcGraphError as exc:  # the store may be empty or unreachable; the first search retries
            log.warning("search index not built at start: %s", exc)

    def close(self) -> None:
        self.executor.close()


def build_services(settings: Settings, store: GraphStore) -> Services:
    limits = Limits(
        settings.query_timeout,
        settings.max_result_bytes,
        tuple(settings.service_allowlist),
        memory_bytes=settings.query_memory_bytes,
        queue_length=settings.query_queue_length,
    )
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
        responses=ResponseCache(settings.response_cache_bytes),
    )
    services.listeners += [
        services.executor.refresh,
        services.cache.clear,
        services.responses.clear,
    ]
    return services
