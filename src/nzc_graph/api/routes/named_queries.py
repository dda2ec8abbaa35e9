"""The named-query library over HTTP: list with metadata, run with typed parameters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from nzc_graph.api.deps import ExecutorDep, QueriesDep
from nzc_graph.api.sparql_formats import choose
from nzc_graph.queries import NamedQuery
from nzc_graph.store.bindings import inject_values

router = APIRouter(prefix="/queries", tags=["named queries"])


def describe(q: NamedQuery, base: str) -> dict[str, object]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "kind": q.kind,
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "required": p.required, "description": p.description}
            for p in q.params
        ],
        "columns": list(q.columns),
        "example": q.example,
        "url": f"{base}/queries/{q.name}",
    }


@router.get("")
def list_queries(request: Request, queries: QueriesDep) -> JSONResponse:
    """Every named query with its title, description, parameters and columns."""
    base = str(request.base_url).rstrip("/")
    return JSONResponse({"queries": [describe(q, base) for q in queries.all()]})


@router.get("/{name}")
def run_query(name: str, request: Request, library: QueriesDep, executor: ExecutorDep) -> StreamingResponse:
    """Run a named query; parameters come from the query string, bound as typed RDF terms.

    Results are negotiated like /sparql (Accept header or `format`).
    """
    query = library.get(name)
    raw = {k: v for k, v in request.query_params.items() if k != "format"}
    bindings = library.bind(name, raw)
    media_types = choose(query.kind, request.headers.get("accept"), request.query_params.get("format"))
    result = executor.execute(inject_values(query.text, bindings), media_types)
    return StreamingResponse(result.chunks, media_type=result.media_type, headers={"Vary": "Accept"})
