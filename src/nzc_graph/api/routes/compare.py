"""Two cities side by side: /compare?a=<city>&b=<city> (a page; see api/match_pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nzc_graph.api import match_pages
from nzc_graph.api.deps import IndexDep
from nzc_graph.api.openapi import errors, merged, ok
from nzc_graph.formats import HTML_MEDIA_TYPE

router = APIRouter(tags=["search"])
CityParam = Annotated[str | None, Query(description="City label in any known spelling, slug or IRI.")]


@router.get(
    "/compare",
    response_class=HTMLResponse,
    summary="Compare two cities",
    responses=merged(ok("The comparison page.", HTML_MEDIA_TYPE), errors(404, 422)),
)
def compare(request: Request, index: IndexDep, a: CityParam = None, b: CityParam = None) -> HTMLResponse:
    """Roles, country, cohorts, challenges (shared ones marked), practices, and what each city could
    learn from the other, with evidence; with a city missing, the form alone; unknown city → 404."""
    return match_pages.compare_page(request, index, a, b)
