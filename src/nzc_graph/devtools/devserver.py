"""Start a real `nzc-graph serve` process on a free local port (for conformance runs and benchmarks)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from nzc_graph.errors import StoreUnavailable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreUnavailable(f"the server exited early with code {proc.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise StoreUnavailable(f"the server did not answer {url} within {timeout:g} s")


@contextmanager
def scratch_process(
    store: Path | None = None,
    build: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 180.0,
    admin_key: str | None = None,
    log: Path | None = None,
    ready: str = "/health",
) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """Yield (base URL, admin key, process) of a server on its own store, stopped on exit.

    Without `store` the server gets an empty store in a temporary folder; `build=True` builds the
    graph first if the store is empty. `log` keeps the server's output (default: discarded with
    the temporary folder). The server is ready when `ready` answers 200.
    """
    port = free_port()
    key = admin_key or secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="nzc-scratch-") as tmp:
        store_dir = store or Path(tmp) / "store"
        full_env = {**os.environ, "NZC_STORE_PATH": str(store_dir), "NZC_ADMIN_KEY": key, **(env or {})}
        args = [sys.executable, "-m", "nzc_graph.cli", "serve", "--port", str(port)]
        if not build:
            args.append("--no-build")
        with open(log or Path(tmp) / "server.log", "wb") as out:
            proc = subprocess.Popen(args, env=full_env, stdout=out, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_ready(base + ready, proc, timeout)
                yield base, key, proc
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


@contextmanager
def scratch_server(
    store: Path | None = None,
    build: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 180.0,
    admin_key: str | None = None,
    log: Path | None = None,
    ready: str = "/health",
) -> Iterator[tuple[str, str]]:
    """Yield (base URL, admin key) of a server on its own store (see scratch_process)."""
    with scratch_process(store, build, env, timeout, admin_key, log, ready) as (base, key, _proc):
        yield base, key
