"""`nzc-graph validate` (every format, text and JSON reports, exit codes 0/1/2) and
`nzc-graph keys add`, through the real console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from nzc_graph.cli.main import app
from nzc_graph.submissions.apikeys import hash_key

VALID = """@prefix nzc: <https://w3id.org/nzc/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nzc/id/practice/aachen--cli-practice> a nzc:PracticeAdoption ;
    rdfs:label "A practice checked on the command line"@en ;
    nzc:city <https://w3id.org/nzc/id/city/aachen> ;
    nzc:practiceKind <https://w3id.org/nzc/id/practice-kind/financial-architect-role> ;
    nzc:status <https://w3id.org/nzc/id/status/STATUS> ;
    dcterms:description "Aachen runs a practice that is checked by the validate command."@en ;
    nzc:addresses <https://w3id.org/nzc/id/challenge/lack-of-financial-expertise> ;
    nzc:evidence [ a nzc:Quote ; nzc:quoteText "This sentence stands in for a verbatim quote." ;
        nzc:section <https://w3id.org/nzc/id/report/d4-8/section/s1-4-1> ] .
"""


runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nzc_graph.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_validate_exit_codes_and_reports(tmp_path: Path, settings) -> None:
    good, bad, broken = tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "broken.ttl"
    good.write_text(VALID.replace("STATUS", "planned"))
    bad.write_text(VALID.replace("STATUS", "finished"))
    broken.write_text(VALID.replace("STATUS", "planned").replace("nzc:city <", "nzc:city <<"))
    ok = run("validate", str(good), str(settings.root / "data" / "templates" / "practices-template.csv"))
    assert ok.returncode == 0 and "Conforms" in ok.stdout, ok.stdout + ok.stderr
    text = run("validate", str(bad))
    assert text.returncode == 1
    assert "https://w3id.org/nzc/id/practice/aachen--cli-practice\n  [Violation] nzc:status" in text.stdout
    assert "status:finished is not a status of scheme:status" in text.stdout
    machine = run("validate", str(bad), "--format", "json")
    report = json.loads(machine.stdout)
    assert machine.returncode == 1 and report["conforms"] is False
    assert {r["path"] for r in report["results"]} == {"nzc:status"}
    unreadable = run("validate", str(broken), "--format", "json")
    error = json.loads(unreadable.stdout)
    assert unreadable.returncode == 2 and error["line"] == 6 and error["column"] and error["file"] == "broken.ttl"


def test_keys_add_prints_the_key_once_and_stores_its_hash(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    made = run("keys", "add", "--city", "aachen", "--label", "Aachen office", env={"NZC_API_KEYS_FILE": str(keys)})
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("nzc_") and key not in keys.read_text()
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    assert re.fullmatch(f"{hash_key(key)} aachen created={stamp} Aachen office\n", keys.read_text())
    assert run("keys", "add", "--file", str(keys)).returncode == 2
    assert run("keys", "add", "--city", "Not A Slug", "--file", str(keys)).returncode == 2
    assert "Example" in run("keys", "add", "--help").stdout


def test_keys_list_revoke_and_rotate(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    env = {"NZC_API_KEYS_FILE": str(keys)}
    aachen = run("keys", "add", "--city", "aachen", "--label", "Aachen office", env=env).stdout.strip()
    porto = run("keys", "add", "--city", "porto", "--label", "Porto", env=env).stdout.strip()
    listed = run("keys", "list", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["scope"], r["label"]) for r in rows] == [
        (hash_key(aachen)[:12], "aachen", "Aachen office"),
        (hash_key(porto)[:12], "porto", "Porto"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["created"]) for r in rows)
    table = run("keys", "list", "--file", str(keys))
    assert table.returncode == 0 and hash_key(porto)[:12] in table.stdout and aachen not in table.stdout

    rotated = run("keys", "rotate", hash_key(aachen)[:12], env=env)
    assert rotated.returncode == 0, rotated.stderr
    new = rotated.stdout.strip()
    assert new.startswith("nzc_") and new != aachen and f"revoked key {hash_key(aachen)[:12]}" in rotated.stderr
    assert hash_key(aachen) not in keys.read_text() and f"{hash_key(new)} aachen created=" in keys.read_text()
    assert keys.read_text().index(hash_key(new)) < keys.read_text().index(hash_key(porto))  # same place

    revoked = run("keys", "revoke", hash_key(porto)[:6], env=env)
    assert revoked.returncode == 0 and "revoked key" in revoked.stderr and revoked.stdout == ""
    assert [r["scope"] for r in json.loads(run("keys", "list", "--format", "json", env=env).stdout)] == ["aachen"]
    for command in ("add", "list", "revoke", "rotate"):
        assert "Example" in runner.invoke(app, ["keys", command, "--help"]).output, command


def test_keys_with_an_unknown_or_ambiguous_id_exit_2_and_change_nothing(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(f"{'abcd1' + '0' * 59} aachen Aachen\n{'abcd2' + '0' * 59} porto Porto\n")
    before = keys.read_text()
    for command in ("revoke", "rotate"):
        unknown = runner.invoke(app, ["keys", command, "ffff", "--file", str(keys)])
        assert unknown.exit_code == 2 and "no key with id 'ffff'" in unknown.stderr, unknown.output
        ambiguous = runner.invoke(app, ["keys", command, "abcd", "--file", str(keys)])
        assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.stderr and "abcd10000000" in ambiguous.stderr
        assert ambiguous.stdout == ""
        assert runner.invoke(app, ["keys", command, "zz", "--file", str(keys)]).exit_code == 2
    assert keys.read_text() == before
    missing = runner.invoke(app, ["keys", "list", "--file", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no keys file" in missing.stderr
    assert runner.invoke(app, ["keys", "list"], env={"NZC_API_KEYS_FILE": ""}).exit_code == 2
    assert runner.invoke(app, ["keys", "list", "--file", str(tmp_path)]).exit_code == 2
