"""One runner test per CLI command, through the real console script where it matters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nzc_graph.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(app, ["build", "--store", str(path), "--no-reason"])
    assert result.exit_code == 0, result.output
    assert "practice adoptions" in result.output and "Mission City" in result.output
    return path


def test_query_for_a_dedicated_finance_structuring_role_returns_aachen_planned(built_dir) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nzc_graph.cli",
            "query",
            "--store",
            str(built_dir),
            "--name",
            "practices-of-kind",
            "--param",
            "kind=https://w3id.org/nzc/id/practice-kind/financial-architect-role",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    aachen = [r for r in rows if r["cityLabel"] == "Aachen"]
    assert aachen and aachen[0]["statusLabel"] == "planned"


def test_query_csv_and_bad_parameter_exit_codes(built_dir) -> None:
    ok = runner.invoke(app, ["query", "--store", str(built_dir), "--name", "count-cities-by-role", "--format", "csv"])
    assert ok.exit_code == 0 and ok.output.startswith("role,roleLabel,cities")
    bad = runner.invoke(
        app, ["query", "--store", str(built_dir), "--name", "who-solved", "--param", "challenge=not an iri"]
    )
    assert bad.exit_code == 2 and "type iri" in bad.output
    unknown = runner.invoke(app, ["query", "--store", str(built_dir), "--name", "nope"])
    assert unknown.exit_code == 2


def test_query_from_a_file(built_dir, tmp_path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("# title: t\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    result = runner.invoke(app, ["query", str(q), "--store", str(built_dir), "--format", "json"])
    assert result.exit_code == 0 and int(json.loads(result.output)[0]["n"]) > 1000


def test_every_command_has_help_with_an_example() -> None:
    for cmd in ("build", "validate", "reason", "query", "serve"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, cmd


def test_query_param_errors_exit_2_with_a_one_line_message(built_dir, tmp_path) -> None:
    no_equals = runner.invoke(app, ["query", "--store", str(built_dir), "--name", "who-solved", "--param", "challenge"])
    assert no_equals.exit_code == 2 and "name=value" in no_equals.output
    q = tmp_path / "q.rq"
    q.write_text("# title: t\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    undeclared = runner.invoke(app, ["query", str(q), "--store", str(built_dir), "--param", "x=1"])
    assert undeclared.exit_code == 2 and "declares no parameter 'x'" in undeclared.output
    missing = runner.invoke(app, ["query", str(tmp_path / "nope.rq"), "--store", str(built_dir)])
    assert missing.exit_code == 2 and "no such query file" in missing.output
    assert "Traceback" not in no_equals.output + undeclared.output + missing.output


def test_plan_prints_the_api_json_a_table_or_csv(built_dir) -> None:
    store = ["--store", str(built_dir)]
    as_json = runner.invoke(app, ["plan", "--cohort", "3", "--rooms", "4", "--format", "json", *store])
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    placed = [c for room in body["results"] for c in room["cities"]]
    assert body["rooms"] == 4 and len(placed) == len(set(placed)) == body["cities"]
    cities = ["--city", "Kozani", "--city", "Aachen", "--city", "Leuven"]
    table = runner.invoke(app, ["plan", *cities, "--size", "3", *store])
    assert table.exit_code == 0 and "Breakout rooms for the chosen cities" in table.output and "Leuven" in table.output
    sheet = runner.invoke(app, ["plan", "--cohort", "3", "--size", "6", "--format", "csv", *store])
    assert sheet.exit_code == 0 and sheet.stdout.startswith("plan,room,cities,")
    assert len(sheet.stdout.strip().splitlines()) == 1 + 5
    bad = runner.invoke(app, ["plan", "--cohort", "3", "--rooms", "0", *store])
    assert bad.exit_code == 2 and "rooms: at least 1 room" in bad.output and "Traceback" not in bad.output


def test_match_with_similar_size_prints_the_api_json(built_dir, monkeypatch) -> None:
    monkeypatch.setenv("NZC_SEARCH_SEMANTIC", "off")
    store = ["--store", str(built_dir)]
    done = runner.invoke(app, ["match", "Aachen", "--size", "similar", "-k", "10", "--format", "json", *store])
    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert body["size"] == "similar" and body["size_band"] == "250–500 k" and body["results"]
    assert any(r["kind"] == "size" for m in body["results"] for r in m["reasons"])
    bad = runner.invoke(app, ["match", "Gozo", "--size", "similar", *store])
    assert bad.exit_code == 2 and "GeoNames gives no population for Gozo" in bad.output


def test_ask_prints_the_answer_its_evidence_and_the_api_json(built_dir, monkeypatch) -> None:
    monkeypatch.setenv("NZC_SEARCH_SEMANTIC", "off")
    store = ["--store", str(built_dir)]
    table = runner.invoke(app, ["ask", "how much did Turku borrow from the EIB?", *store])
    assert table.exit_code == 0, table.output
    assert "€334 million" in table.output and "§1.4.1" in table.output and "read as: fact (amount)" in table.output
    body = json.loads(runner.invoke(app, ["ask", "which cities presented on MEL?", "--format", "json", *store]).stdout)
    assert body["intent"] == "fact" and body["answered"] is True
    assert [v["display"] for v in body["values"]] == ["Barcelona", "Cluj-Napoca", "Porto"]
    unknown = runner.invoke(app, ["ask", "how much did Aachen borrow from the EIB?", *store])
    assert unknown.exit_code == 0 and "not answered: The graph records no figure about Aachen" in unknown.output
    empty = runner.invoke(app, ["ask", " ", *store])
    assert empty.exit_code == 2 and "the question is empty" in empty.output


def test_eval_reports_intents_and_fact_answers_per_intent(built_dir, settings, monkeypatch) -> None:
    monkeypatch.setenv("NZC_SEARCH_SEMANTIC", "off")
    files = [str(settings.root / "eval" / n) for n in ("dev_facts.jsonl", "dev_match.jsonl", "dev_questions.jsonl")]
    table = runner.invoke(app, ["eval", *files, "--store", str(built_dir)])
    assert table.exit_code == 0, table.output
    assert "Ask: intent recognition" in table.output and "Ask: fact questions" in table.output
    body = json.loads(runner.invoke(app, ["eval", *files, "--format", "json", "--store", str(built_dir)]).stdout)
    assert body["overall"]["count"] == 58  # the search questions keep their own measures
    assert set(body["ask"]["by_intent"]) == {"solved", "faces", "match", "fact"}
    assert body["ask"]["by_aspect"]["amount"]["right"] == 1.0 and not body["ask"]["wrong"]
