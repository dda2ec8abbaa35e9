"""SPARQL 1.1 Protocol: query endpoint (read-only, time-limited) and an admin update endpoint."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from nzc_graph.api.access import AddressLimited, AdminDep, AttemptDep, Audited
from nzc_graph.api.bodies import read_body
from nzc_graph.api.caching import NO_STORE
from nzc_graph.api.deps import ExecutorDep, IrisDep, QueriesDep, ServicesDep, SettingsDep, StoreDep
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.openapi import errors, merged, ok
from nzc_graph.api.query_pages import workbench_page
from nzc_graph.api.request_checks import utf8_problem
from nzc_graph.api.service_description import service_description
from nzc_graph.api.sparql_formats import GRAPH_TYPES, RESULT_TYPES, choose
from nzc_graph.errors import (
    InvalidQueryParameter,
    QueryRefused,
    QuerySyntaxError,
    UnsupportedMediaType,
)
from nzc_graph.formats import HTML_MEDIA_TYPE
from nzc_graph.namespaces import is_absolute_iri
from nzc_graph.store import Dataset
from nzc_graph.store.service_check import check_services
from nzc_graph.store.sparql_text import is_volatile, query_form, with_using

router = APIRouter(tags=["sparql"])
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


def _utf8(body: bytes, content_type: str) -> str:
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"').lower()
            for p in content_type.split(";")[1:]
            if p.strip().lower().startswith("charset=")
        ),
        "utf-8",
    )
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the body must be UTF-8 encoded (got charset={charset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuerySyntaxError(f"the body is not valid UTF-8 (byte {exc.start})") from exc


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise QuerySyntaxError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


async def operation(request: Request, limit: int) -> tuple[str, str | None, dict[str, list[str]]]:
    """("query"|"update"|"none", text, parameters) from a GET or POST per the protocol."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        if "update" in params:
            raise QueryRefused("updates cannot be sent with GET; POST them to /sparql/update with an admin key")
        q = _one(params.get("query", []), "query")
        return ("query", q, params) if q is not None else ("none", None, params)
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    body = await read_body(request, limit, "send a shorter query, or ask the operator for a larger limit")
    if not media:
        raise UnsupportedMediaType(
            "missing Content-Type: use application/sparql-query, "
            "application/sparql-update or application/x-www-form-urlencoded"
        )
    if media == FORM:
        text = _utf8(body, content_type)
        problem = utf8_problem("form body", body)  # parse_qs would put U+FFFD for each bad byte
        if problem is not None:
            raise InvalidQueryParameter(problem)
        form = parse_qs(text, keep_blank_values=True)
        for k, v in form.items():
            if k not in ("query", "update"):
                params.setdefault(k, []).extend(v)
        if "query" in form and "update" in form:
            raise QuerySyntaxError("send either 'query' or 'update', not both")
        if "update" in form:
            return "update", _one(form["update"], "update"), params
        if "query" in form:
            return "query", _one(form["query"], "query"), params
        raise QuerySyntaxError("the form has no 'query' (or 'update') field")
    if media == QUERY_TYPE:
        return "query", _utf8(body, content_type), params
    if media == UPDATE_TYPE:
        return "update", _utf8(body, content_type), params
    raise UnsupportedMediaType(f"Content-Type {media} is not accepted; use {QUERY_TYPE}, {UPDATE_TYPE} or {FORM}")


def base_url(request: Request) -> str:
    return str(request.url).split("?", 1)[0]


def graph_parameters(*named: tuple[str, str]) -> list[dict[str, Any]]:
    """Repeatable query parameters whose values are graph IRIs (the protocol's dataset parameters)."""
    schema = {"type": "array", "items": {"type": "string", "format": "iri"}}
    return [
        {
            "name": n,
            "in": "query",
            "required": False,
            "schema": schema,
            "style": "form",
            "explode": True,
            "description": d,
        }
        for n, d in named
    ]


DATASET_PARAMETERS = graph_parameters(
    ("default-graph-uri", "A graph of the default graph of the query (repeatable; absolute IRI)."),
    ("named-graph-uri", "A named graph the query may address with GRAPH (repeatable; absolute IRI)."),
)
FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "A result format by name (json, xml, csv, tsv, turtle, jsonld, …) instead of Accept.",
}
QUERY_PARAMETER = {
    "name": "query",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "The SPARQL query. Without it: the service description (the query workbench for browsers).",
}
QUERY_ANSWERS = merged(
    ok(
        "The query results (SELECT, ASK) or graph (CONSTRUCT, DESCRIBE) in the negotiated format; without a "
        "query, the service description, or the workbench page for browsers.",
        *dict.fromkeys((*RESULT_TYPES, *GRAPH_TYPES, HTML_MEDIA_TYPE)),
    ),
    errors(403, 406, 413, 415, 429),
)


