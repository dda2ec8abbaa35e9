"""`nzc-graph dump` and `nzc-graph restore`: the whole store as one N-Quads file, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nzc_graph.cli.common import App, DebugOpt, StoreOpt, out, settings_for
from nzc_graph.store.backup import BackupSummary


def _table(title: str, summary: BackupSummary) -> Table:
    t = Table(title=title)
    t.add_column("graph")
    t.add_column("triples", justify="right")
    for graph, n in summary.graphs.items():
        t.add_row(graph, str(n))
    t.add_row("all graphs", str(summary.quads))
    return t


def dump(
    output: Annotated[Path, typer.Argument(help="File to write: .nq, or .nq.gz for gzip.")],
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Back up the whole store (every named graph: ontology, data, inferred, submissions with their
    provenance) as N-Quads. Works beside a running server.

    Example: nzc-graph dump backup.nq.gz
    """
    from nzc_graph.store.backup import dump_store

    summary = dump_store(settings_for(store).store_path, output)
    out.print(_table(f"Dumped {summary.quads} quads to {output.name}", summary))


def restore(
    dump_file: Annotated[Path, typer.Argument(help="A dump written by 'nzc-graph dump' (.nq or .nq.gz).")],
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Replace the store with a dump, all or nothing (the previous store is kept beside it as
    <folder>.before-restore). Stop the server first.

    Example: nzc-graph restore backup.nq.gz
    """
    from nzc_graph.store.backup import restore_store

    folder = settings_for(store).store_path
    summary = restore_store(dump_file, folder)
    out.print(_table(f"Restored {summary.quads} quads into {folder.name}", summary))


def register(app: App) -> None:
    app.command()(dump)
    app.command()(restore)
