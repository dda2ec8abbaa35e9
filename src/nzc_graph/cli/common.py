"""What every CLI command shares: consoles, common options, settings and error mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nzc_graph.config import Settings
from nzc_graph.errors import InconsistentOntology, NzcGraphError, ShapeViolation

out = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Path | None, typer.Option("--store", help="Store folder (default: $NZC_STORE_PATH or a per-user data folder).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def settings_for(store: Path | None) -> Settings:
    try:
        s = Settings()
    except Exception as exc:  # pydantic's ValidationError names the setting
        err.print(f"error: invalid settings: {exc}")
        raise typer.Exit(2) from exc
    return s.model_copy(update={"store_path": store}) if store else s


def fail(exc: Exception, debug: bool) -> None:
    """Map a domain error to a one-line message and an exit code."""
    if debug:
        err.print_exception()
    if isinstance(exc, ShapeViolation):
        err.print(exc.report.text(), markup=False)
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1)
    if isinstance(exc, InconsistentOntology):
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1)
    if isinstance(exc, NzcGraphError):
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2)
    err.print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", markup=False)
    raise typer.Exit(3)
