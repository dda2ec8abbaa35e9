"""`nzc-graph enrich`: writes the curated GeoNames file, and `--check` finds it up to date or stale."""

from __future__ import annotations

from typer.testing import CliRunner

from nzc_graph.cli.main import app
from nzc_graph.graph.enrich import OUTPUT_NAME

runner = CliRunner()


def test_enrich_writes_the_committed_file_and_check_agrees(settings, tmp_path) -> None:
    target = tmp_path / OUTPUT_NAME
    result = runner.invoke(app, ["enrich", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "cities linked" in result.output
    assert target.read_bytes() == (settings.data_dir / OUTPUT_NAME).read_bytes()
    checked = runner.invoke(app, ["enrich", "--check"])
    assert checked.exit_code == 0 and "is up to date" in checked.output


def test_enrich_check_exits_1_on_a_stale_file(tmp_path) -> None:
    stale = tmp_path / OUTPUT_NAME
    stale.write_text("# stale\n", encoding="utf-8")
    result = runner.invoke(app, ["enrich", "--check", "--output", str(stale)])
    assert result.exit_code == 1
    assert stale.read_text(encoding="utf-8") == "# stale\n"


def test_enrich_help_has_an_example() -> None:
    result = runner.invoke(app, ["enrich", "--help"])
    assert result.exit_code == 0 and "Example" in result.output
