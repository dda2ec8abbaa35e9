"""Matchmaking as pages for programme staff: /match/{city}, /pairs, /compare and /sessions/plan, and
the CSV of each plan.

The routes (api/routes/search.py, api/routes/compare.py) keep one URL per view and negotiate:
browsers (`Accept: text/html` first) get these pages, every other client the JSON of
docs/search-api.md. A domain error becomes the page itself, with the form, the message, the
status of api/errors.status_for and links to close matches, so a person can fix a typo in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from nzc_graph.api.errors import status_for
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.rendering import render
from nzc_graph.errors import InvalidQueryParameter, NotFound, NzcGraphError
from nzc_graph.formats import CSV_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE
from nzc_graph.namespaces import slug
from nzc_graph.search.comparison import city_choices, compare
from nzc_graph.search.facts import City
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.matchmaking import match
from nzc_graph.search.pairing import PairingPlan, cohort_choices, pair_cohort, plan_csv
from nzc_graph.search.planner import RoomPlan, plan_rooms
from nzc_graph.search.planner import plan_csv as rooms_csv
from nzc_graph.search.service import check_page

# JSON first: it stays the answer for `Accept: */*`, a missing header and anything unparseable.
OFFERED: tuple[str, ...] = (JSON_MEDIA_TYPE, HTML_MEDIA_TYPE)
VARY = {"Vary": "Accept"}


def chosen(request: Request, offered: Sequence[str] = OFFERED) -> str:
    """The media type to answer with; JSON when the client accepts none of those offered."""
    return negotiate(request.headers.get("accept"), offered) or offered[0]


def _problem(exc: NzcGraphError, field: str = "") -> dict[str, Any]:
    suggestions = exc.suggestions if isinstance(exc, NotFound) else []
    code = status_for(exc)
    return {"error": str(exc), "error_field": field, "suggestions": suggestions, "status_code": code, "code": code}


def _page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    return render(request, template, status_code=status_code, headers=VARY, **values)


def match_page(
    request: Request,
    index: SearchIndex,
    city: str | None,
    challenge: str | None,
    limit: int,
    offset: int,
    size: str | None = None,
) -> HTMLResponse:
    """The peers of a city as a page; with no city, the picker alone. `size` is the form's text
    (similar, or blank for any size)."""
    size = (size or "").strip()
    values: dict[str, Any] = {"section": "cities", "cities": city_choices(index), "asked": city or "", "size": size}
    if not city:
        return _page(request, "match.html", result=None, **values)
    try:
        check_page(limit, offset, 50)
        # one peer more than shown tells whether there is a next page
        result = match(index, city, challenge=challenge, k=min(50, limit + offset + 1), size=size)
    except NzcGraphError as exc:
        problem = _problem(exc, "size" if isinstance(exc, InvalidQueryParameter) and size else "city")
        return _page(request, "match.html", result=None, **values, **problem)
    shown = result.results[offset : offset + limit]
    kept = {"challenge": challenge, "size": result.size}
    return _page(
        request, "match.html", result=result, shown=shown, offset=offset, challenge=challenge,
        earlier=_paging(kept, limit, max(offset - limit, 0)) if offset > 0 else None,
        later=_paging(kept, limit, offset + limit) if offset + limit < len(result.results) else None,
        **values,
    )  # fmt: skip


def _paging(kept: dict[str, str | None], limit: int, offset: int) -> str:
    """The query string of another page of peers, keeping the challenge and size asked for."""
    return urlencode({**{k: v for k, v in kept.items() if v}, "limit": limit, "offset": offset})


def pairs_page(request: Request, index: SearchIndex, cohort: str | None) -> HTMLResponse:
    """A cohort's pairing plan as a page, with the cohort picker and the CSV link."""
    values: dict[str, Any] = {"section": "network", "cohorts": cohort_choices(index), "asked": cohort or ""}
    if not cohort:
        return _page(request, "pairs.html", plan=None, **values)
    try:
        plan = pair_cohort(index, cohort)
    except NzcGraphError as exc:
        return _page(request, "pairs.html", plan=None, **values, **_problem(exc, "cohort"))
    number = index.facts.concepts[plan.cohort].number
    return _page(request, "pairs.html", plan=plan, cohort_value=str(number) if number else slug(plan.cohort), **values)


def csv_filename(plan: PairingPlan) -> str:
    """`pairs-pcp-3.csv`: ASCII only, safe in a Content-Disposition header."""
    return "pairs-" + (re.sub(r"[^a-z0-9-]+", "-", slug(plan.cohort).lower()).strip("-") or "cohort") + ".csv"


