"""Command-line interface: a few lines around one domain call per command.

Exit codes: 0 success, 1 data does not conform / check found violations, 2 bad usage, input or
configuration, 3 unexpected internal error. Commands do not catch errors: `cli.common.App` maps
each error class through `EXIT_CODES` once (the tree is in `nzc_graph/errors.py`).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nzc_graph.cli.backup import register as register_backup_commands
from nzc_graph.cli.common import App, DebugOpt, StoreOpt, err, out, settings_for
from nzc_graph.cli.enrich import register as register_enrich_commands
from nzc_graph.cli.keys import register as register_key_commands
from nzc_graph.cli.loading import register as register_load_commands
from nzc_graph.cli.reconciliation import print_reconciliation
from nzc_graph.cli.search import register as register_search_commands
from nzc_graph.errors import InvalidQueryParameter, RdfParseError, StoreUnavailable

app = App(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="nzc-graph: a knowledge graph of climate-neutral cities, their practices and challenges.",
)


@app.command()
def build(
    store: StoreOpt = None,
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Skip HermiT (rules still run).")] = False,
    debug: DebugOpt = False,
) -> None:
    """Build the store: load ontology/ and data/ttl/, validate with shapes/, reason, write, summarise.

    Example: nzc-graph build --store ./var/store
    """
    from nzc_graph.graph.build import build as run_build
    from nzc_graph.store import open_store

    settings = settings_for(store)
    st = open_store(settings)
    try:
        with out.status("Building…") as status:
            summary = run_build(settings, st, with_reasoner=not no_reason, progress=lambda msg: status.update(msg))
    finally:
        st.close()
    t = Table(
        title=f"Built {summary.triples} triples in {summary.seconds}s"
        + ("" if summary.reasoned else " (reasoner skipped)")
    )
    t.add_column("what")
    t.add_column("count", justify="right")
    for g, n in summary.graphs.items():
        t.add_row(f"graph {g.rsplit('/', 1)[-1]}", str(n))
    for role, n in summary.cities_by_role.items():
        t.add_row(f"cities: {role}", str(n))
    for status_label, n in summary.practices_by_status.items():
        t.add_row(f"practices: {status_label}", str(n))
    for kind, n in summary.counts.items():
        t.add_row(kind, str(n))
    out.print(t)
    print_reconciliation(out, summary.reconciliation)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="RDF files (.ttl .trig .nt .jsonld) or CSV practice sheets.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    debug: DebugOpt = False,
) -> None:
    """Validate files against the SHACL shapes, with the curated data as context.

    Exit 0 if they conform, 1 on violations, 2 if a file cannot be read.
    Example: nzc-graph validate my-practice.ttl --format json
    """
    from nzc_graph.submissions.service import validate_files

    settings = settings_for(None)
    try:
        report = validate_files(settings, files)
    except RdfParseError as exc:
        if fmt == "json":
            print(json.dumps({"error": str(exc), "file": exc.source, "line": exc.line, "column": exc.column}))
        else:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    if fmt == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        out.print(report.text(), markup=False, soft_wrap=True)
    raise typer.Exit(0 if report.conforms else 1)


register_key_commands(app)


@app.command()
def reason(store: StoreOpt = None, debug: DebugOpt = False) -> None:
    """Check that ontology + data are consistent with HermiT (needs Java) and count the inferences.

    Example: nzc-graph reason
    """
    from nzc_graph.graph.build import load_sources
    from nzc_graph.graph.build import reason as run_reason

    settings = settings_for(store)
    sources = load_sources(settings)
    inferred = run_reason(settings, sources.ontology, sources.data)
    out.print(f"consistent: yes; {len(inferred)} inferred triples worth keeping")


def _parse_params(params: list[str]) -> dict[str, str]:
    result = {}
    for p in params:
        if "=" not in p:
            raise InvalidQueryParameter(f"--param takes name=value, got {p!r}")
        k, v = p.split("=", 1)
        result[k.strip()] = v
    return result


def _print_rows(rows: Sequence[Mapping[str, object]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([{k: str(v) for k, v in r.items()} for r in rows], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([str(r.get(c, "")) for c in columns])
        sys.stdout.write(buf.getvalue())
    else:
        t = Table(show_lines=False)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*[str(r.get(c, "")) for c in columns])
        out.print(t)
        out.print(f"{len(rows)} row(s)")


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="A .rq file to run.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A named query from queries/.")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="name=value, bound as an RDF term.")] = [],  # noqa: B006 - Typer reads the default, never mutates it
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run a SPARQL query file or a named query against the store.

    Example: nzc-graph query --name who-solved --param challenge=https://w3id.org/nzc/id/challenge/lack-of-financial-expertise
    """
    from nzc_graph.queries import QueryLibrary, parse_query_file
    from nzc_graph.store import open_store

    settings = settings_for(store)
    library = QueryLibrary(settings.queries_dir)
    if list_queries:
        _print_rows(
            [{"name": q.name, "title": q.title, "params": ", ".join(p.name for p in q.params)} for q in library.all()],
            ["name", "title", "params"],
            fmt,
        )
        return
    if (file is None) == (name is None):
        err.print("error: give either a .rq FILE or --name NAME (see --list)")
        raise typer.Exit(2)
    if file is not None:
        if not file.is_file():
            raise InvalidQueryParameter(f"no such query file: {file}")
        nq = parse_query_file(file)
        bindings = {}
        raw = _parse_params(param)
        if raw:
            from nzc_graph.queries import to_term

            declared = {p.name: p for p in nq.params}
            for k, v in raw.items():
                if k not in declared:
                    raise InvalidQueryParameter(f"{file.name} declares no parameter {k!r}")
                bindings[k] = to_term(declared[k], v)
    else:
        nq = library.get(name or "")
        bindings = library.bind(nq.name, _parse_params(param))
    st = open_store(settings, read_only=True)  # read-only: works beside a running server
    if st.count() == 0:
        raise StoreUnavailable("the store is empty; run 'nzc-graph build' first")
    if nq.kind == "ask":
        print(json.dumps({"boolean": st.ask(nq.text, bindings)}))
        return
    if nq.kind in ("construct", "describe"):
        sys.stdout.write(st.construct(nq.text, bindings).serialize(format="turtle"))
        return
    rows = st.select(nq.text, bindings)
    columns = list(nq.columns) or sorted({k for r in rows for k in r})
    columns = [c for c in columns if any(c in r for r in rows)] or columns
    _print_rows(rows, columns, fmt)


