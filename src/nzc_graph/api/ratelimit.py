"""Rate limits: token buckets in memory, per API key on the write endpoints and per client
address on the query and write endpoints (/sparql, /sparql/update, /ask, /solved, /faces,
/match, /pairs, /sessions/plan, /queries, POST and DELETE /submissions). /health, pages and static
files are never limited. The route dependencies that apply them are in `api/access.py`.

A bucket holds up to `limit` tokens and refills at `limit / window` tokens a second, so a client
may send `limit` requests at once and then `limit` per window. A request that finds its bucket
empty is a `RateLimited` error (429, `Retry-After` in whole seconds). Buckets live in one process
(each server process counts on its own) and are capped in number: the least recently used are
dropped first, which only ever forgives. The two limits are independent: a key's writes count
against its key wherever they come from, and every request counts against its address. A GET
answered from the response cache or with a 304 (`api/caching.py`) never reaches a route, so it
is not counted: it costs no evaluation, and any query the server has to run still is.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from nzc_graph.config import Settings
from nzc_graph.errors import RateLimited

Clock = Callable[[], float]
MAX_BUCKETS = 100_000


class TokenBuckets:
    """One token bucket per name (a key id, an address), all of one size and rate."""

    def __init__(
        self, limit: int, window: float, clock: Clock = time.monotonic, max_buckets: int = MAX_BUCKETS
    ) -> None:
        self.limit, self.window = limit, window
        self._rate = limit / window
        self._clock = clock
        self._max = max_buckets
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # name -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, name: str) -> int:
        """Take a token for `name`: 0 when there was one, else the whole seconds until there is."""
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(name, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - then) * self._rate)
            allowed = tokens >= 1.0
            self._buckets[name] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
        return 0 if allowed else max(1, math.ceil((1.0 - tokens) / self._rate))


@dataclass(frozen=True)
class RateLimits:
    """The server's two limits; a limit that is None is off."""

    per_key: TokenBuckets | None
    per_address: TokenBuckets | None

    def check_address(self, address: str) -> None:
        if self.per_address is not None:
            wait = self.per_address.take(address)
            if wait:
                raise RateLimited(
                    f"too many requests from {address}: at most {self.per_address.limit} per "
                    f"{self.per_address.window:g} s (NZC_RATE_LIMIT_PER_ADDRESS); retry in {wait} s",
                    wait,
                )

    def check_key(self, key_id: str) -> None:
        if self.per_key is not None:
            wait = self.per_key.take(key_id)
            if wait:
                raise RateLimited(
                    f"too many writes with the key {key_id}: at most {self.per_key.limit} per "
                    f"{self.per_key.window:g} s (NZC_RATE_LIMIT_PER_KEY); retry in {wait} s",
                    wait,
                )


def rate_limits_for(settings: Settings, clock: Clock = time.monotonic) -> RateLimits:
    def buckets(limit: int) -> TokenBuckets | None:
        return TokenBuckets(limit, settings.rate_limit_window, clock) if limit > 0 else None

    return RateLimits(buckets(settings.rate_limit_per_key), buckets(settings.rate_limit_per_address))
