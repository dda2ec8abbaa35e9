"""Backup and restore of a whole embedded store: every named graph (the ontology, the curated data,
the inferred triples, each accepted submission with its provenance) as one N-Quads file.

`restore` never leaves a half-restored store: it loads the dump into a new store folder beside the
live one, checks it, and only then swaps the folders (the previous store is kept as
`<folder>.before-restore`). A dump that does not parse changes nothing and names its line.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from nzc_graph.errors import RdfParseError, StoreBusy, StoreUnavailable


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    graphs: dict[str, int]  # graph IRI → triples

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


def _open_out(path: Path) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "wb")) if path.suffix == ".gz" else path.open("wb")


def _counts(store: ox.Store) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    rows = store.query(query)
    assert isinstance(rows, ox.QuerySolutions)
    return {str(r["g"].value): int(r["n"].value) for r in rows}


def _read_only(folder: Path) -> ox.Store:
    if not (folder / "CURRENT").is_file():
        raise StoreUnavailable(f"there is no store at {folder}; pass --store or set NZC_STORE_PATH")
    return ox.Store.read_only(str(folder))


def stored_counts(folder: Path) -> dict[str, int]:
    """graph IRI → triples of the store in `folder`, read beside a running server."""
    return _counts(_read_only(folder))


def dump_store(folder: Path, out: Path) -> BackupSummary:
    """Write every named graph of the store in `folder` to `out` (N-Quads; gzip if it ends in .gz).
    Works beside a running server (the store is opened read-only)."""
    store = _read_only(folder)
    tmp = out.with_name(out.name + ".partial")
    with _open_out(tmp) as f:
        store.dump(f, format=ox.RdfFormat.N_QUADS)
    tmp.replace(out)
    return BackupSummary(out, _counts(store))


def _read(dump: Path) -> bytes:
    raw = dump.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def restore_store(dump: Path, folder: Path) -> BackupSummary:
    """Replace the store in `folder` with the content of `dump`, all or nothing."""
    if not dump.is_file():
        raise StoreUnavailable(f"no dump at {dump}")
    if (folder / "CURRENT").is_file():
        try:
            probe = ox.Store(str(folder))  # fails if a server holds the store
            del probe
        except OSError as exc:
            raise StoreBusy(f"the store at {folder} is in use (is 'nzc-graph serve' running?); stop it first") from exc
    data = _read(dump)
    fresh = folder.with_name(folder.name + ".restoring")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        store = ox.Store(str(fresh))
        try:
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise RdfParseError(
                f"{dump.name}: not a valid N-Quads dump at line {exc.lineno}: {str(exc.msg).split(': ', 1)[-1]}; "
                "the store was not changed",
                source=dump.name,
                line=exc.lineno,
            ) from exc
        counts = _counts(store)
        if not counts:
            raise RdfParseError(f"{dump.name}: the dump holds no named graphs; the store was not changed")
        del store  # closes it: the folder is complete on disk
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    previous = folder.with_name(folder.name + ".before-restore")
    if folder.exists():
        shutil.rmtree(previous, ignore_errors=True)
        folder.replace(previous)
    fresh.replace(folder)
    return BackupSummary(folder, counts)
