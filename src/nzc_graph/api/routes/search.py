"""Plain-words search and peer matchmaking over HTTP: /solved, /faces, /match/{city}, /pairs.

The search index is built from the store when the app starts (in the background, so the server is
ready at once; the first search waits for it) and rebuilt after any write, through the app's
store-change callbacks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from nzc_graph.api.ask_view import ask_page, ask_page_empty, wants_html
from nzc_graph.api.deps import IndexDep
from nzc_graph.api.schemas.search import (
    FacesResponse,
    MatchResponse,
    PairsResponse,
    SolvedResponse,
    faces_response,
    match_response,
    pairs_response,
    solved_response,
)
from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.search.matchmaking import match as run_match
from nzc_graph.search.pairing import pair_cohort
from nzc_graph.search.service import check_page, who_faces, who_solved

router = APIRouter(tags=["search"])


Theme = Annotated[str | None, Query(description="Only results about this theme (IRI, slug or label).")]
Cohort = Annotated[str | None, Query(description="Only cities of this cohort (number, slug or IRI).")]
Country = Annotated[str | None, Query(description="Only cities of this country (ISO code, label or IRI).")]
Limit = Annotated[int, Query(description="Results per page, 1 to 100.")]
Offset = Annotated[int, Query(description="Results to skip (pagination).")]


Role = Annotated[str | None, Query(description="Only cities with this programme role (slug, label or IRI).")]
Format = Annotated[
    str | None, Query(alias="format", description="json forces JSON; otherwise the Accept header decides.")
]
Q = Annotated[
    str | None,
    Query(description="A challenge in plain words, a challenge IRI (or challenge:slug), a theme or a practice kind."),
]


def _html(request: Request, fmt: str | None) -> bool:
    return fmt != "json" and wants_html(request)


def _require(q: str | None) -> str:
    if q is None:
        raise InvalidQueryParameter("the parameter 'q' is required: say what the problem is in plain words")
    return q


@router.get("/solved", response_model=SolvedResponse)
def solved(
    request: Request,
    response: Response,
    index: IndexDep,
    q: Q = None,
    theme: Theme = None,
    cohort: Cohort = None,
    country: Country = None,
    min_status: Annotated[
        str | None, Query(description="proposed, planned, piloting, implemented, scaled or 1-5.")
    ] = None,
    role: Role = None,
    limit: Limit = 10,
    offset: Offset = 0,
    fmt: Format = None,
) -> SolvedResponse | Response:
    """Cities with a practice that addresses the problem, best first, one per city, with evidence.

    `answered` is false when no practice clears the confidence floor: the report has no real
    answer, and the cities that face the problem (`/faces`) are the honest next step.
    Browsers (Accept: text/html) get the ask page."""
    filters = {"theme": theme, "cohort": cohort, "country": country, "min_status": min_status, "role": role}
    if _html(request, fmt):
        check_page(limit, offset)
        return ask_page(request, index, "solved", q or "", filters, limit, offset) if q else ask_page_empty(request)
    page = who_solved(index, _require(q), limit=limit, offset=offset, **filters)
    response.headers["Vary"] = "Accept"
    return solved_response(_require(q), page)


@router.get("/faces", response_model=FacesResponse)
def faces(
    request: Request,
    response: Response,
    index: IndexDep,
    q: Q = None,
    theme: Theme = None,
    cohort: Cohort = None,
    country: Country = None,
    role: Role = None,
    limit: Limit = 10,
    offset: Offset = 0,
    fmt: Format = None,
) -> FacesResponse | Response:
    """Cities the report says face the problem, best first, one per city, with evidence.
    Browsers (Accept: text/html) get the ask page."""
    filters = {"theme": theme, "cohort": cohort, "country": country, "role": role}
    if _html(request, fmt):
        check_page(limit, offset)
        return ask_page(request, index, "faces", q or "", filters, limit, offset) if q else ask_page_empty(request)
    response.headers["Vary"] = "Accept"
    return faces_response(_require(q), who_faces(index, _require(q), limit=limit, offset=offset, **filters))


@router.get("/match/{city}", response_model=MatchResponse)
def match(
    index: IndexDep,
    city: Annotated[str, Path(description="City label in any known spelling, slug or IRI.")],
    challenge: Annotated[str | None, Query(description="Only this challenge (IRI or plain words).")] = None,
    limit: Annotated[int, Query(description="Peers per page, 1 to 50.")] = 5,
    offset: Offset = 0,
) -> MatchResponse:
    """Peers that can help the city with its challenges, with reciprocity, similarity and evidence."""
    check_page(limit, offset, 50)
    return match_response(run_match(index, city, challenge=challenge, k=min(50, limit + offset)), limit, offset)


@router.get("/pairs", response_model=PairsResponse)
def pairs(
    index: IndexDep,
    cohort: Annotated[str, Query(description="Cohort number, slug or IRI.")],
    limit: Limit = 50,
    offset: Offset = 0,
) -> PairsResponse:
    """A pairing plan for every city of the cohort, maximising total mutual benefit."""
    check_page(limit, offset)
    return pairs_response(pair_cohort(index, cohort), limit, offset)
