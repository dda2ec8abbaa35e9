"""What every CLI command shares: consoles, common options, settings and the one error mapping."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from nzc_graph import errors as e
from nzc_graph.config import Settings, settings_error

out = Console()
err = Console(stderr=True)

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Store folder (default: $NZC_STORE_PATH or a per-user data folder).")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]

# One exit code per error class (the tree in nzc_graph/errors.py); a test checks every class is here.
# 1: the data does not conform; 2: bad input, usage, configuration or environment; 3: a bug.
EXIT_CODES: dict[type[e.NzcGraphError], int] = {
    e.NzcGraphError: 3,
    e.ShapeViolation: 1,
    e.InconsistentOntology: 1,
    e.InvalidQueryParameter: 2,
    e.QuerySyntaxError: 2,
    e.QueryEvaluationError: 2,
    e.QueryRefused: 2,
    e.QueryTimeout: 2,
    e.QueryOutOfMemory: 2,
    e.QueryQueueFull: 2,
    e.ResultTooLarge: 2,
    e.QueryNotFound: 2,
    e.NotFound: 2,
    e.RdfParseError: 2,
    e.OntologyLoadError: 2,
    e.NotAcceptable: 2,
    e.UnsupportedMediaType: 2,
    e.PayloadTooLarge: 2,
    e.AuthError: 2,
    e.Forbidden: 2,
    e.RateLimited: 2,
    e.StoreUnavailable: 2,
    e.StoreBusy: 2,
    e.UnsupportedOperation: 2,
    e.ConfigurationError: 2,
}
INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])


def exit_code_for(exc: BaseException) -> int:
    """The exit code of the nearest class of `exc` in EXIT_CODES; anything unexpected is 3."""
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return INTERNAL


def settings_for(store: Path | None, *, public_base_url: str | None = None) -> Settings:
    """Settings from the environment with the command's overrides, all validated (model_copy
    would skip validation); a wrong setting becomes one ConfigurationError line (exit 2)."""
    overrides: dict[str, Any] = {"store_path": store, "public_base_url": public_base_url}
    try:
        return Settings(**{name: value for name, value in overrides.items() if value is not None})
    except ValidationError as exc:
        raise settings_error(exc) from exc


def report(exc: BaseException, debug: bool) -> int:
    """Print what went wrong in one line (a SHACL report first) and return the exit code."""
    if debug:
        err.print_exception()
    code = exit_code_for(exc)
    if isinstance(exc, e.ShapeViolation):
        err.print(exc.report.text(), markup=False)
    if code == INTERNAL:
        err.print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", markup=False)
    else:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
    return code


def handled(func: F) -> F:
    """Run a command so that every error it raises is reported once, with its exit code."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # Typer's own outcomes: exits, usage errors
        except Exception as exc:
            raise typer.Exit(report(exc, bool(kwargs.get("debug")))) from exc

    return run  # type: ignore[return-value]  # functools.wraps keeps the signature Typer reads


class App(typer.Typer):
    """A Typer app whose commands map errors through `handled`, so no command catches them itself."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(func: F) -> F:
            register(handled(func))
            return func

        return decorator
