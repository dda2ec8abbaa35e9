"""`nzc-graph load --to URL`: the built graphs into an existing triple store; `nzc-graph status`:
what a store holds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from nzc_graph.cli.common import App, DebugOpt, StoreOpt, out, settings_for
from nzc_graph.errors import InvalidQueryParameter

if TYPE_CHECKING:
    from nzc_graph.store.loading import Target


def _endpoints(to: str | None, graph_store: str | None, update: str | None, query: str | None) -> Target:
    from nzc_graph.store.loading import Target

    if to is None and not (graph_store and update and query):
        raise InvalidQueryParameter(
            "name the store: --to http://host:7878 (an Oxigraph server), or all of --graph-store-url, "
            "--update-url and --query-url"
        )
    base = Target.oxigraph(to) if to else Target("", "", "")
    return Target(graph_store or base.graph_store, update or base.update, query or base.query)


def load(
    to: Annotated[
        str | None, typer.Option("--to", help="Base URL of an Oxigraph server (/store, /update, /query).")
    ] = None,
    graph_store_url: Annotated[str | None, typer.Option(help="SPARQL 1.1 Graph Store Protocol endpoint.")] = None,
    update_url: Annotated[str | None, typer.Option(help="SPARQL 1.1 Update endpoint.")] = None,
    query_url: Annotated[str | None, typer.Option(help="SPARQL 1.1 query endpoint.")] = None,
    chunk: Annotated[int, typer.Option(help="Triples per request.", min=1)] = 50_000,
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Push the built graphs (ontology, data, inferred, accepted submissions) into a triple store:
    staged under new graphs, then switched in one update, so readers never see a mix. Loading the
    same store twice sends nothing the second time; a load that stopped resumes. A store that asks
    for credentials gets NZC_STORE_USER and NZC_STORE_PASSWORD (NZC_STORE_AUTH=digest for Virtuoso).

    Example: nzc-graph load --to http://localhost:7878
    """
    from nzc_graph.store.loading import http_auth, load_store, read_graphs

    target = _endpoints(to, graph_store_url, update_url, query_url)
    settings = settings_for(store)
    auth = http_auth(settings.store_user, settings.store_password, settings.store_auth)
    plans = read_graphs(settings.store_path)
    columns = (TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("triples"), TimeRemainingColumn())
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task("load", total=sum(p.triples for p in plans))
        advance = lambda n: bar.advance(task, n)  # noqa: E731
        report = load_store(Path(), target, chunk_triples=chunk, plans=plans, progress=advance, auth=auth)
    t = Table(title=f"Loaded {sum(report.graphs.values())} triples into {target.graph_store} in {report.seconds}s")
    t.add_column("graph")
    t.add_column("triples", justify="right")
    t.add_column("this run")
    for graph, n in report.graphs.items():
        what = "kept (unchanged)" if graph in report.kept else "resumed" if graph in report.resumed else "sent"
        t.add_row(graph, str(n), what)
    for graph in report.dropped:
        t.add_row(graph, "0", "dropped (no longer built)")
    out.print(t)
    out.print(f"{report.requests} requests, {report.retries} retried")


def status(
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="SPARQL query endpoint of a store (else the embedded store).")
    ] = None,
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What a store holds: each graph with its triple count, the data version and the last load.

    Example: nzc-graph status --endpoint http://localhost:7878/query
    """
    if endpoint:
        from nzc_graph.store.loading import http_auth, remote_status

        settings = settings_for(store)
        found = remote_status(
            endpoint, auth=http_auth(settings.store_user, settings.store_password, settings.store_auth)
        )
        graphs, version, last = found.graphs, found.version, found.last_load
        where = endpoint
    else:
        from nzc_graph.store.backup import stored_counts

        folder = settings_for(store).store_path
        graphs = stored_counts(folder)  # counts only: no triple is read
        version = None
        built = max((f.stat().st_mtime for f in folder.iterdir()), default=None)
        last = datetime.fromtimestamp(built, UTC).isoformat(timespec="seconds") if built else None
        where = f"embedded store {folder.name}"
    t = Table(title=f"{where}: {len(graphs)} graphs, {sum(graphs.values())} triples")
    t.add_column("graph")
    t.add_column("triples", justify="right")
    for graph, n in graphs.items():
        t.add_row(graph, str(n))
    out.print(t)
    out.print(f"data version: {version or 'not recorded'}")
    out.print(f"last {'load' if endpoint else 'write'}: {last or 'never'}")


def register(app: App) -> None:
    app.command("load")(load)
    app.command("status")(status)
