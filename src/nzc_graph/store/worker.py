"""A query worker process: runs one SPARQL query at a time over a read-only snapshot.

Kept tiny (imports only pyoxigraph and the format registry) so a replacement starts fast after a
worker is killed at its time limit. Messages to the parent: ("head", kind, media_type),
("chunk", bytes)..., ("end", total_bytes) or ("error", code, message).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from nzc_graph.formats import by_media_type, by_query_kind
from nzc_graph.store.oxformats import ox_format

CHUNK = 64 * 1024


class TooLarge(Exception):
    pass


class ChunkWriter(io.RawIOBase):
    """A binary file that hands its bytes to `send` in chunks of CHUNK, so serialisation streams.

    With `limit`, writing more than `limit` bytes in all raises TooLarge.
    """

    def __init__(self, send: Callable[[bytes], None], limit: int | None = None) -> None:
        self.send, self.limit, self.total, self.buf = send, limit, 0, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.total += len(b)
        if self.limit is not None and self.total > self.limit:
            raise TooLarge()
        self.buf += b
        if len(self.buf) >= CHUNK:
            self.flush_chunk()
        return len(b)

    def flush_chunk(self) -> None:
        if self.buf:
            self.send(bytes(self.buf))
            self.buf.clear()


def open_snapshot(snapshot: tuple[str, str]) -> ox.Store:
    kind, path = snapshot
    if kind == "disk":
        return ox.Store.read_only(path)
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    return store


def pick(kind: str, offered: list[str]) -> tuple[str, Any]:
    """The first offered media type that can carry a `kind` result, with its pyoxigraph format;
    the preferred format of `kind` if none can."""
    carriers = by_query_kind(kind)
    for mt in offered:
        fmt = by_media_type(mt)
        if fmt is not None and fmt in carriers:
            return mt, ox_format(fmt)
    return carriers[0].media_type, ox_format(carriers[0])


def run_task(store: ox.Store, task: dict[str, Any], conn: Connection) -> None:
    kwargs: dict[str, Any] = {"base_iri": task.get("base_iri")}
    try:
        if task["default_graphs"] or task["named_graphs"]:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in task["default_graphs"]] or ox.DefaultGraph()
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in task["named_graphs"]]
        else:
            kwargs["use_default_graph_as_union"] = True
        result = store.query(task["query"], **kwargs)
    except SyntaxError as exc:
        conn.send(("error", "syntax", str(exc)))
        return
    except (OSError, ValueError, RuntimeError) as exc:
        conn.send(("error", "evaluation", str(exc)))
        return
    if isinstance(result, ox.QueryBoolean):
        kind = "ask"
    elif isinstance(result, ox.QuerySolutions):
        kind = "select"
    else:
        kind = task.get("graph_kind", "construct")
    media_type, fmt = pick(kind, task["media_types"])
    conn.send(("head", kind, media_type))
    writer = ChunkWriter(lambda chunk: conn.send(("chunk", chunk)), task["max_bytes"])
    try:
        result.serialize(writer, fmt)  # type: ignore[union-attr]
        writer.flush_chunk()
    except TooLarge:
        conn.send(("error", "too-large", f"the result is larger than {task['max_bytes']} bytes"))
        return
    except (OSError, ValueError, RuntimeError) as exc:
        conn.send(("error", "evaluation", str(exc)))
        return
    conn.send(("end", writer.total))


def worker_main(conn: Connection) -> None:
    store: ox.Store | None = None
    current: tuple[str, str] | None = None
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        snapshot = tuple(task["snapshot"])
        if snapshot != current:
            try:
                store = open_snapshot(snapshot)  # type: ignore[arg-type]
            except OSError as exc:
                conn.send(("error", "store", f"cannot open the store snapshot: {exc}"))
                continue
            current = snapshot  # type: ignore[assignment]
        try:
            run_task(store, task, conn)  # type: ignore[arg-type]
        except Exception as exc:  # keep the worker alive; the parent raises it as an internal error (500)
            conn.send(("error", "internal", f"{type(exc).__name__}: {exc}"))
