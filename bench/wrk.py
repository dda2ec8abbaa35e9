"""Shared by the HTTP benchmarks: drive a URL with wrk, the native load generator (a Python client
saturates before the servers do and hides the difference), and read its report."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_ms(value: str) -> float:
    """A wrk latency such as `812.00us`, `3.41ms` or `1.02s`, in milliseconds."""
    number = value.rstrip("usm")
    return float(number) * WRK_UNITS[value[len(number) :]]


def report(out: str) -> dict[str, float]:
    """wrk's `--latency` report: requests, req/s, p50/p99/max (ms), non-2xx/3xx answers and the
    socket errors by kind (connect, read, write, timeout)."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    connect, read, write, timeout = (int(x) for x in socket.groups()) if socket else (0, 0, 0, 0)
    return {
        "requests": int(total.group(1)) if total else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": wrk_ms(percentiles["50"]),
        "p99": wrk_ms(percentiles["99"]),
        "max": wrk_ms(latency.group(1)) if latency else float("nan"),
        "errors": int(status.group(1)) if status else 0,
        "connect": connect,
        "read": read,
        "write": write,
        "timeout": timeout,
    }


def load(
    url: str,
    clients: int,
    seconds: float,
    accept: str,
    headers: Sequence[str] = (),
    script: Path | None = None,
    timeout: float | None = None,
) -> dict[str, float]:
    """Drive GET `url` with wrk (a native load generator, so the client never saturates first);
    `headers` are more request headers, each `Name: value`; `script` a wrk Lua script that makes
    the requests (its own headers win); `timeout` the seconds after which a request is an error."""
    extra = [arg for header in headers for arg in ("-H", header)]
    extra += ["-s", str(script)] if script else []
    extra += [f"--timeout={timeout:g}s"] if timeout else []
    out = subprocess.run(
        ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds:g}s", "--latency", "-H", f"Accept: {accept}"]
        + extra
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return report(out)
