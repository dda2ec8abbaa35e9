"""Requests that are not text: a path or query string whose percent-decoded bytes are not UTF-8
is answered 400 before any route sees it (servers otherwise decode it with replacement characters
and answer a question nobody asked)."""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from nzc_graph.api.errors import error_body
from nzc_graph.errors import InvalidQueryParameter


def utf8_problem(part: str, raw: bytes) -> str | None:
    """Why `raw` (a percent-encoded path or query string) is not UTF-8 text, or None if it is.

    >>> utf8_problem("query string", b"q=caf%C3%A9") is None
    True
    >>> utf8_problem("query string", b"q=caf%E9")  # doctest: +ELLIPSIS
    'the query string is not valid UTF-8: byte 0xe9 at position 5 of its decoded form; ...'
    """
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError as err:
        return (
            f"the {part} is not valid UTF-8: byte 0x{decoded[err.start]:02x} at position {err.start} of its "
            "decoded form; percent-encode text as UTF-8 (é is %C3%A9)"
        )
    return None


class Utf8RequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = utf8_problem("path", scope.get("raw_path") or b"") or utf8_problem(
                "query string", scope.get("query_string") or b""
            )
            if problem is not None:
                body = json.dumps(error_body(InvalidQueryParameter(problem))).encode()
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 400, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
