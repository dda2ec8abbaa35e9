"""Reading request bodies under the size limit."""

from __future__ import annotations

from fastapi import Request

from nzc_graph.errors import PayloadTooLarge


async def read_body(request: Request, limit: int, remedy: str) -> bytes:
    """The request body, refused as soon as it is known to pass `limit` bytes.

    A declared Content-Length over the limit is refused before anything is read; a body sent in
    chunks is refused at the first chunk that passes it. `remedy` tells the caller what to do.
    """
    declared = request.headers.get("content-length", "")
    counted = declared.isascii() and declared.isdigit()  # '²' is a digit to Python, not to int()
    size = f"{declared} bytes" if counted else "the request body"
    too_large = PayloadTooLarge(
        f"{size} is over the limit of {limit} bytes (the server's NZC_MAX_BODY_BYTES); {remedy}"
    )
    if counted and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)
