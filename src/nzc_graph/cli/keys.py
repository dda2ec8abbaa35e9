"""`nzc-graph keys add | list | revoke | rotate`: API keys for the submissions API.

Only hashes are stored; a new key is printed once, on stdout (everything else goes to stderr, so
`KEY=$(nzc-graph keys add …)` captures just the key). A running server picks up every change
without a restart. Unknown or ambiguous ids exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nzc_graph.cli.common import App, DebugOpt, err, out, settings_for
from nzc_graph.errors import ConfigurationError

FileOpt = Annotated[Path | None, typer.Option("--file", help="Keys file (default: $NZC_API_KEYS_FILE).")]
IdArg = Annotated[str, typer.Argument(help="The key's id as 'nzc-graph keys list' shows it (4 or more hex digits).")]

keys_app = App(no_args_is_help=True, help="API keys for the submissions API (only their hashes are stored).")


def _keys_file(given: Path | None) -> Path:
    path = given or settings_for(None).api_keys_file
    if path is None:
        raise ConfigurationError("no keys file: give --file or set NZC_API_KEYS_FILE")
    return path


@keys_app.command("add")
def keys_add(
    city: Annotated[str | None, typer.Option("--city", help="City slug the key may write about, e.g. aachen.")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="An admin key (any city, may withdraw).")] = False,
    label: Annotated[str, typer.Option("--label", help="Who holds the key; recorded with each submission.")] = "",
    keys_file: FileOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Make a new API key, store its hash in the keys file and print the key once.

    Example: nzc-graph keys add --city aachen --label "Aachen climate office"
    """
    from nzc_graph.submissions.apikeys import ADMIN
    from nzc_graph.submissions.keyfile import add_key

    if (city is None) != admin:
        err.print("error: give --city SLUG or --admin")
        raise typer.Exit(2)
    path = _keys_file(keys_file)
    key = add_key(path, ADMIN if admin else city or "", label)
    err.print(f"stored the key's hash in {path}; this is the only time the key is shown:", markup=False)
    print(key)


@keys_app.command("list")
def keys_list(
    keys_file: FileOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    debug: DebugOpt = False,
) -> None:
    """List the keys of the keys file: id, scope, label and when it was made (never the key).

    Example: nzc-graph keys list --format json
    """
    from nzc_graph.submissions.keyfile import list_keys

    entries = list_keys(_keys_file(keys_file))
    if fmt == "json":
        rows = [{"id": e.key_id, "scope": e.scope, "label": e.label, "created": e.created} for e in entries]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    t = Table(title=f"{len(entries)} key(s)")
    for column in ("id", "scope", "label", "created"):
        t.add_column(column, overflow="fold")
    for e in entries:
        t.add_row(e.key_id, e.scope, e.label, e.created or "-")
    out.print(t)


@keys_app.command("revoke")
def keys_revoke(key_id: IdArg, keys_file: FileOpt = None, debug: DebugOpt = False) -> None:
    """Revoke a key: its line leaves the keys file, and the server refuses it from the next request.

    Example: nzc-graph keys revoke 3f2a9c1b0d4e
    """
    from nzc_graph.submissions.keyfile import revoke_key

    gone = revoke_key(_keys_file(keys_file), key_id)
    err.print(f"revoked key {gone.key_id} ({gone.scope}, {gone.label})", markup=False)


@keys_app.command("rotate")
def keys_rotate(key_id: IdArg, keys_file: FileOpt = None, debug: DebugOpt = False) -> None:
    """Replace a key with a new one of the same scope and label (the old one is revoked in the same
    rewrite of the file) and print the new key once.

    Example: nzc-graph keys rotate 3f2a9c1b0d4e
    """
    from nzc_graph.submissions.keyfile import rotate_key

    path = _keys_file(keys_file)
    old, made = rotate_key(path, key_id)
    err.print(
        f"revoked key {old.key_id}; new key {made.entry.key_id} ({old.scope}, {old.label}) stored in {path}; "
        "this is the only time it is shown:",
        markup=False,
    )
    print(made.key)


def register(app: App) -> None:
    app.add_typer(keys_app, name="keys")
