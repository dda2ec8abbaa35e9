"""Map domain errors to HTTP responses, in one place. Internal detail goes to the log only."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nzc_graph import errors as e
from nzc_graph.api.audit import ERROR
from nzc_graph.api.sparql_formats import prefers_html

log = logging.getLogger("nzc_graph.api")

# One HTTP status per error class (the tree in nzc_graph/errors.py); a test checks every class is here.
STATUS: dict[type[e.NzcGraphError], int] = {
    e.NzcGraphError: 500,
    e.InvalidQueryParameter: 400,
    e.QuerySyntaxError: 400,
    e.QueryEvaluationError: 400,
    e.QueryRefused: 403,
    e.QueryTimeout: 503,
    e.QueryOutOfMemory: 503,
    e.QueryQueueFull: 503,
    e.ResultTooLarge: 413,
    e.QueryNotFound: 404,
    e.NotFound: 404,
    e.RdfParseError: 400,
    e.OntologyLoadError: 500,
    e.ShapeViolation: 422,
    e.InconsistentOntology: 422,
    e.NotAcceptable: 406,
    e.UnsupportedMediaType: 415,
    e.PayloadTooLarge: 413,
    e.AuthError: 401,
    e.Forbidden: 403,
    e.RateLimited: 429,
    e.StoreUnavailable: 503,
    e.StoreBusy: 503,
    e.UnsupportedOperation: 501,
    e.ConfigurationError: 500,
}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def status_for(exc: e.NzcGraphError) -> int:
    """The status of the nearest class of `exc` in STATUS (an unmapped subclass is a 500, not a 400)."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_body(exc: e.NzcGraphError) -> dict[str, object]:
    body: dict[str, object] = {"error": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, e.NotFound) and exc.suggestions:
        body["suggestions"] = exc.suggestions
    if isinstance(exc, e.RdfParseError):
        body.update({"line": exc.line, "column": exc.column})
    if isinstance(exc, e.ShapeViolation):
        body["report"] = exc.report.to_json()
    if isinstance(exc, e.RateLimited | e.QueryQueueFull):
        body["retry_after"] = exc.retry_after
    return body


def error_headers(exc: e.NzcGraphError) -> dict[str, str] | None:
    """Headers an error answer carries: a Bearer challenge for 401, Retry-After for 429 and for a
    full query queue (503)."""
    if isinstance(exc, e.AuthError):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, e.RateLimited | e.QueryQueueFull):
        return {"Retry-After": str(exc.retry_after)}
    return None


def wants_text(request: Request) -> bool:
    """?format=text, or an Accept header that prefers text/plain, asks for a plain-text report."""
    if request.query_params.get("format") == "text":
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].split(";")[0].strip() == "text/plain"


class RequestIdMiddleware:
    """Give every request an id (the client's X-Request-ID when it is a plain token, else a new one),
    kept in `request.state.request_id`, sent back in X-Request-ID and written into error logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        await self.app(scope, receive, send_with_id)


def request_id_of(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


def wants_page(request: Request) -> bool:
    """A browser navigating (it prefers HTML over JSON); programs (no Accept, */*, JSON) keep
    getting JSON — for errors and for every page that is also an API."""
    return prefers_html(request.headers.get("accept"), ["application/json"])


def error_page(
    request: Request, code: int, message: str, suggestions: list[str], headers: Mapping[str, str] | None
) -> Response:
    from nzc_graph.api.rendering import render  # the pages module sits above this one

    return render(request, "error.html", code, dict(headers or {}), code=code, message=message, suggestions=suggestions)


def install_error_handlers(app: FastAPI) -> None:
    """The one place errors become responses: domain errors by STATUS, anything else a logged 500."""
    app.add_middleware(RequestIdMiddleware)

    @app.exception_handler(e.NzcGraphError)
    async def _domain(request: Request, exc: e.NzcGraphError) -> Response:
        code = status_for(exc)
        setattr(request.state, ERROR, exc)  # the reason of a refused write, for the audit log
        if code >= 500:
            log.warning("request %s failed (%s): %s: %s", request_id_of(request), code, type(exc).__name__, exc)
        if isinstance(exc, e.ConfigurationError) or code == 500:
            return JSONResponse(
                {
                    "error": type(exc).__name__,
                    "message": "the server is misconfigured or "
                    f"broken; see the server log (request {request_id_of(request)})",
                    "request_id": request_id_of(request),
                },
                status_code=code,
            )
        if isinstance(exc, e.ShapeViolation) and wants_text(request):
            return PlainTextResponse(f"{exc}\n\n{exc.report.text()}\n", status_code=code)
        headers = error_headers(exc)
        if wants_page(request):
            suggestions = exc.suggestions if isinstance(exc, e.NotFound) else []
            return error_page(request, code, str(exc), suggestions, headers)
        return JSONResponse(error_body(exc), status_code=code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        """Parameters of the wrong type or out of range: a 422 in the shared error model, each
        problem named by where it is (`query.limit`) — FastAPI's own list kept under `detail`."""
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        message = f"the request does not match the API: {problems} (the parameters are listed at /docs)"
        if wants_page(request):
            return error_page(request, 422, message, [], None)
        body = {"error": "RequestValidationError", "message": message, "detail": jsonable_encoder(exc.errors())}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        """Unknown paths and methods: a page for people, the shared error model for programs."""
        message = f"there is no page at {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        if wants_page(request) and exc.status_code in (404, 405):
            return error_page(request, exc.status_code, message, [], exc.headers)
        body = {"error": HTTPStatus(exc.status_code).phrase.replace(" ", ""), "message": message}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        # Outside the middleware stack: the id goes into the body and the header here.
        request_id = request_id_of(request)
        log.error("request %s: internal error %s %s", request_id, request.method, request.url.path, exc_info=exc)
        return JSONResponse(
            {
                "error": "InternalError",
                "message": f"internal error; see the server log (request {request_id})",
                "request_id": request_id,
            },
            status_code=500,
            headers={"X-Request-ID": request_id},
        )
