"""Health check: answers within a second and says whether the store answers, and which store."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from nzc_graph.api.deps import StoreDep
from nzc_graph.errors import NzcGraphError

router = APIRouter(tags=["health"])
WAIT = 0.8  # seconds the store gets to answer; a slow store is reported as down, not waited for


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
        message = f"{store.dependency} did not answer within {WAIT} s"
    except NzcGraphError as exc:
        message = str(exc) if store.dependency in str(exc) else f"{store.dependency}: {exc}"
    else:
        return JSONResponse({"status": "ok", "store": store.backend, "quads": quads})
    return JSONResponse(
        {"status": "unavailable", "store": store.backend, "dependency": store.dependency, "message": message},
        status_code=503,
    )
