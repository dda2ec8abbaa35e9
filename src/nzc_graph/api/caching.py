"""HTTP caching of what is derived from the data: validators, conditional GETs, and a bounded cache
of whole responses.

A response of a data route (`DATA_PATHS`: /sparql, named queries, linked-data documents, the
ontology, the dataset description, dumps, GeoJSON) is a function of its URL, its `Accept` header and the
data version. So its validator needs no body: the `ETag` is a hash of those, `Last-Modified` comes
from the time of the last write, and a request whose `If-None-Match` (or, without one,
`If-Modified-Since`) still holds is answered `304` before any route runs. A 200 of such a route is
kept in `ResponseCache` (LRU, capped in bytes) under the same key, and served from there until a
write changes the version; `Cache-Control: no-cache` in the request skips the stored copy. Only
GET 200s are stored — never errors, POSTs or a response whose route chose its own `Cache-Control`
(a query that calls NOW(), RAND() or SERVICE says `no-store`).
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nzc_graph.store.base import DataVersion

# Data may be reused for a few seconds, then must be revalidated (cheap: a 304 from the version).
DATA_CACHE_CONTROL = "public, max-age=10, must-revalidate"
NO_STORE = "no-store"
DATA_PATHS = ("/sparql", "/queries", "/id/", "/ontology", "/dataset.", "/dumps/", "/cities.geojson")
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Stored:
    """A whole 200 response: its headers as the route sent them and its body."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """Least recently used responses, at most `capacity` bytes of bodies; one entry at most a
    sixteenth of it (a big dump does not push out everything else). Thread-safe."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entry_limit = capacity // 16
        self.size = 0
        self._entries: OrderedDict[str, Stored] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Stored | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, stored: Stored) -> None:
        if len(stored.body) > self.entry_limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size -= len(old.body) if old else 0
            self._entries[key] = stored
            self.size += len(stored.body)
            while self.size > self.capacity:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


def last_modified(version: DataVersion, now: datetime) -> datetime | None:
    """The `Last-Modified` of data at `version`: the second after its last write, sent only once
    that second has passed, so a write later in the same second can never hide behind it."""
    after = datetime.fromtimestamp(math.floor(version.modified.timestamp()) + 1, UTC)
    return after if now >= after else None


def response_key(scope: Scope, version: DataVersion) -> str:
    """What a data route's response depends on: the data version, the URL as the client sent it
    (scheme, host, path, query string), the Accept header and the Accept-Language header."""
    headers = dict(scope.get("headers") or [])
    parts = [
        version.tag.encode(),
        str(scope.get("scheme", "http")).encode(),
        headers.get(b"host", b""),
        str(scope.get("root_path", "")).encode() + str(scope["path"]).encode(),
        scope.get("query_string", b""),
        headers.get(b"accept", b""),
        headers.get(b"accept-language", b""),  # the search routes answer in the asker's language
    ]
    return hashlib.blake2b(b"\0".join(parts), digest_size=12).hexdigest()


def still_valid(headers: dict[bytes, bytes], etag: str, modified: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match (weak comparison) decides when sent,
    else If-Modified-Since."""
    if b"if-none-match" in headers:
        tags = [t.strip().removeprefix("W/") for t in headers[b"if-none-match"].decode("latin-1").split(",")]
        return etag.removeprefix("W/") in tags  # `*` is not honoured: this layer cannot tell a 404
    since = headers.get(b"if-modified-since")
    if since is None or modified is None:
        return False
    try:
        return modified <= parsedate_to_datetime(since.decode("latin-1"))
    except (TypeError, ValueError):
        return False


def validator_headers(etag: str, modified: datetime | None) -> Headers:
    out = [(b"etag", etag.encode()), (b"cache-control", DATA_CACHE_CONTROL.encode())]
    if modified is not None:
        out.append((b"last-modified", format_datetime(modified, usegmt=True).encode()))
    return out


def with_vary_accept(headers: Headers) -> Headers:
    """The key holds the Accept header, so every data response varies on it."""
    if any(name == b"vary" for name, _ in headers):
        return headers
    return [*headers, (b"vary", b"Accept")]


class CachingMiddleware:
    """Validators, 304s and the response cache for the data routes (see the module docstring).
    `state()` gives the data version and the cache, or None when the store cannot tell its version."""

    def __init__(self, app: ASGIApp, state: Callable[[Scope], tuple[DataVersion, ResponseCache] | None]) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(DATA_PATHS)
        ):
            await self.app(scope, receive, send)
            return
        state = self.state(scope)
        if state is None:
            await self.app(scope, receive, send)
            return
        version, cache = state
        headers = dict(scope.get("headers") or [])
        key = response_key(scope, version)
        etag, modified = f'W/"{key}"', last_modified(version, datetime.now(UTC))
        validators = validator_headers(etag, modified)
        if still_valid(headers, etag, modified):
            await send({"type": "http.response.start", "status": 304, "headers": with_vary_accept(validators)})
            await send({"type": "http.response.body", "body": b""})
            return
        stored = None if b"no-cache" in headers.get(b"cache-control", b"") else cache.get(key)
        if stored is not None:
            await send({"type": "http.response.start", "status": 200, "headers": [*stored.headers, *validators]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else stored.body})
            return
        await self.app(scope, receive, self._keeping(send, scope["method"] == "GET", key, validators, cache))

    @staticmethod
    def _keeping(send: Send, keep: bool, key: str, validators: Headers, cache: ResponseCache) -> Send:
        """A `send` that adds the validators to a 200 and stores it whole in the cache."""
        started: Headers | None = None
        body: list[bytes] = []
        size = 0

        async def sending(message: Message) -> None:
            nonlocal started, size
            if message["type"] == "http.response.start":
                own = list(message.get("headers", []))
                if message["status"] == 200 and not any(name == b"cache-control" for name, _ in own):
                    started = with_vary_accept(own)
                    message["headers"] = [*started, *validators]
            elif message["type"] == "http.response.body" and started is not None and keep:
                size += len(message.get("body", b""))
                if size <= cache.entry_limit:  # past the limit nothing more is kept
                    body.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        cache.put(key, Stored(tuple(started), b"".join(body)))
            await send(message)

        return sending
