"""Matchmaking as pages for programme staff: /match/{city}, /pairs and /compare, and the CSV of a plan.

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
from nzc_graph.errors import NotFound, NzcGraphError
from nzc_graph.formats import CSV_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE
from nzc_graph.namespaces import slug
from nzc_graph.search.comparison import city_choices, compare
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.matchmaking import match
from nzc_graph.search.pairing import PairingPlan, cohort_choices, pair_cohort, plan_csv
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
    request: Request, index: SearchIndex, city: str | None, challenge: str | None, limit: int, offset: int
) -> HTMLResponse:
    """The peers of a city as a page; with no city, the picker alone."""
    values: dict[str, Any] = {"section": "cities", "cities": city_choices(index), "asked": city or ""}
    if not city:
        return _page(request, "match.html", result=None, **values)
    try:
        check_page(limit, offset, 50)
        # one peer more than shown tells whether there is a next page
        result = match(index, city, challenge=challenge, k=min(50, limit + offset + 1))
    except NzcGraphError as exc:
        problem = _problem(exc, "city")
        return _page(request, "match.html", result=None, **values, **problem)
    shown = result.results[offset : offset + limit]
    return _page(
        request, "match.html", result=result, shown=shown, offset=offset, challenge=challenge,
        earlier=_paging(challenge, limit, max(offset - limit, 0)) if offset > 0 else None,
        later=_paging(challenge, limit, offset + limit) if offset + limit < len(result.results) else None,
        **values,
    )  # fmt: skip


def _paging(challenge: str | None, limit: int, offset: int) -> str:
    """The query string of another page of peers."""
    return urlencode({**({"challenge": challenge} if challenge else {}), "limit": limit, "offset": offset})


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
