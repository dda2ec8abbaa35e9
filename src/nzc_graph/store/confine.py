"""What a query worker process may use: a memory cap, and no outbound network when no SERVICE
endpoint is allowed. Applied by the worker to itself at start, before it loads any data.

pyoxigraph can neither be cancelled nor told how much memory to use, so the operating system has
to draw both lines. The memory cap is RLIMIT_AS: an allocation past it fails. Python code then
raises MemoryError; pyoxigraph's Rust code aborts the whole process (SIGABRT, "memory allocation
of N bytes failed"). The parent (store/pool.py) tells both apart from other failures and answers
with the cap in the message. Core dumps are turned off with the cap, so an aborted worker does not
write a file as large as its memory.

Cutting the network is defence in depth behind the SERVICE allow-list check on the parsed query
(store/service_check.py): if a spelling ever slips past that check, the worker still cannot reach
another host. First choice is a network namespace of its own (`unshare(CLONE_NEWNET)`: Linux, root
or CAP_SYS_ADMIN), which holds only a loopback that is down: every connect fails, from Python or
Rust alike. The pipe to the parent is an already-connected socket pair and keeps working, and
files (the snapshot) are unaffected. Where that is refused, a socket guard replaces the connecting
calls of Python's `socket` module. It covers Python code in the worker only, NOT pyoxigraph's own
HTTP client (Rust, calling the C library directly); there the allow-list check is the only line,
and the worker logs a warning saying so.
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import socket
import sys
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("nzc_graph.store.worker")
CLONE_NEWNET = 0x40000000
MIB = 1024 * 1024  # not imported from config: the worker stays free of pydantic, to start fast


@dataclass(frozen=True)
class Confinement:
    """What a worker sets up for itself: its address-space cap in bytes (0: none), and whether it
    drops outbound network (when the SERVICE allow-list is empty)."""

    memory_bytes: int = 0
    no_network: bool = False


def cap_memory(limit: int) -> None:
    """Cap this process's address space at `limit` bytes and turn core dumps off."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard  # an unprivileged process may only lower its hard limit
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def own_network_namespace() -> bool:
    """Move this process into a new, empty network namespace; False where the system refuses.
    Call it before any thread starts: a namespace is per thread, and threads inherit it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


class NetworkCut(OSError):
    """A connection attempted in a query worker that has no outbound network."""


def _refuse(*_: Any, **__: Any) -> Any:
    raise NetworkCut("outbound network is cut in query workers (the SERVICE allow-list is empty)")


def install_socket_guard() -> None:
    """Make Python's socket module refuse to open internet connections in this process (the
    already-connected pipe to the parent is untouched). Python code only: see the module docstring."""
    original_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse()
        original_connect(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]  # replacing it is the guard
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.socket.sendto = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse


def cut_network() -> str:
    """Drop outbound network as well as this system allows: "namespace" or "socket guard"."""
    if own_network_namespace():
        return "namespace"
    install_socket_guard()
    log.warning(
        "query worker %d: no network namespace (needs Linux and root or CAP_SYS_ADMIN); only a Python "
        "socket guard is in place, which does not cover pyoxigraph's SERVICE client: the SERVICE "
        "allow-list check is the only defence there",
        os.getpid(),
    )
    return "socket guard"


def confine(confinement: Confinement) -> None:
    """Apply `confinement` to this process (a query worker, at start)."""
    if confinement.memory_bytes > 0:
        cap_memory(confinement.memory_bytes)
    if confinement.no_network:
        cut_network()
