"""Backup and restore round-trip the whole store — every named graph, an accepted submission with
its provenance — and a bad dump or a busy store changes nothing (real on-disk pyoxigraph stores)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from tests.unit.test_submissions import AACHEN, practice
from typer.testing import CliRunner

from nzc_graph.cli.main import app as cli
from nzc_graph.errors import RdfParseError, StoreBusy
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.backup import dump_store, restore_store
from nzc_graph.submissions.service import submit, validator_for


@pytest.fixture()
def live(tmp_path: Path, store: EmbeddedStore, settings) -> Path:
    """An on-disk copy of the built store with one accepted submission."""
    folder = tmp_path / "live"
    disk = EmbeddedStore(folder)
    for g in store.graphs():
        disk.add_graph(g, store.export(g))
    validator = validator_for(settings.shapes_dir, settings.queries_dir)
    submit(disk, validator, AACHEN, practice(), "turtle", "from the 2025 city report", "9.9")
    disk.close()
    return folder


def graphs_of(folder: Path) -> dict[str, object]:
    st = EmbeddedStore(folder, read_only=True)
    try:
        return {g: st.export(g) for g in st.graphs()}
    finally:
        st.close()


def test_dump_and_restore_round_trip_every_graph(live: Path, tmp_path: Path) -> None:
    before = graphs_of(live)
    assert any("/submission/" in g for g in before), "the fixture has a submission graph"
    dump = tmp_path / "backup.nq.gz"
    summary = dump_store(live, dump)
    assert set(summary.graphs) == set(before) and summary.quads == sum(len(g) for g in before.values())
    restored = restore_store(dump, tmp_path / "elsewhere")
    after = graphs_of(restored.path)
    assert set(after) == set(before)
    for g, triples in before.items():
        assert isomorphic(triples, after[g]), g


def test_restore_replaces_the_store_and_keeps_the_previous_one(live: Path, tmp_path: Path) -> None:
    dump = tmp_path / "backup.nq"
    dump_store(live, dump)
    other = tmp_path / "other"
    EmbeddedStore(other).close()  # an empty store in the way
    restore_store(dump, other)
    assert set(graphs_of(other)) == set(graphs_of(live))
    assert (tmp_path / "other.before-restore").is_dir()


def test_a_bad_dump_changes_nothing_and_names_its_line(live: Path, tmp_path: Path) -> None:
    before = graphs_of(live)
    bad = tmp_path / "bad.nq"
    good = tmp_path / "good.nq"
    dump_store(live, good)
    lines = good.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:5], "<https://x/a> <https://x/b> broken", *lines[5:]]), encoding="utf-8")
    with pytest.raises(RdfParseError, match="line 6"):
        restore_store(bad, live)
    assert {g: len(t) for g, t in graphs_of(live).items()} == {g: len(t) for g, t in before.items()}
    assert not (tmp_path / "live.restoring").exists()


def test_restore_refuses_a_store_in_use(live: Path, tmp_path: Path) -> None:
    dump = tmp_path / "backup.nq"
    dump_store(live, dump)
    held = EmbeddedStore(live)  # as a running server holds it
    try:
        with pytest.raises(StoreBusy, match="in use"):
            restore_store(dump, live)
    finally:
        held.close()


def test_cli_dump_and_restore(live: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    dump = tmp_path / "cli.nq.gz"
    r = runner.invoke(cli, ["dump", str(dump), "--store", str(live)])
    assert r.exit_code == 0, r.output
    target = tmp_path / "cli-restored"
    shutil.rmtree(target, ignore_errors=True)
    r = runner.invoke(cli, ["restore", str(dump), "--store", str(target)])
    assert r.exit_code == 0, r.output
    assert "Restored" in r.output
    r = runner.invoke(cli, ["restore", str(tmp_path / "missing.nq"), "--store", str(target)])
    assert r.exit_code == 2 and "no dump" in r.output
