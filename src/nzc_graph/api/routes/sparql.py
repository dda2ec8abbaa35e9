"""SPARQL query endpoint (first version: GET with content negotiation)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from ..deps import StoreDep

router = APIRouter(tags=["sparql"])


@router.get("/sparql")
def sparql_get(request: Request, store: StoreDep, query: str = Query(..., description="A SPARQL 1.1 query.")) -> StreamingResponse:
    accept = [part.split(";")[0].strip() for part in request.headers.get("accept", "").split(",") if part.strip()]
    result = store.serialized_query(query, accept)
    return StreamingResponse(result.chunks, media_type=result.media_type)
