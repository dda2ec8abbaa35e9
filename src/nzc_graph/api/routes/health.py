"""Health check: answers within a second and says whether the store answers, and which store."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from nzc_graph.api.deps import StoreDep
from nzc_graph.errors import NzcGraphError
from nzc_graph.store import GraphStore, RemoteStore

router = APIRouter(tags=["health"])
WAIT = 0.8  # seconds the store gets to answer; a slow store is reported as down, not waited for


def dependency(store: GraphStore) -> str:
    """The store a reader of the health report should look at: the endpoint of a remote store."""
    return f"remote store {store.endpoint}" if isinstance(store, RemoteStore) else f"{store.backend} store"


@router.get(
    "/health",
    responses={
        200: {"description": "The store answers; its backend and number of quads."},
        503: {"description": "The store does not answer (or not within a second); the message names it and says why."},
    },
)
async def health(store: StoreDep) -> JSONResponse:
    try:
        quads = await asyncio.wait_for(run_in_threadpool(store.count), WAIT)
    except TimeoutError:
        message = f"{dependency(store)} did not answer within {WAIT} s"
    except NzcGraphError as exc:
        message = str(exc) if isinstance(store, RemoteStore) else f"{dependency(store)}: {exc}"
    else:
        return JSONResponse({"status": "ok", "store": store.backend, "quads": quads})
    return JSONResponse(
        {"status": "unavailable", "store": store.backend, "dependency": dependency(store), "message": message},
        status_code=503,
    )
