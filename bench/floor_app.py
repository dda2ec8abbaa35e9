"""The Python floor of the HTTP benchmark: a bare ASGI app (no framework, no middleware) that
answers `GET /bytes/<n>?type=<media type>` with `n` fixed bytes, run by uvicorn with the options
`nzc-graph serve` gives it (host, port, log level; uvicorn's default loop and HTTP parser, which are
uvloop and httptools when installed). What our server adds on top of this is our overhead.

    python bench/floor_app.py --port 8001 --log-level info
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
BODIES: dict[int, bytes] = {}


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    size = int(scope["path"].rsplit("/", 1)[-1] or 0)
    body = BODIES.get(size) or BODIES.setdefault(size, b"x" * size)
    media = parse_qs(scope["query_string"].decode()).get("type", ["application/octet-stream"])[0]
    headers = [(b"content-type", media.encode()), (b"content-length", str(size).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    import uvicorn

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log-level", default="info")
    args = ap.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level=args.log_level)
