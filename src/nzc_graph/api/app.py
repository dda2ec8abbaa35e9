"""The FastAPI application factory. Nothing is created at import time."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from nzc_graph.api.audit import AuditMiddleware
from nzc_graph.api.caching import CachingMiddleware
from nzc_graph.api.deps import caching_state
from nzc_graph.api.errors import install_error_handlers
from nzc_graph.api.headers import SecurityHeadersMiddleware
from nzc_graph.api.openapi import install as install_schema
from nzc_graph.api.request_checks import Utf8RequestMiddleware
from nzc_graph.api.routes import (
    api_docs,
    city_map,
    compare,
    directory,
    health,
    linked_data,
    named_queries,
    ontology_docs,
    overview,
    sessions,
    site,
    sparql,
)
from nzc_graph.api.routes import search as search_routes
from nzc_graph.api.routes import submissions as submission_routes
from nzc_graph.api.services import build_services
from nzc_graph.config import Settings
from nzc_graph.store import GraphStore, open_store


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """Build the app. Pass `store` to serve an already open store (tests); otherwise one is opened."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        services = build_services(settings, store if store is not None else open_store(settings))
        app.state.services = services
        threading.Thread(target=services.warm, name="search-index", daemon=True).start()
        try:
            yield
        finally:
            services.close()
            if own:
                services.store.close()

    app = FastAPI(
        title="nzc-graph",
        version="0.1.0",
        description="Knowledge graph of European climate-neutral cities: SPARQL 1.1 endpoint, "
        "plain-words search, peer matchmaking and linked data.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN with inline scripts; /docs is ours (api_docs)
        redoc_url=None,
    )
    app.add_middleware(CachingMiddleware, state=caching_state)  # innermost: CORS and ids stay per request
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization", "X-API-Key"],
        expose_headers=["Content-Type", "Vary", "Link", "X-Request-ID", "Retry-After"],
    )
    app.add_middleware(Utf8RequestMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(AuditMiddleware)
    install_error_handlers(app)
    install_schema(app)
    app.include_router(health.router)
    app.include_router(api_docs.router)
    app.include_router(sparql.router)
    app.include_router(named_queries.router)
    app.include_router(search_routes.router)
    app.include_router(compare.router)
    app.include_router(sessions.router)
    app.include_router(linked_data.router)
    app.include_router(ontology_docs.router)
    app.include_router(site.router)
    app.include_router(directory.router)
    app.include_router(overview.router)
    app.include_router(city_map.router)
    app.include_router(submission_routes.router)
    return app
