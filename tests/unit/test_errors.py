"""One error family: every class has an HTTP status and an exit code, the tree in the docstring
matches both maps, and anything unexpected is a 500 with a request id (never silently a 400)."""

from __future__ import annotations

import inspect
import logging
import re

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nzc_graph import errors
from nzc_graph.api.errors import STATUS, install_error_handlers, status_for
from nzc_graph.cli.common import EXIT_CODES, App, exit_code_for

CLASSES = [
    cls
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.NzcGraphError) and cls.__module__ == errors.__name__
]
TREE_LINE = re.compile(r"^\s*(?:[│├└─ ]*)(\w+)\s+.*?\s(\d{3}) / (\d)\s*$")


def documented() -> dict[str, tuple[int, int]]:
    rows = {}
    for line in (errors.__doc__ or "").splitlines():
        m = TREE_LINE.match(line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return rows


def test_every_error_class_has_a_status_and_an_exit_code() -> None:
    assert len(CLASSES) > 15
    missing_status = [c.__name__ for c in CLASSES if c not in STATUS]
    missing_exit = [c.__name__ for c in CLASSES if c not in EXIT_CODES]
    assert not missing_status and not missing_exit, (missing_status, missing_exit)


def test_the_docstring_tree_names_every_class_with_its_status_and_exit_code() -> None:
    tree = documented()
    assert set(tree) == {c.__name__ for c in CLASSES}
    for cls in CLASSES:
        assert tree[cls.__name__] == (STATUS[cls], EXIT_CODES[cls]), cls.__name__


def test_the_tree_shows_the_real_parents() -> None:
    lines = (errors.__doc__ or "").splitlines()
    for cls in CLASSES:
        if cls is errors.NzcGraphError:
            continue
        line = next(ln for ln in lines if re.search(rf"[─ ]{cls.__name__}\b", ln))
        depth = line.index(cls.__name__)
        parent = cls.__bases__[0]
        above = [ln for ln in lines[: lines.index(line)] if ln.strip()]
        owner = next(
            ln
            for ln in reversed(above)
            if re.search(r"\w", ln[: depth - 4 + 1]) or ln.lstrip().startswith(parent.__name__)
        )
        assert parent.__name__ in owner, (cls.__name__, parent.__name__, owner)


def test_an_unmapped_subclass_is_a_500_and_exit_3_not_a_400() -> None:
    class Surprise(errors.NzcGraphError):
        pass

    class NarrowerNotFound(errors.NotFound):
        pass

    assert status_for(Surprise("x")) == 500 and exit_code_for(Surprise("x")) == 3
    assert status_for(NarrowerNotFound("x")) == 404 and exit_code_for(NarrowerNotFound("x")) == 2
    assert exit_code_for(RuntimeError("x")) == 3


@pytest.fixture()
def app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/bug")
    def bug() -> None:
        raise KeyError("a bug")

    @app.get("/missing")
    def missing() -> None:
        raise errors.NotFound("no city 'atlantis'", suggestions=["aachen"])

    @app.get("/busy")
    def busy() -> None:
        raise errors.StoreBusy("held")

    return app


def test_an_unknown_exception_is_a_500_with_a_request_id_in_the_log(app: FastAPI, caplog) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="nzc_graph.api"):
        r = client.get("/bug")
    assert r.status_code == 500 and r.json()["error"] == "InternalError"
    request_id = r.json()["request_id"]
    assert r.headers["x-request-id"] == request_id and request_id in r.json()["message"]
    assert "a bug" not in r.text  # internal detail stays in the log
    logged = [rec for rec in caplog.records if request_id in rec.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_domain_errors_keep_their_status_and_carry_the_request_id(app: FastAPI) -> None:
    client = TestClient(app)
    r = client.get("/missing", headers={"X-Request-ID": "abc-123"})
    assert r.status_code == 404 and r.json()["suggestions"] == ["aachen"]
    assert r.headers["x-request-id"] == "abc-123"
    r = client.get("/busy", headers={"X-Request-ID": "not ok; <script>"})
    assert r.status_code == 503 and re.fullmatch(r"[0-9a-f]{16}", r.headers["x-request-id"])


def test_the_cli_maps_each_error_once() -> None:
    cli = App()

    @cli.command()
    def fails(kind: str, debug: bool = False) -> None:
        raise {
            "param": errors.InvalidQueryParameter("bad --param"),
            "bug": ZeroDivisionError("oops"),
            "usage": typer.BadParameter("bad usage"),
        }[kind]

    @cli.command()
    def other() -> None:
        pass

    runner = CliRunner()
    param = runner.invoke(cli, ["fails", "param"])
    assert param.exit_code == 2 and "error: bad --param" in param.output
    bug = runner.invoke(cli, ["fails", "bug"])
    assert bug.exit_code == 3 and "internal error: ZeroDivisionError" in bug.output
    assert runner.invoke(cli, ["fails", "usage"]).exit_code == 2