def _url_host(host: str) -> str:
    """A host as it goes into a URL: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the store before serving.")] = False,
    no_build: Annotated[bool, typer.Option("--no-build", help="Serve the store as it is, even if empty.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Serve the HTTP API (SPARQL endpoint, search, linked data) on the embedded store.

    Builds the store first if it is empty. Example: nzc-graph serve --port 8000
    """
    import uvicorn

    from nzc_graph.api.app import create_app
    from nzc_graph.graph.build import build as run_build
    from nzc_graph.store import open_store

    settings = settings_for(store)
    if "public_base_url" not in settings.model_fields_set:  # not given: the address served on
        settings = settings_for(store, public_base_url=f"http://{_url_host(host)}:{port}")
    st = open_store(settings)
    try:
        if rebuild or (not no_build and st.count() == 0):  # --no-build: the store may be down yet
            from nzc_graph.graph.reasoning import java_available

            if not java_available():
                err.print("note: Java not found, building without the HermiT reasoner (rules only)")
            with out.status("Building the store…") as status:
                run_build(settings, st, with_reasoner=java_available(), progress=lambda m: status.update(m))
    finally:
        st.close()
    err.print(f"serving on http://{_url_host(host)}:{port}  (SPARQL endpoint: /sparql)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower())


@app.command()
def conformance(
    url: Annotated[str | None, typer.Option(help="Server root to test; default: start a scratch server.")] = None,
    key: Annotated[str | None, typer.Option(help="Admin key for the update endpoint of --url.")] = None,
    manifest: Annotated[Path | None, typer.Option(help="The suite's manifest.ttl.")] = None,
    debug: DebugOpt = False,
) -> None:
    """Run the W3C SPARQL 1.1 Protocol test suite against a real server and print a pass/fail table.

    All tests run against the update endpoint (with the admin key); the update tests run once more
    against the public endpoint, where they must be refused. Without --url a scratch server with an
    empty store is started (the suite drops all data). Example: nzc-graph conformance
    """
    from nzc_graph.devtools.conformance import Runner, load_manifest
    from nzc_graph.devtools.devserver import scratch_server

    settings = settings_for(None)
    path = manifest or settings.root.parent / "shared" / "conformance" / "sparql11-protocol" / "manifest.ttl"
    if not path.is_file():
        err.print(f"error: no manifest at {path}; pass --manifest")
        raise typer.Exit(2)
    tests = load_manifest(path)
    if url:
        outcomes = Runner(url, key).run(tests) + Runner(url, None).run([t for t in tests if t.is_update])
    else:
        with scratch_server() as (base, admin_key):
            outcomes = Runner(base, admin_key).run(tests) + Runner(base, None).run([t for t in tests if t.is_update])
    t = Table(title="W3C SPARQL 1.1 Protocol tests")
    for col in ("test", "endpoint", "result", "detail"):
        t.add_column(col, overflow="fold")
    for o in outcomes:
        t.add_row(o.test, o.mode, "pass" if o.passed else "FAIL", o.detail)
    out.print(t)
    failed = sum(not o.passed for o in outcomes)
    print(f"conformance: {len(outcomes) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)


register_search_commands(app)
register_backup_commands(app)
register_load_commands(app)
register_enrich_commands(app)


def main() -> None:
    app()
