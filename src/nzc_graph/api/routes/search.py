"""Plain-words search and peer matchmaking over HTTP: /ask, /solved, /faces, /match/{city}, /pairs.

Each answers browsers (Accept: text/html first) with a page (api/ask_view.py, api/match_pages.py)
and everyone else with JSON; `format=json` forces JSON. /pairs also gives CSV (`format=csv`,
Accept: text/csv, or /pairs.csv). The GET form of the match page asks /match?city=…, which
redirects to /match/{slug}.

The search index is built from the store when the app starts (in the background, so the server is
ready at once; the first search waits for it) and rebuilt after any write, through the app's
store-change callbacks.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from nzc_graph.api import match_pages
from nzc_graph.api.access import AddressLimited
from nzc_graph.api.ask_view import answer_page, ask_page, ask_page_empty, lexicon_for
from nzc_graph.api.deps import LANGUAGE_VARY, CacheDep, IndexDep, IrisDep, LanguageDep, QueriesDep, StoreDep
from nzc_graph.api.errors import wants_page
from nzc_graph.api.openapi import errors, merged, ok, see_other
from nzc_graph.api.schemas.ask import AskResponse, ask_response
from nzc_graph.api.schemas.matching import MatchResponse, PairsResponse, match_response, pairs_response
from nzc_graph.api.schemas.search import FacesResponse, SolvedResponse, faces_response, solved_response
from nzc_graph.errors import InvalidQueryParameter, NzcGraphError
from nzc_graph.formats import CSV_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE
from nzc_graph.namespaces import slug
from nzc_graph.search.answers import AskFilters, Sources, answer_question
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.matchmaking import match as run_match
from nzc_graph.search.pairing import pair_cohort
from nzc_graph.search.service import check_page, who_faces, who_solved

router = APIRouter(tags=["search"], dependencies=[AddressLimited], responses=errors(404, 406, 422, 429))


Theme = Annotated[str | None, Query(description="Only results about this theme (IRI, slug or label).")]
Cohort = Annotated[str | None, Query(description="Only cities of this cohort (number, slug or IRI).")]
Country = Annotated[str | None, Query(description="Only cities of this country (ISO code, label or IRI).")]
Limit = Annotated[int, Query(description="Results per page, 1 to 100.")]
Offset = Annotated[int, Query(description="Results to skip (pagination).")]


Role = Annotated[str | None, Query(description="Only cities with this programme role (slug, label or IRI).")]
Format = Annotated[
    str | None, Query(alias="format", description="json forces JSON; otherwise the Accept header decides.")
]
PairsFormat = Annotated[
    str | None, Query(alias="format", description="json or csv force that format; otherwise the Accept header decides.")
]
HTML_TOO = ok("JSON, or a page for browsers.", HTML_MEDIA_TYPE)
PAIRS_ALSO = ok("JSON, a page or CSV.", HTML_MEDIA_TYPE, CSV_MEDIA_TYPE)
CSV_ONLY = ok("The pairing plan as CSV.", CSV_MEDIA_TYPE)
PAIRS_FORMATS = (*match_pages.OFFERED, CSV_MEDIA_TYPE)
FORCED = {"json": JSON_MEDIA_TYPE, "csv": CSV_MEDIA_TYPE}
Q = Annotated[
    str | None,
    Query(description="A challenge in plain words, a challenge IRI (or challenge:slug), a theme or a practice kind."),
]


def _html(request: Request, fmt: str | None) -> bool:
    return fmt != "json" and wants_page(request)


def _require(q: str | None) -> str:
    if q is None:
        raise InvalidQueryParameter("the parameter 'q' is required: say what the problem is in plain words")
    return q


AskQ = Annotated[
    str | None,
    Query(
        description="A question in plain words: a problem (who solved it, who faces it), whom a city should talk "
        "to, or a fact (an amount, a count, a date, who took part, a city's sessions, how far a practice got); "
        "at most 500 characters."
    ),
]
MinStatus = Annotated[str | None, Query(description="proposed, planned, piloting, implemented, scaled or 1-5.")]
Size = Annotated[
    str | None,
    Query(
        description="similar: only peers of the city's population band (GeoNames: under 100 k, 100–250 k, "
        "250–500 k, 0.5–1 M, over 1 M); blank or absent: any size."
    ),
]


@router.get("/ask", response_model=AskResponse, responses=HTML_TOO)
def ask(
    request: Request,
    response: Response,
    index: IndexDep,
    store: StoreDep,
    queries: QueriesDep,
    cache: CacheDep,
    language: LanguageDep,
    q: AskQ = None,
    theme: Theme = None,
    cohort: Cohort = None,
    country: Country = None,
    min_status: MinStatus = None,
    role: Role = None,
    size: Annotated[
        str | None,
        Query(description="similar: for a question about whom a city could talk to, only cities of its size."),
    ] = None,
    fmt: Format = None,
) -> AskResponse | Response:
    """Ask anything: what the question asks is recognised, and the graph answers it with the value and
    its evidence quote, or says it does not know (`answered` false). `size` narrows the peers of a match
    question, the other filters "who solved it" and "who faces it". Browsers (Accept: text/html) get the
    answer page."""
    filters = {
        "theme": theme,
        "cohort": cohort,
        "country": country,
        "min_status": min_status,
        "role": role,
        "size": size,
    }
    sources = Sources(index, store, queries)
    lexicon = lexicon_for(cache, sources)
    if _html(request, fmt):
        return answer_page(request, sources, lexicon, q, filters, language)
    if q is None:
        raise InvalidQueryParameter("the parameter 'q' is required: ask a question, e.g. /ask?q=who+presented+on+MEL")
    response.headers["Vary"] = LANGUAGE_VARY
    return ask_response(answer_question(sources, q, AskFilters(**filters), lexicon=lexicon, language=language))


@router.get("/solved", response_model=SolvedResponse, responses=HTML_TOO)
def solved(
    request: Request,
    response: Response,
    index: IndexDep,
    language: LanguageDep,
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

    `answered` is false when no practice passes the calibrated answer rule: the report has no real
    answer, and the cities that face the problem (`/faces`) are the honest next step.
    Browsers (Accept: text/html) get the ask page."""
    filters = {"theme": theme, "cohort": cohort, "country": country, "min_status": min_status, "role": role}
    if _html(request, fmt):
        check_page(limit, offset)
        if not q:
            return ask_page_empty(request, language)
        return ask_page(request, index, "solved", q, filters, limit, offset, language)
    page = who_solved(index, _require(q), limit=limit, offset=offset, language=language, **filters)
    response.headers["Vary"] = LANGUAGE_VARY
    return solved_response(_require(q), page)


