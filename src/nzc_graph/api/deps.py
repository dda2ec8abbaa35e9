"""Typed dependencies: how routes reach the application's services.

Routes name what they need (`store: StoreDep`, `index: IndexDep`, …); tests swap any of them
with `app.dependency_overrides[get_store] = …`. Only this module and `app.py` touch `app.state`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request
from starlette.types import Scope

from nzc_graph.api.audit import AuditLog
from nzc_graph.api.caching import ResponseCache
from nzc_graph.api.ratelimit import RateLimits
from nzc_graph.api.services import Services, StoreCache
from nzc_graph.config import Settings
from nzc_graph.languages import LANGUAGES, Language, preferred_language
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.cache import IndexCache
from nzc_graph.search.index import SearchIndex
from nzc_graph.store import GraphStore, QueryExecutor
from nzc_graph.store.base import DataVersion
from nzc_graph.submissions.apikeys import KeyRing


def get_services(request: Request) -> Services:
    services = request.app.state.services
    if not isinstance(services, Services):  # pragma: no cover - a programming error, not a request error
        raise RuntimeError("the app's services are built when it starts: use `with TestClient(app)`")
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_language(
    lang: Annotated[
        str | None, Query(description=f"Language of the answer's labels and pages: one of {', '.join(LANGUAGES)}.")
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Language:
    """The answer language: lang=, else the Accept-Language header, else English."""
    return preferred_language(lang, accept_language)


LanguageDep = Annotated[Language, Depends(get_language)]
# What an answer worded in the asker's language varies by (unless lang= is given, which is in the URL).
LANGUAGE_VARY = "Accept, Accept-Language"


def caching_state(scope: Scope) -> tuple[DataVersion, ResponseCache] | None:
    """For the caching middleware (it runs before any dependency): the data version and the
    response cache, or None when the store cannot tell its version."""
    services = get_services(Request(scope))
    version = services.data_version
    return None if version is None else (version, services.responses)


def get_settings(services: ServicesDep) -> Settings:
    return services.settings


def get_store(services: ServicesDep) -> GraphStore:
    return services.store


def get_executor(services: ServicesDep) -> QueryExecutor:
    return services.executor


def get_queries(services: ServicesDep) -> QueryLibrary:
    return services.queries


def get_index_cache(services: ServicesDep) -> IndexCache:
    services.current()  # a write by another process over the same store makes the index stale
    return services.search


def get_index(cache: Annotated[IndexCache, Depends(get_index_cache)]) -> SearchIndex:
    """The search index, built from the store on first use and after each write."""
    return cache.get()


def get_keys(services: ServicesDep) -> KeyRing:
    return services.keys


def get_cache(services: ServicesDep) -> StoreCache:
    return services.cache


def get_iris(services: ServicesDep) -> IriMapper:
    return services.iris


def get_limits(services: ServicesDep) -> RateLimits:
    return services.limits


def get_audit_log(services: ServicesDep) -> AuditLog:
    return services.audit


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
ExecutorDep = Annotated[QueryExecutor, Depends(get_executor)]
QueriesDep = Annotated[QueryLibrary, Depends(get_queries)]
IndexCacheDep = Annotated[IndexCache, Depends(get_index_cache)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
KeysDep = Annotated[KeyRing, Depends(get_keys)]
CacheDep = Annotated[StoreCache, Depends(get_cache)]
IrisDep = Annotated[IriMapper, Depends(get_iris)]
LimitsDep = Annotated[RateLimits, Depends(get_limits)]
AuditLogDep = Annotated[AuditLog, Depends(get_audit_log)]