def _form(fields: dict[str, str]) -> dict[str, Any]:
    return {
        "schema": {
            "type": "object",
            "properties": {name: {"type": "string", "description": d} for name, d in fields.items()},
        }
    }


def _body(media_type: str, fields: dict[str, str]) -> dict[str, Any]:
    """The protocol's two ways to send an operation: the text as the body, or a form."""
    content = {media_type: {"schema": {"type": "string"}}, FORM: _form(fields)}
    return {"requestBody": {"required": True, "content": content}}


QUERY_BODY = _body(QUERY_TYPE, {"query": "The SPARQL query.", "default-graph-uri": "As the URL parameter."})
UPDATE_BODY = _body(UPDATE_TYPE, {"update": "The SPARQL update.", "using-graph-uri": "As the URL parameter."})


@router.get(
    "/sparql",
    response_class=Response,
    dependencies=[AddressLimited],
    responses=QUERY_ANSWERS,
    openapi_extra={"parameters": [QUERY_PARAMETER, *DATASET_PARAMETERS, FORMAT_PARAMETER]},
)
@router.post(
    "/sparql",
    response_class=Response,
    dependencies=[AddressLimited],
    responses=QUERY_ANSWERS,
    openapi_extra={"parameters": [*DATASET_PARAMETERS, FORMAT_PARAMETER], **QUERY_BODY},
)
@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False, dependencies=[AddressLimited])
async def sparql(
    request: Request, settings: SettingsDep, queries: QueriesDep, executor: ExecutorDep, iris: IrisDep
) -> Response:
    """SPARQL 1.1 query endpoint. GET without a query returns the service description (the
    query workbench for browsers)."""
    kind, text, params = await operation(request, settings.max_body_bytes)
    if kind == "update":
        raise QueryRefused("this endpoint is read-only: POST updates to /sparql/update with an admin key")
    accept = request.headers.get("accept")
    fmt = _one(params.get("format", []), "format")
    if kind == "none":
        if not fmt and negotiate(accept, [*GRAPH_TYPES, HTML_MEDIA_TYPE]) == HTML_MEDIA_TYPE:
            return workbench_page(request, queries, iris)
        media = choose("construct", accept, fmt)[0]
        return Response(
            service_description(base_url(request), settings, media), media_type=media, headers={"Vary": "Accept"}
        )
    assert text is not None
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    media_types = choose(query_form(text), accept, fmt)
    dataset = Dataset(tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
    for graph in (*dataset.default_graphs, *dataset.named_graphs):
        if not is_absolute_iri(graph):
            raise QuerySyntaxError(f"default-graph-uri / named-graph-uri must be absolute IRIs; got {graph!r}")
    result = await run_in_threadpool(executor.execute, text, media_types, dataset, base_url(request))
    headers = {"Vary": "Accept"}
    if is_volatile(text):  # NOW(), RAND(), SERVICE: the next answer may differ, so none is reused
        headers["Cache-Control"] = NO_STORE
    if result.body is not None:  # read whole before answering: one send, no thread per chunk
        return Response(result.body, media_type=result.media_type, headers=headers)
    return StreamingResponse(result.chunks, media_type=result.media_type, headers=headers)


@router.post(
    "/sparql/update",
    status_code=204,
    response_class=Response,
    dependencies=[Audited, AddressLimited],
    responses=merged({204: {"description": "The update was applied."}}, errors(401, 403, 413, 415, 429)),
    openapi_extra={
        "parameters": graph_parameters(
            ("using-graph-uri", "A graph of the update's default graph (repeatable; absolute IRI)."),
            ("using-named-graph-uri", "A named graph of the update (repeatable; absolute IRI)."),
        ),
        **UPDATE_BODY,
    },
)
async def sparql_update(
    request: Request,
    admin: AdminDep,
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
    attempt: AttemptDep,
) -> Response:
    """SPARQL 1.1 Update (an admin key: NZC_ADMIN_KEY or an admin key of the keys file).
    Supports using-graph-uri and using-named-graph-uri."""
    kind, text, params = await operation(request, settings.max_body_bytes)
    if kind != "update" or text is None:
        raise QuerySyntaxError("send an update: application/sparql-update body or form field 'update'")
    attempt.target = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()  # the text is not logged
    update = with_using(text, params.get("using-graph-uri", []), params.get("using-named-graph-uri", []))
    check_services(update, settings.service_allowlist, update=True)
    await run_in_threadpool(store.update, update, base_url(request))
    await run_in_threadpool(services.store_changed)
    return Response(status_code=204)