@router.get("/faces", response_model=FacesResponse, responses=HTML_TOO)
def faces(
    request: Request,
    response: Response,
    index: IndexDep,
    language: LanguageDep,
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
        if not q:
            return ask_page_empty(request, language)
        return ask_page(request, index, "faces", q, filters, limit, offset, language)
    response.headers["Vary"] = LANGUAGE_VARY
    page = who_faces(index, _require(q), limit=limit, offset=offset, language=language, **filters)
    return faces_response(_require(q), page)


@router.get(
    "/match",
    summary="The city picker of the match page",
    response_model=None,
    response_class=Response,
    responses=merged(ok("The city picker, for browsers.", HTML_MEDIA_TYPE), see_other("The match page of the city.")),
)
def match_form(
    request: Request,
    index: IndexDep,
    iris: IrisDep,
    city: Annotated[str | None, Query(description="City label in any known spelling, slug or IRI.")] = None,
    size: Size = None,
) -> Response:
    """303 to /match/{slug} for the city named (keeping `size`); a browser without a city gets the picker."""
    html = match_pages.chosen(request) == HTML_MEDIA_TYPE
    if not city:
        if html:
            return match_pages.match_page(request, index, None, None, 5, 0, size)
        raise InvalidQueryParameter("city: name a city, e.g. /match?city=Kozani or /match/kozani")
    try:
        found = resolve_city(index.facts, city)
    except NzcGraphError:
        if html:
            return match_pages.match_page(request, index, city, None, 5, 0, size)
        raise
    kept = f"?{urlencode({'size': size.strip()})}" if size and size.strip() else ""
    target = f"{iris.base}match/{slug(found.iri)}{kept}"
    return RedirectResponse(target, status_code=303, headers=match_pages.VARY)


@router.get("/match/{city}", response_model=MatchResponse, responses=HTML_TOO)
def match(
    request: Request,
    response: Response,
    index: IndexDep,
    city: Annotated[str, Path(description="City label in any known spelling, slug or IRI.")],
    challenge: Annotated[str | None, Query(description="Only this challenge (IRI or plain words).")] = None,
    limit: Annotated[int, Query(description="Peers per page, 1 to 50.")] = 5,
    offset: Offset = 0,
    size: Size = None,
    fmt: Format = None,
) -> MatchResponse | Response:
    """Peers that can help the city with its challenges, with reciprocity, similarity, size and distance
    (context) and evidence. Browsers (Accept: text/html) get the match page."""
    if _html(request, fmt):
        return match_pages.match_page(request, index, city, challenge, limit, offset, size)
    response.headers["Vary"] = "Accept"
    check_page(limit, offset, 50)
    found = run_match(index, city, challenge=challenge, k=min(50, limit + offset), size=size)
    return match_response(found, limit, offset)


@router.get("/pairs", response_model=PairsResponse, responses=PAIRS_ALSO)
def pairs(
    request: Request,
    response: Response,
    index: IndexDep,
    cohort: Annotated[str | None, Query(description="Cohort number, slug or IRI (required for JSON and CSV).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    fmt: PairsFormat = None,
) -> PairsResponse | Response:
    """A pairing plan for every city of the cohort, maximising total mutual benefit.
    Browsers (Accept: text/html) get the pairs page; `format=csv` or Accept: text/csv, the CSV."""
    media_type = FORCED.get(fmt or "") or match_pages.chosen(request, PAIRS_FORMATS)
    if media_type == HTML_MEDIA_TYPE:
        return match_pages.pairs_page(request, index, cohort)
    if not cohort:
        raise InvalidQueryParameter("cohort: required; give a cohort number (e.g. 3), slug or IRI")
    if media_type == CSV_MEDIA_TYPE:
        return match_pages.csv_response(pair_cohort(index, cohort))
    response.headers["Vary"] = "Accept"
    check_page(limit, offset)
    return pairs_response(pair_cohort(index, cohort), limit, offset)


@router.get("/pairs.csv", response_class=Response, responses=CSV_ONLY)
def pairs_csv(index: IndexDep, cohort: Annotated[str, Query(description="Cohort number, slug or IRI.")]) -> Response:
    """The cohort's pairing plan as a CSV download: a header row, then one row per pair (or trio)."""
    return match_pages.csv_response(pair_cohort(index, cohort))
