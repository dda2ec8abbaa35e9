"""Plain-words search and peer matchmaking over HTTP: /solved, /faces, /match/{city}, /pairs.

The search index is built from the store when the app starts (in the background, so the server is
ready at once; the first search waits for it) and rebuilt after any write, through the app's
store-change callbacks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

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
from nzc_graph.search.matchmaking import match as run_match
from nzc_graph.search.pairing import pair_cohort
from nzc_graph.search.service import check_page, who_faces, who_solved

router = APIRouter(tags=["search"])


Q = Annotated[
    str,
    Query(description="A challenge in plain words, a challenge IRI (or challenge:slug), a theme or a practice kind."),
]
Theme = Annotated[str | None, Query(description="Only results about this theme (IRI, slug or label).")]
Cohort = Annotated[str | None, Query(description="Only cities of this cohort (number, slug or IRI).")]
Country = Annotated[str | None, Query(description="Only cities of this country (ISO code, label or IRI).")]
Limit = Annotated[int, Query(description="Results per page, 1 to 100.")]
Offset = Annotated[int, Query(description="Results to skip (pagination).")]


@router.get("/solved", response_model=SolvedResponse)
def solved(
    index: IndexDep,
    q: Q,
    theme: Theme = None,
    cohort: Cohort = None,
    country: Country = None,
    min_status: Annotated[
        str | None, Query(description="proposed, planned, piloting, implemented, scaled or 1-5.")
    ] = None,
    limit: Limit = 10,
    offset: Offset = 0,
) -> SolvedResponse:
    """Cities with a practice that addresses the problem, best first, one per city, with evidence."""
    page = who_solved(
        index, q, theme=theme, cohort=cohort, country=country, min_status=min_status, limit=limit, offset=offset
    )
    return solved_response(q, page)


@router.get("/faces", response_model=FacesResponse)
def faces(
    index: IndexDep,
    q: Q,
    theme: Theme = None,
    cohort: Cohort = None,
    country: Country = None,
    limit: Limit = 10,
    offset: Offset = 0,
) -> FacesResponse:
    """Cities the report says face the problem, best first, one per city, with evidence."""
    return faces_response(
        q, who_faces(index, q, theme=theme, cohort=cohort, country=country, limit=limit, offset=offset)
    )


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