def csv_response(plan: PairingPlan) -> Response:
    """The plan as a CSV download (`text/csv; charset=utf-8`, attachment)."""
    headers = {"Content-Disposition": f'attachment; filename="{csv_filename(plan)}"', **VARY}
    return Response(plan_csv(plan), media_type=CSV_MEDIA_TYPE, headers=headers)


def compare_page(request: Request, index: SearchIndex, a: str | None, b: str | None) -> HTMLResponse:
    """Two cities side by side; an unknown city gives a 404 page with close matches for that field."""
    values: dict[str, Any] = {
        "section": "cities",
        "cities": city_choices(index),
        "asked_a": a or "",
        "asked_b": b or "",
    }
    picked: dict[str, str] = {}
    problem: dict[str, Any] = {}
    for field, text in (("a", a), ("b", b)):
        try:
            picked[field] = resolve_city(index.facts, text).iri if text else ""
        except NzcGraphError as exc:
            picked[field], problem = "", problem or _problem(exc, field)
    values.update(picked_a=picked["a"], picked_b=picked["b"])
    if problem or not a or not b:
        return _page(request, "compare.html", comparison=None, **values, **problem)
    try:
        comparison = compare(index, a, b)
    except NzcGraphError as exc:
        return _page(request, "compare.html", comparison=None, **values, **_problem(exc, "b"))
    return _page(request, "compare.html", comparison=comparison, **values)


def whole(name: str, text: str | None) -> int | None:
    """A whole-number parameter; blank (an empty form field) means not given."""
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidQueryParameter(f"{name}: '{text}' is not a whole number") from None


def plan_page(
    request: Request, index: SearchIndex, cohort: str | None, cities: list[str], rooms: str | None, size: str | None
) -> HTMLResponse:
    """Breakout rooms as a page, with the form (a cohort or cities; rooms or size) and the CSV link.
    An error shows on the page; a suggestion for an unknown cohort or city links to the plan with it.
    `rooms` and `size` are the form's text (blank means not given)."""
    sizing = [(k, v.strip()) for k, v in (("rooms", rooms), ("size", size)) if v and v.strip()]
    values: dict[str, Any] = {
        "section": "network",
        "cohorts": cohort_choices(index),
        "cities": city_choices(index),
        "asked": cohort or "",
        "asked_cities": [resolved.iri for resolved in _known_cities(index, cities)],
        "rooms": (rooms or "").strip(),
        "size": (size or "").strip(),
    }
    if not cohort and not cities:
        return _page(request, "plan.html", plan=None, fixes={}, **values)
    try:
        plan = plan_rooms(
            index.facts, cohort=cohort, cities=cities, rooms=whole("rooms", rooms), size=whole("size", size)
        )
    except NzcGraphError as exc:
        problem = _problem(exc, "cohort" if cohort else "city")
        fixes = {s: _fixed_query(cohort, cities, s, sizing, index) for s in problem["suggestions"]}
        return _page(request, "plan.html", plan=None, fixes=fixes, **values, **problem)
    chosen = (
        [("cohort", _cohort_value(index, plan.cohort))]
        if plan.cohort
        else [("city", slug(c.iri)) for c in _known_cities(index, cities)]
    )
    query = urlencode([*chosen, *sizing])
    return _page(request, "plan.html", plan=plan, fixes={}, query=query, **values)


def _known_cities(index: SearchIndex, cities: list[str]) -> list[City]:
    found = []
    for text in cities:
        try:
            found.append(resolve_city(index.facts, text))
        except NotFound:
            continue
    return found


def _fixed_query(
    cohort: str | None, cities: list[str], suggestion: str, sizing: list[tuple[str, str]], index: SearchIndex
) -> str:
    """The plan's query with the suggestion in place of the cohort or of the first unknown city."""
    if cohort:
        return urlencode([("cohort", suggestion), *sizing])
    bad = next((t for t in cities if not _known_cities(index, [t])), None)
    kept = [("city", t) for t in cities if t != bad]
    return urlencode([*kept, ("city", suggestion), *sizing])


def _cohort_value(index: SearchIndex, iri: str) -> str:
    number = index.facts.concepts[iri].number
    return str(number) if number is not None else slug(iri)


def plan_csv_response(plan: RoomPlan) -> Response:
    """The room plan as a CSV download (`rooms-pcp-3.csv`, or `rooms.csv` for a list of cities)."""
    name = "rooms-" + re.sub(r"[^a-z0-9-]+", "-", slug(plan.cohort).lower()).strip("-") if plan.cohort else "rooms"
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"', **VARY}
    return Response(rooms_csv(plan), media_type=CSV_MEDIA_TYPE, headers=headers)
