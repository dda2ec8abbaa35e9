"""A query worker process: runs one SPARQL query at a time on an in-memory copy of the store.

Kept tiny (imports only pyoxigraph and the format registry) so a replacement starts fast after a
worker is killed at its time limit. Messages to the parent: ("head", kind, media_type),
("chunk", bytes)..., ("end", total_bytes); an answer of one chunk as ("whole", kind, media_type,
bytes) (one pipe message instead of three); or ("error", code, message). Before answering from a
new snapshot it sends ("loaded",) once it has loaded it. At start it confines itself (memory cap,
no network: store/confine.py); a MemoryError is reported as ("error", "memory", message) and the
worker then exits, so the parent starts a fresh one instead of reusing a fragmented heap.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import IO, Any, cast

import pyoxigraph as ox

from nzc_graph.formats import by_media_type, by_query_kind
from nzc_graph.store.confine import Confinement, confine
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


def copy_quads(source: bytes | None = None, path: str | None = None) -> ox.Store:
    """A store in memory holding the N-Quads of `source` (or of the file at `path`), blank nodes
    keeping their labels (Store.load would rename them, so answers would differ between copies)."""
    store = ox.Store()
    store.extend(ox.parse(source, ox.RdfFormat.N_QUADS, path=path, rename_blank_nodes=False))
    return store


def open_snapshot(path: str) -> ox.Store:
    """The snapshot loaded into memory (queries there are several times faster than on disk)."""
    return copy_quads(path=path)


def pick(kind: str, offered: list[str]) -> tuple[str, Any]:
    """The first offered media type that can carry a `kind` result, with its pyoxigraph format;
    the preferred format of `kind` if none can."""
    carriers = by_query_kind(kind)
    for mt in offered:
        fmt = by_media_type(mt)
        if fmt is not None and fmt in carriers:
            return mt, ox_format(fmt)
    return carriers[0].media_type, ox_format(carriers[0])


def dataset_options(default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> dict[str, Any]:
    """pyoxigraph query options for a protocol dataset (default-graph-uri, named-graph-uri).

    Without one, the default graph is the union of all named graphs, as the store interface says.
    """
    if not default_graphs and not named_graphs:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph(),
        "named_graphs": [ox.NamedNode(g) for g in named_graphs],
    }


def result_kind(result: object, form: str) -> str:
    """select, ask, construct or describe: what pyoxigraph returned, told apart by the query form."""
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    if isinstance(result, ox.QuerySolutions):
        return "select"
    return "describe" if form == "describe" else "construct"


def answer(
    store: ox.Store,
    query: str,
    form: str,
    media_types: Sequence[str],
    send: Callable[[tuple[Any, ...]], None],
    *,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    base_iri: str | None = None,
    max_bytes: int | None = None,
) -> None:
    """Evaluate a query and serialise its answer as messages to `send`:
    ("head", kind, media_type), ("chunk", bytes)... and ("end", total_bytes).

    Raises what pyoxigraph raises (SyntaxError, OSError, ValueError, RuntimeError) and TooLarge;
    the caller decides how each reaches its client. Both the worker processes and the embedded
    store's in-process queries answer through here.
    """
    result = store.query(query, base_iri=base_iri, **dataset_options(default_graphs, named_graphs))
    kind = result_kind(result, form)
    media_type, fmt = pick(kind, list(media_types))
    send(("head", kind, media_type))
    writer = ChunkWriter(lambda chunk: send(("chunk", chunk)), max_bytes)
    # pyoxigraph's stubs ask for IO[bytes]; serialize() only calls write(), which ChunkWriter has
    result.serialize(cast(IO[bytes], writer), fmt)
    writer.flush_chunk()
    send(("end", writer.total))


class Coalescing:
    """A `send` for `answer` that holds the head and the first chunk: if the end comes next, the
    answer goes as one ("whole", …) message; otherwise everything held goes on as it came."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        self.send = send
        self.held: list[tuple[Any, ...]] | None = []

    def __call__(self, message: tuple[Any, ...]) -> None:
        if self.held is None:
            self.send(message)
        elif message[0] == "end":
            head, chunks = self.held[0], self.held[1:]
            self.send(("whole", head[1], head[2], b"".join(c[1] for c in chunks)))
        else:
            self.held.append(message)
            if len(self.held) > 2:
                for held in self.held:
                    self.send(held)
                self.held = None


class OutOfMemory(Exception):
    """A MemoryError met (and reported to the parent): the worker stops after it."""


def run_task(store: ox.Store, task: dict[str, Any], conn: Connection) -> None:
    try:
        answer(
            store,
            task["query"],
            task["form"],
            task["media_types"],
            Coalescing(conn.send),
            default_graphs=task["default_graphs"],
            named_graphs=task["named_graphs"],
            base_iri=task.get("base_iri"),
            max_bytes=task["max_bytes"],
        )
    except SyntaxError as exc:
        conn.send(("error", "syntax", str(exc)))
    except TooLarge:
        conn.send(("error", "too-large", f"the result is larger than {task['max_bytes']} bytes"))
    except (OSError, ValueError, RuntimeError) as exc:
        conn.send(("error", "evaluation", str(exc)))
    except MemoryError:
        raise OutOfMemory("the query ran out of memory in its worker") from None


def worker_main(conn: Connection, confinement: Confinement | None = None) -> None:
    confine(confinement or Confinement())
    try:
        serve(conn)
    except OutOfMemory as exc:
        try:
            conn.send(("error", "memory", str(exc)))
        except (MemoryError, OSError):
            pass  # the parent sees the worker gone, which it reports the same way


def serve(conn: Connection) -> None:
    """Answer tasks from the parent until it sends None or closes the pipe."""
    store: ox.Store | None = None
    current: str | None = None
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        snapshot = str(task["snapshot"])
        if snapshot != current:
            store, current = None, None  # the old copy goes first: one copy in memory at a time
            try:
                store = open_snapshot(snapshot)
            except (OSError, SyntaxError, ValueError) as exc:
                conn.send(("error", "store", f"cannot open the store snapshot: {exc}"))
                continue
            except MemoryError:
                raise OutOfMemory("the store snapshot does not fit in the memory cap of a worker") from None
            current = snapshot
            conn.send(("loaded",))  # the query's time starts now, not before the copy was made
        try:
            if store is not None:
                run_task(store, task, conn)
        except OutOfMemory:
            raise
        except Exception as exc:  # keep the worker alive; the parent raises it as an internal error (500)
            conn.send(("error", "internal", f"{type(exc).__name__}: {exc}"))
