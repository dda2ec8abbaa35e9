"""`nzc-graph validate` (every format, text and JSON reports, exit codes 0/1/2) and
`nzc-graph keys add`, through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert keys.read_text() == f"{hash_key(key)} aachen Aachen office\n"
    assert run("keys", "add", "--file", str(keys)).returncode == 2
    assert run("keys", "add", "--city", "Not A Slug", "--file", str(keys)).returncode == 2
    assert "Example" in run("keys", "add", "--help").stdout
