"""The FastAPI application factory. Nothing is created at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ..config import Settings
from ..store import GraphStore, open_store
from .errors import install_error_handlers
from .routes import health, sparql


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """Build the app. Pass `store` to serve an already open store (tests); otherwise one is opened."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.store = store if store is not None else open_store(settings)
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(
        title="nzc-graph",
        version="0.1.0",
        description="Knowledge graph of European climate-neutral cities: SPARQL 1.1 endpoint, "
                    "plain-words search, peer matchmaking and linked data.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Writers call app.state.store_changed() after a write; components that cache what the
    # store holds (query workers' snapshots, search indexes) append a callback to this list.
    app.state.on_store_change = []

    def store_changed() -> None:
        for callback in app.state.on_store_change:
            callback()

    app.state.store_changed = store_changed
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(sparql.router)
    return app
