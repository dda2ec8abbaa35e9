"""The interactive API documentation at /docs: Swagger UI from the npm package swagger-ui-dist,
served from this server (no CDN, no inline script), over the schema at /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from nzc_graph.api.rendering import render

router = APIRouter(tags=["documentation"])


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api_docs.html", openapi_url=request.app.openapi_url)
