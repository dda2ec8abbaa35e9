"""Map domain errors to HTTP responses, in one place. Internal detail goes to the log only."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from nzc_graph.errors import (
    AuthError,
    ConfigurationError,
    Forbidden,
    InvalidQueryParameter,
    NotFound,
    NzcGraphError,
    PayloadTooLarge,
    QueryNotFound,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    RdfParseError,
    ResultTooLarge,
    ShapeViolation,
    StoreUnavailable,
    UnsupportedOperation,
)

log = logging.getLogger("nzc_graph.api")

STATUS: list[tuple[type[NzcGraphError], int]] = [
    (QueryNotFound, 404), (NotFound, 404), (InvalidQueryParameter, 400), (QuerySyntaxError, 400),
    (RdfParseError, 400), (QueryRefused, 403), (AuthError, 401), (Forbidden, 403),
    (PayloadTooLarge, 413), (ShapeViolation, 422), (QueryTimeout, 503), (ResultTooLarge, 413),
    (StoreUnavailable, 503), (UnsupportedOperation, 501), (ConfigurationError, 500),
]


def status_for(exc: NzcGraphError) -> int:
    for cls, code in STATUS:
        if isinstance(exc, cls):
            return code
    return 400


def error_body(exc: NzcGraphError) -> dict[str, object]:
    body: dict[str, object] = {"error": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, NotFound) and exc.suggestions:
        body["suggestions"] = exc.suggestions
    if isinstance(exc, RdfParseError):
        body.update({"line": exc.line, "column": exc.column})
    if isinstance(exc, ShapeViolation):
        body["report"] = exc.report.to_json()
    return body


def wants_text(request: Request) -> bool:
    """?format=text, or an Accept header that prefers text/plain, asks for a plain-text report."""
    if request.query_params.get("format") == "text":
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].split(";")[0].strip() == "text/plain"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NzcGraphError)
    async def _domain(request: Request, exc: NzcGraphError) -> Response:
        code = status_for(exc)
        if code >= 500:
            log.warning("request failed: %s", exc)
        if isinstance(exc, ConfigurationError):
            return JSONResponse({"error": "ConfigurationError", "message": "the server is misconfigured; "
                                 "see the server log"}, status_code=code)
        if isinstance(exc, ShapeViolation) and wants_text(request):
            return PlainTextResponse(f"{exc}\n\n{exc.report.text()}\n", status_code=code)
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthError) else None
        return JSONResponse(error_body(exc), status_code=code, headers=headers)

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return JSONResponse({"error": "InternalError", "message": "internal error; see the server log"},
                            status_code=500)
