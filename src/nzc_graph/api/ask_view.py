"""The ask pages: `/ask`, `/solved` and `/faces` as HTML for people (the JSON stays for programs).

One route serves both, by content negotiation; the filters are a plain GET form, so every search
has a shareable URL and works without JavaScript. The ask box (home page and every ask page) sends
its question to `/ask`, which shows the answer for what was asked (answer.html); its other buttons
ask `/solved` and `/faces` directly.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from nzc_graph.api.deps import LANGUAGE_VARY
from nzc_graph.api.errors import status_for
from nzc_graph.api.rendering import render
from nzc_graph.api.services import StoreCache
from nzc_graph.errors import NzcGraphError
from nzc_graph.languages import DEFAULT_LANGUAGE, Language
from nzc_graph.namespaces import section_iri, slug
from nzc_graph.search.answers import AskFilters, Sources, answer_question
from nzc_graph.search.filters import filter_options
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.intents import Lexicon, load_lexicon
from nzc_graph.search.service import ANSWER_FLOOR, ask

Tab = Literal["solved", "faces"]
VARY = {"Vary": LANGUAGE_VARY}
# Plain-words problems the report's cities name, to show what the box understands.
EXAMPLES = (
    "partners tired of too many initiatives",
    "financing the renovation of buildings",
    "keeping citizens engaged over time",
    "not enough staff with the right skills",
    "departments working in silos",
    "measuring progress with indicators",
)
# What the ask box on the home page understands: problems, peers and facts.
ASK_EXAMPLES = (
    "partners tired of too many initiatives",
    "how much did Turku borrow from the EIB?",
    "when was the session on innovative financing?",
    "which cities presented on MEL?",
    "who should Kozani talk to?",
    "who else faces stakeholder fatigue?",
)
READ_AS = {
    "solved": "who solved it",
    "faces": "who else faces it",
    "match": "whom a city could talk to",
    "fact": "a fact",
    "unknown": "nothing the graph can answer",
}
ASPECT = {
    "amount": "an amount",
    "count": "a count",
    "date": "a date",
    "participants": "who took part",
    "sessions": "which sessions",
    "status": "how far a practice got",
}


def ask_page(
    request: Request,
    index: SearchIndex,
    tab: Tab,
    q: str,
    filters: dict[str, str | None],
    limit: int,
    offset: int,
    language: Language = DEFAULT_LANGUAGE,
) -> HTMLResponse:
    chosen = {k: v for k, v in filters.items() if v}
    values: dict[str, Any] = {
        "section": "ask",
        "lang": language,
        "tab": tab,
        "q": q,
        "chosen": chosen,
        "options": filter_options(index.facts),
        "examples": EXAMPLES,
        "floor": ANSWER_FLOOR,
        "section_iri": section_iri,
        "query_string": lambda **over: urlencode({**{"q": q}, **chosen, **_lang(language), **over}),
    }
    try:
        answer = ask(index, q, limit=limit, offset=offset, language=language, **filters)
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


def _lang(language: Language) -> dict[str, str]:
    """The lang= parameter the page's links carry (none for English, the default)."""
    return {} if language == DEFAULT_LANGUAGE else {"lang": language}


def ask_page_empty(request: Request, language: Language = DEFAULT_LANGUAGE) -> HTMLResponse:
    """The ask box with examples, before anything was asked."""
    return render(
        request, "ask.html", 200, VARY, section="ask", q="", examples=EXAMPLES, answer=None, error=None, lang=language
    )


def lexicon_for(cache: StoreCache, sources: Sources) -> Lexicon:
    """The names questions are read against, read once per store version (and per index)."""
    lexicon = cache.get("ask-lexicon", lambda: load_lexicon(sources.index, sources.store, sources.queries))
    if lexicon.facts is not sources.index.facts:  # the index was rebuilt since: read the names again
        lexicon = load_lexicon(sources.index, sources.store, sources.queries)
    return lexicon


def answer_page(
    request: Request,
    sources: Sources,
    lexicon: Lexicon,
    q: str | None,
    filters: dict[str, str | None],
    language: Language = DEFAULT_LANGUAGE,
) -> HTMLResponse:
    """The answer to whatever was asked, shown for its intent; the ask box with examples without `q`."""
    chosen = {k: v for k, v in filters.items() if v}
    values: dict[str, Any] = {
        "section": "ask",
        "lang": language,
        "q": q or "",
        "chosen": chosen,
        "options": filter_options(sources.index.facts),
        "examples": ASK_EXAMPLES,
        "section_iri": section_iri,
        "slug": slug,
        "read_as": READ_AS,
        "aspect_text": ASPECT,
        "query_string": urlencode({"q": q or "", **chosen, **_lang(language)}),
        "peer_filters": True,
    }
    if q is None:
        return render(request, "answer.html", 200, VARY, answer=None, error=None, **values)
    try:
        answer = answer_question(sources, q, AskFilters(**filters), lexicon=lexicon, language=language)
    except NzcGraphError as exc:
        return render(request, "answer.html", status_for(exc), VARY, answer=None, error=str(exc), **values)
    return render(request, "answer.html", 200, VARY, answer=answer, error=None, **values)
