"""The ask page: `/solved` and `/faces` as HTML for people (the JSON stays for programs).

One route serves both, by content negotiation; the filters are a plain GET form, so every search
has a shareable URL and works without JavaScript.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from nzc_graph.api.errors import status_for
from nzc_graph.api.rendering import render
from nzc_graph.errors import NzcGraphError
from nzc_graph.namespaces import section_iri
from nzc_graph.search.filters import filter_options
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.service import ANSWER_FLOOR, ask

Tab = Literal["solved", "faces"]
VARY = {"Vary": "Accept"}
# Plain-words problems the report's cities name, to show what the box understands.
EXAMPLES = (
    "partners tired of too many initiatives",
    "financing the renovation of buildings",
    "keeping citizens engaged over time",
    "not enough staff with the right skills",
    "departments working in silos",
    "measuring progress with indicators",
)


def ask_page(
    request: Request, index: SearchIndex, tab: Tab, q: str, filters: dict[str, str | None], limit: int, offset: int
) -> HTMLResponse:
    chosen = {k: v for k, v in filters.items() if v}
    values: dict[str, Any] = {
        "section": "ask",
        "tab": tab,
        "q": q,
        "chosen": chosen,
        "options": filter_options(index.facts),
        "examples": EXAMPLES,
        "floor": ANSWER_FLOOR,
        "section_iri": section_iri,
        "query_string": lambda **over: urlencode({**{"q": q}, **chosen, **over}),
    }
    try:
        answer = ask(index, q, limit=limit, offset=offset, **filters)
    except NzcGraphError as exc:
        return render(request, "ask.html", status_for(exc), VARY, error=str(exc), answer=None, **values)
    page = answer.solved if tab == "solved" else answer.faces
    nxt = offset + limit if offset + limit < page.total else None
    prev = max(0, offset - limit) if offset > 0 else None
    return render(
        request,
        "ask.html",
        200,
        VARY,
        answer=answer,
        page=page,
        next_offset=nxt,
        prev_offset=prev,
        error=None,
        **values,
    )


def ask_page_empty(request: Request) -> HTMLResponse:
    """The ask box with examples, before anything was asked."""
    return render(request, "ask.html", 200, VARY, section="ask", q="", examples=EXAMPLES, answer=None, error=None)
