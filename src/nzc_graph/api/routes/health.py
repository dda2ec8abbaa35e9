"""Health check: answers fast and says whether the store answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from nzc_graph.api.deps import StoreDep
from nzc_graph.errors import NzcGraphError

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    responses={
        200: {"description": "The store answers; its backend and number of quads."},
        503: {"description": "The store does not answer; the message says why."},
    },
)
def health(store: StoreDep) -> JSONResponse:
    try:
        quads = store.count()
    except NzcGraphError as exc:
        return JSONResponse({"status": "unavailable", "store": store.backend, "message": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok", "store": store.backend, "quads": quads})
