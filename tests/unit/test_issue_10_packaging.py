"""Issue 10 (packaging): the project root comes from NZC_ROOT or the checkout, never silently from
the working directory; wrong settings fail at start-up as one ConfigurationError line naming the
NZC_* variable (exit 2), for a reading command and for `serve` before it listens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from nzc_graph import config, errors
from nzc_graph.api.errors import status_for
from nzc_graph.cli.common import exit_code_for, settings_for
from nzc_graph.cli.main import app
from nzc_graph.config import ROOT_FOLDERS, Settings, project_root, settings_error

SETTINGS_ENV = ("NZC_ROOT", "NZC_STORE_KIND", "NZC_SPARQL_ENDPOINT", "NZC_UPDATE_ENDPOINT", "NZC_PUBLIC_BASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case starts from no settings in the environment, whatever the caller's shell has."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)


def make_root(path: Path, without: str | None = None) -> Path:
    for name in ROOT_FOLDERS:
        if name != without:
            (path / name).mkdir(parents=True)
    return path


def test_nzc_root_names_the_project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path / "checkout")
    monkeypatch.setenv("NZC_ROOT", str(root))
    assert project_root() == root
    assert Settings().root == root


@pytest.mark.parametrize("without", ROOT_FOLDERS)
def test_nzc_root_without_a_folder_names_it_and_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, without: str
) -> None:
    monkeypatch.setenv("NZC_ROOT", str(make_root(tmp_path, without=without)))
    with pytest.raises(errors.ConfigurationError) as caught:
        project_root()
    assert "NZC_ROOT=" in str(caught.value) and f"has no {without}/ " in str(caught.value)


def test_without_nzc_root_the_checkout_of_the_package_is_found() -> None:
    root = project_root()
    assert (root / "pyproject.toml").is_file() and not config.missing_folders(root)


def test_no_checkout_and_no_nzc_root_is_an_error_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "__file__", str(tmp_path / "site-packages" / "nzc_graph" / "config.py"))
    monkeypatch.chdir(make_root(tmp_path / "cwd"))  # a working directory that would pass is not used
    with pytest.raises(errors.ConfigurationError, match="set NZC_ROOT"):
        project_root()


def test_a_given_root_missing_a_folder_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"has no data/ttl/ .*NZC_ROOT"):
        Settings(root=make_root(tmp_path, without="data/ttl"))


def test_remote_store_needs_a_query_endpoint() -> None:
    with pytest.raises(ValidationError, match="NZC_STORE_KIND=remote needs NZC_SPARQL_ENDPOINT"):
        Settings(root=project_root(), store_kind="remote")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sparql_endpoint", "localhost:7878/query"),
        ("sparql_endpoint", "/query"),
        ("sparql_endpoint", "ftp://example.org/query"),
        ("sparql_endpoint", "http://"),
        ("sparql_endpoint", "http://host:port/query"),
        ("update_endpoint", "update"),
        ("public_base_url", "example.org"),
        ("public_base_url", "http://exa mple.org"),
    ],
)
def test_urls_must_be_absolute_http(field: str, value: str) -> None:
    given = {"sparql_endpoint": "http://localhost:7878/query", field: value}
    with pytest.raises(ValidationError) as caught:
        Settings(root=project_root(), store_kind="remote", **given)
    message = str(settings_error(caught.value))
    assert f"NZC_{field.upper()} must be an absolute http(s) URL" in message and repr(value) in message


def test_an_update_endpoint_needs_a_query_endpoint() -> None:
    with pytest.raises(ValidationError, match="NZC_UPDATE_ENDPOINT is set but NZC_SPARQL_ENDPOINT is not"):
        Settings(root=project_root(), update_endpoint="http://localhost:7878/update")


def test_a_good_remote_configuration_passes_and_an_empty_update_endpoint_is_unset() -> None:
    s = Settings(
        root=project_root(),
        store_kind="remote",
        sparql_endpoint="https://sparql.example.org:8890/sparql",
        update_endpoint="",
        public_base_url="https://nzc.example.org/",
    )
    assert s.sparql_endpoint == "https://sparql.example.org:8890/sparql" and s.update_endpoint is None


def test_settings_errors_read_as_one_line_naming_each_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NZC_QUERY_TIMEOUT", "soon")
    monkeypatch.setenv("NZC_PUBLIC_BASE_URL", "nzc.example.org")
    with pytest.raises(ValidationError) as caught:
        Settings(root=project_root())
    message = str(settings_error(caught.value))
    assert "\n" not in message
    assert "NZC_QUERY_TIMEOUT: Input should be a valid number" in message and "'soon'" in message
    assert "NZC_PUBLIC_BASE_URL must be" in message


def test_configuration_error_is_exit_code_2() -> None:
    problem = errors.ConfigurationError("NZC_SPARQL_ENDPOINT is wrong")
    assert exit_code_for(problem) == 2 and status_for(problem) == 500
    assert "ConfigurationError" in (errors.__doc__ or "")


def test_cli_overrides_are_validated_too(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(errors.ConfigurationError, match="NZC_PUBLIC_BASE_URL must be"):
        settings_for(None, public_base_url="localhost:8000")
    monkeypatch.setenv("NZC_PUBLIC_BASE_URL", "https://nzc.example.org")
    assert "public_base_url" in settings_for(None).model_fields_set  # serve keeps a given URL


BAD_REMOTE = {"NZC_STORE_KIND": "remote", "NZC_SPARQL_ENDPOINT": "localhost:7878/query"}


def test_a_reading_command_with_a_bad_endpoint_exits_2_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in BAD_REMOTE.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["query", "--name", "count-cities-by-role"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: invalid settings: NZC_SPARQL_ENDPOINT must be an absolute")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_serve_with_a_bad_endpoint_exits_2_before_it_listens(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nzc_graph.cli", "serve", "--port", "0", "--store", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**{k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}, **BAD_REMOTE},
    )
    assert done.returncode == 2, done.stderr
    assert "NZC_SPARQL_ENDPOINT must be an absolute http(s) URL" in done.stderr
    assert "serving on" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "store").exists()
