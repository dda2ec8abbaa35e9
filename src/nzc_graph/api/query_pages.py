"""Pages for analysts: the query workbench (`GET /sparql` for browsers), the named-query library
(`GET /queries`) and one named query with its form and results (`GET /queries/{name}`).

Browsers get these pages; every other client keeps the data (see `wants_page`). The workbench
is YASGUI when its npm package is installed, over a plain form that works without JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from nzc_graph.api.errors import status_for
from nzc_graph.api.rendering import render, script_json
from nzc_graph.api.services import StoreCache
from nzc_graph.api.sparql_formats import prefers_html
from nzc_graph.errors import InvalidQueryParameter, NzcGraphError
from nzc_graph.formats import N_TRIPLES, RDF_FORMATS, RESULT_FORMATS, SPARQL_JSON, by_query_kind
from nzc_graph.namespaces import PREFIXES
from nzc_graph.publishing.linked_data import IriMapper
from nzc_graph.publishing.query_forms import (
    Choice,
    ChoicesOf,
    form_fields,
    grouped,
    kind_label,
    list_choices,
    missing_required,
    resolve_slugs,
)
from nzc_graph.publishing.result_tables import ResultTable, graph_table, results_table
from nzc_graph.queries import NamedQuery, QueryLibrary
from nzc_graph.store import GraphStore
from nzc_graph.store.bindings import inject_values

MAX_ROWS = 200  # rows shown on a page; the downloads carry all of them
WORKBENCH_QUERY = "list-practices-by-status"  # the first tab of a new workbench
TERMS_QUERY = "list-term-labels"  # the ontology's classes and properties, for autocompletion
VARY = {"Vary": "Accept"}  # the same URLs answer data to other clients
FORMAT_GROUPS = (("Results (SELECT, ASK)", RESULT_FORMATS), ("Graphs (CONSTRUCT, DESCRIBE)", RDF_FORMATS))


def wants_page(request: Request, offered: list[str]) -> bool:
    """A browser asking for this URL (and no `format=`) gets the page rather than `offered` data."""
    return "format" not in request.query_params and prefers_html(request.headers.get("accept"), offered)


def choices_reader(store: GraphStore, library: QueryLibrary, cache: StoreCache) -> ChoicesOf:
    """The pick-list of a kind, listed once per store state."""

    def choices_of(kind: str) -> tuple[Choice, ...]:
        return cache.get("choices:" + kind, lambda: list_choices(store, library, kind))

    return choices_of


def example_text(library: QueryLibrary, query: NamedQuery) -> str:
    """The query with its example (or default) parameters bound, ready to run."""
    try:
        return inject_values(query.text, library.bind(query.name, query.example_params))
    except InvalidQueryParameter:
        return query.text


def workbench_url(m: IriMapper, query_text: str, title: str) -> str:
    """The workbench with `query_text` in a new tab (YASGUI reads the fragment)."""
    return f"{m.base}sparql#" + urlencode({"query": query_text, "tabTitle": title}, quote_via=quote)


def workbench_page(request: Request, library: QueryLibrary, m: IriMapper) -> HTMLResponse:
    queries = library.all()
    default = example_text(library, library.get(WORKBENCH_QUERY)) if WORKBENCH_QUERY in library.names() else ""
    data = {
        "endpoint": f"{m.base}sparql",
        "termsUrl": f"{m.base}queries/{TERMS_QUERY}",
        "prefixes": PREFIXES,
        "defaultQuery": default,
        "queries": {q.name: {"title": q.title, "text": example_text(library, q)} for q in queries},
    }
    return render(
        request,
        "workbench.html",
        section="queries",
        data=script_json(json.dumps(data)),
        groups=grouped(queries),
        default_query=default,
        format_groups=FORMAT_GROUPS,
    )


def library_page(request: Request, queries: Sequence[NamedQuery], message: str = "", status: int = 200) -> HTMLResponse:
    return render(
        request,
        "queries.html",
        status_code=status,
        headers=VARY,
        section="queries",
        groups=grouped(queries),
        message=message,
    )


def _run(store: GraphStore, query: NamedQuery, text: str) -> ResultTable:
    """A named query's results, in-process (our queries are bounded; user queries use workers)."""
    if query.kind in ("select", "ask"):
        result = store.serialized_query(text, [SPARQL_JSON.media_type])
        return results_table(b"".join(result.chunks), MAX_ROWS)
    result = store.serialized_query(text, [N_TRIPLES.media_type])
    return graph_table(b"".join(result.chunks), MAX_ROWS)


def _downloads(m: IriMapper, query: NamedQuery, raw: Mapping[str, str]) -> list[tuple[str, str, str]]:
    given = {k: v for k, v in raw.items() if v.strip()}
    return [
        (
            fmt.label,
            f"{m.base}queries/{query.name}?" + urlencode({**given, "format": fmt.name}),
            f"{query.name}.{fmt.ext}",
        )
        for fmt in by_query_kind(query.kind)
    ]


def _missing_message(query: NamedQuery, raw: Mapping[str, str]) -> str:
    missing = missing_required(query, raw)
    names = ", ".join(f"{p.name.replace('_', ' ')}" for p in missing)
    return f"Choose a value for {names} to run this query." if missing else ""


def query_page(
    request: Request,
    m: IriMapper,
    library: QueryLibrary,
    store: GraphStore,
    query: NamedQuery,
    raw: Mapping[str, str],
    choices_of: ChoicesOf,
) -> HTMLResponse:
    """The form, and the results when every required parameter is given; a wrong value shows
    the form again with the reason (422); a missing one asks for it (200)."""
    status, table, text = 200, None, query.text
    message = _missing_message(query, raw)
    try:
        resolved = resolve_slugs(query, raw, choices_of)
        if not message:
            text = inject_values(query.text, library.bind(query.name, resolved))
            table = _run(store, query, text)
    except NzcGraphError as exc:
        status = 422 if isinstance(exc, InvalidQueryParameter) else status_for(exc)
        if status >= 500 and status != 503:
            raise
        message = str(exc)
    return render(
        request,
        "query.html",
        status_code=status,
        headers=VARY,
        section="queries",
        query=query,
        fields=form_fields(query, raw, choices_of),
        kind_label=kind_label,
        message=message,
        table=table,
        max_rows=MAX_ROWS,
        sparql=text,
        workbench=workbench_url(m, text, query.title),
        downloads=_downloads(m, query, raw) if table is not None else [],
        example=urlencode(query.example_params),
    )
