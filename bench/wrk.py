"""Shared by the HTTP benchmarks: drive a URL with wrk, the native load generator (a Python client
saturates before the servers do and hides the difference)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence

WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_ms(value: str) -> float:
    """A wrk latency such as `812.00us`, `3.41ms` or `1.02s`, in milliseconds."""
    number = value.rstrip("usm")
    return float(number) * WRK_UNITS[value[len(number) :]]


def load(url: str, clients: int, seconds: float, accept: str, headers: Sequence[str] = ()) -> dict[str, float]:
    """Drive GET `url` with wrk (a native load generator, so the client never saturates first);
    `headers` are more request headers, each `Name: value`."""
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds:g}s", "--latency", "-H", f"Accept: {accept}"]
        + extra
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": wrk_ms(percentiles["50"]),
        "p99": wrk_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }
