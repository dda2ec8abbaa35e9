"""Planning peer-learning sessions: GET /sessions/plan, breakout rooms with a Storyteller each.

One URL for people and programs: browsers (Accept: text/html first) get the page
(api/match_pages.py), `format=csv` or `Accept: text/csv` the spreadsheet, everyone else JSON
(`format=json` forces it). The planner itself is `nzc_graph.search.planner.plan_rooms`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nzc_graph.api import match_pages
from nzc_graph.api.access import AddressLimited
from nzc_graph.api.deps import IndexDep
from nzc_graph.api.openapi import errors, ok
from nzc_graph.api.schemas.plan import PlanResponse, plan_response
from nzc_graph.formats import CSV_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE
from nzc_graph.search.planner import plan_rooms

router = APIRouter(
    prefix="/sessions", tags=["sessions"], dependencies=[AddressLimited], responses=errors(404, 406, 422, 429)
)

OFFERED = (*match_pages.OFFERED, CSV_MEDIA_TYPE)
FORCED = {"json": JSON_MEDIA_TYPE, "csv": CSV_MEDIA_TYPE}
ALSO = ok("JSON, a page or CSV.", HTML_MEDIA_TYPE, CSV_MEDIA_TYPE)


@router.get("/plan", response_model=PlanResponse, responses=ALSO, summary="Breakout rooms with a Storyteller each")
def plan(
    request: Request,
    response: Response,
    index: IndexDep,
    cohort: Annotated[str | None, Query(description="Cohort number, slug or IRI: plan its cities.")] = None,
    city: Annotated[
        list[str] | None, Query(description="Or the cities to plan for (repeat: city=Cork&city=Tampere).")
    ] = None,
    rooms: Annotated[str | None, Query(description="Number of rooms, 1 to the number of cities.")] = None,
    size: Annotated[str | None, Query(description="Largest room (cities); with rooms, a check on it.")] = None,
    fmt: Annotated[
        str | None, Query(alias="format", description="json or csv force that format; otherwise Accept decides.")
    ] = None,
) -> PlanResponse | Response:
    """Every city of the cohort (or list) in exactly one room; as many rooms as possible with a
    Storyteller (a city with a piloting, implemented or scaled practice for a challenge the room
    shares), then rooms that share the most challenges. Rooms with no possible Storyteller say so."""
    cities = [c for c in city or [] if c.strip()]
    media_type = FORCED.get(fmt or "") or match_pages.chosen(request, OFFERED)
    if media_type == HTML_MEDIA_TYPE:
        return match_pages.plan_page(request, index, cohort, cities, rooms, size)
    count, most = match_pages.whole("rooms", rooms), match_pages.whole("size", size)
    result = plan_rooms(index.facts, cohort=cohort, cities=cities, rooms=count, size=most)
    if media_type == CSV_MEDIA_TYPE:
        return match_pages.plan_csv_response(result)
    response.headers["Vary"] = "Accept"
    return plan_response(result)
