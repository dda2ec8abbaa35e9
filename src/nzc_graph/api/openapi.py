"""What the OpenAPI schema (/openapi.json) says each route answers.

The schema is the contract clients generate code from and the fuzz test checks every answer
against, so each route declares every status it can give and every media type it can send:

- one error model for every error answer (`ErrorBody`, the JSON of `errors.error_body`; people
  get the same error as a page, some refusals are plain text),
- `errors(...)` for a route's error statuses, on top of the ones any route can give (`COMMON`:
  400 for a request that is not UTF-8, 503 when the store is down),
- media-type helpers for routes that negotiate (RDF documents, SPARQL results, pages, CSV),
- `get_and_head`: a GET route that also answers HEAD, as two operations with their own ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from nzc_graph.formats import CSV_MEDIA_TYPE, HTML_MEDIA_TYPE, JSON_MEDIA_TYPE

Responses = dict[int | str, dict[str, Any]]
F = TypeVar("F", bound=Callable[..., Any])


class ErrorBody(BaseModel):
    """Every error answer in JSON: what failed, and how to fix it."""

    error: str = Field(description="The kind of error, e.g. QuerySyntaxError or NotFound.")
    message: str = Field(description="What failed, where, and how to fix it.")
    suggestions: list[str] | None = Field(None, description="Near matches, for a 404.")
    line: int | None = Field(None, description="Line of an unreadable RDF body.")
    column: int | None = Field(None, description="Column of an unreadable RDF body.")
    report: dict[str, Any] | None = Field(None, description="The SHACL validation report, for a 422.")
    retry_after: int | None = Field(None, description="Seconds to wait, for a 429 or a full query queue.")
    request_id: str | None = Field(None, description="The id to quote to the operator, for a 500.")
    detail: list[dict[str, Any]] | None = Field(None, description="Each invalid parameter, for a 422 of the API.")


WHY: dict[int, str] = {
    400: "The request cannot be read: a parameter, the query or the body is not valid (the message "
    "says which and how to fix it), or it is not UTF-8.",
    401: "No API key, or one the server does not know.",
    403: "Refused: the public endpoint is read-only, a SERVICE target is not allowed, or the key may not do this.",
    404: "Nothing by that name; near matches are suggested.",
    406: "None of the formats the Accept header asks for is offered.",
    413: "The body or the result is over the server's limit.",
    415: "The Content-Type is not one this route reads.",
    422: "A parameter of the wrong type or out of range, or (for data) a body that does not conform to "
    "the shapes (the SHACL report says where).",
    429: "Too many requests from this key or address; Retry-After says when to try again.",
    503: "The store is unavailable, the query ran out of time or memory, or the query queue is full.",
}
RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}


def _error(code: int) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "model": ErrorBody,  # puts the model into components; the JSON entry below refers to it
        "description": WHY[code],
        "content": {
            JSON_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ErrorBody"}},
            HTML_MEDIA_TYPE: {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
    if code == 429:
        answer["headers"] = {"Retry-After": {**RETRY_AFTER, "required": True}}
    if code == 503:
        answer["headers"] = {"Retry-After": RETRY_AFTER}
    return answer


COMMON = (400, 503)


def errors(*codes: int) -> Responses:
    """The error answers of a route: `codes` and the ones every route can give."""
    return {code: _error(code) for code in sorted({*COMMON, *codes})}


def media(*types: str) -> dict[str, Any]:
    """A `content` map of documents: text is a string, other types are not described further."""
    return {t: {"schema": {"type": "string"}} if t.startswith("text/") else {} for t in types}


def ok(description: str, *types: str, model: type[BaseModel] | None = None) -> Responses:
    """A 200 in one of `types`; with `model`, its JSON is described by the model."""
    answer: dict[str, Any] = {"description": description, "content": media(*types)}
    if model is not None:
        answer["model"] = model  # FastAPI puts its schema under application/json
    return {200: answer}


def located(status: int, description: str, where: str) -> Responses:
    """An answer that carries a Location header (`where` says what it points to)."""
    location = {"description": where, "schema": {"type": "string"}, "required": True}
    return {status: {"description": description, "headers": {"Location": location}}}


def see_other(description: str) -> Responses:
    return located(303, description, "The document to read instead.")


def merged(*parts: Responses) -> Responses:
    out: Responses = {}
    for part in parts:
        for code, answer in part.items():
            out.setdefault(code, {}).update(answer)
    return out


PAGE_OR_JSON = (JSON_MEDIA_TYPE, HTML_MEDIA_TYPE)
PAGE_JSON_OR_CSV = (JSON_MEDIA_TYPE, HTML_MEDIA_TYPE, CSV_MEDIA_TYPE)


def install(app: FastAPI) -> None:
    """Serve the app's schema with FastAPI's own 422 (`HTTPValidationError`) replaced by the
    shared error model, which is what `errors.py` answers a request validation error with."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            built = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            for ops in built.get("paths", {}).values():
                for op in ops.values():
                    if "HTTPValidationError" in str(op.get("responses", {}).get("422", "")):
                        answer = _error(422)
                        answer.pop("model")
                        op["responses"]["422"] = answer
            components = built.setdefault("components", {}).setdefault("schemas", {})
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            components.setdefault("ErrorBody", ErrorBody.model_json_schema())
            app.openapi_schema = built
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def get_and_head(router: APIRouter, path: str, **options: Any) -> Callable[[F], F]:
    """Register `fn` for GET and for HEAD as two routes, so each operation has its own id."""

    def register(fn: F) -> F:
        router.api_route(path, methods=["GET"], **options)(fn)
        router.api_route(path, methods=["HEAD"], **options)(fn)
        return fn

    return register
