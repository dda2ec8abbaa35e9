"""Package rules: imports only point down, and each outside library lives in one room.

- only `store/` imports pyoxigraph or SPARQLWrapper;
- `store/` imports nothing of ours above it (only the shared modules: config, errors, formats,
  namespaces);
- only `api/` and `cli/` import the web and terminal libraries;
- owlready2 only in `graph/reasoning.py`;
- OR-Tools only in `search/room_model.py` (the breakout-room model).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nzc_graph

PKG = Path(nzc_graph.__file__).parent
EDGE_LIBRARIES = {"fastapi", "starlette", "typer", "click", "uvicorn", "rich"}
STORE_LIBRARIES = {"pyoxigraph", "SPARQLWrapper"}
SHARED = {"config", "errors", "formats", "namespaces"}
EDGES = {"api", "cli"}


def imports_of(path: Path) -> set[str]:
    """Dotted names of every absolute import in the module."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import (write nzc_graph.… in full)"
            names.add(node.module)
    return names


def room(path: Path) -> str:
    """The subpackage a module lives in, or its own name for a top-level module."""
    rel = path.relative_to(PKG)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


MODULES = sorted(PKG.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_package_rules(path: Path) -> None:
    here = room(path)
    names = imports_of(path)
    top = {n.split(".")[0] for n in names}
    ours = {n.split(".")[1] for n in names if n.startswith("nzc_graph.")}
    if here not in EDGES:
        assert not top & EDGE_LIBRARIES, f"{here} imports {top & EDGE_LIBRARIES}"
    if here != "store":
        assert not top & STORE_LIBRARIES, f"{here} imports {top & STORE_LIBRARIES}: reach the store through GraphStore"
    if here == "store":
        assert ours <= SHARED | {"store"}, f"store/ imports {ours - SHARED - {'store'}} (above it)"
    if here in SHARED:
        assert ours <= SHARED, f"shared module {here} imports {ours - SHARED}"
    if here not in EDGES:
        assert not ours & EDGES, f"{here} imports the edges {ours & EDGES}"
    if path.relative_to(PKG).as_posix() != "graph/reasoning.py":
        assert "owlready2" not in top
    if path.relative_to(PKG).as_posix() != "search/room_model.py":
        assert "ortools" not in top, "OR-Tools belongs in search/room_model.py"


def test_every_room_is_a_package() -> None:
    for folder in PKG.iterdir():
        if folder.is_dir() and folder.name not in {"__pycache__"} and any(folder.rglob("*.py")):
            assert (folder / "__init__.py").exists(), folder.name


BACKEND_PEEKS = ("EmbeddedStore)", "RemoteStore)", ".snapshot(", "WorkerPool(", "DirectExecutor(")


@pytest.mark.parametrize("path", [p for p in MODULES if room(p) != "store"], ids=lambda p: str(p.relative_to(PKG)))
def test_callers_do_not_pick_a_backend(path: Path) -> None:
    """Outside store/, code reaches user-query isolation through `store.executor(limits)` only:
    no isinstance checks on a backend, no snapshots, no executor class chosen by hand."""
    text = path.read_text()
    found = [peek for peek in BACKEND_PEEKS if peek in text]
    assert not found, f"{path.relative_to(PKG)} looks behind the store interface: {found}"


@pytest.mark.parametrize("path", [p for p in MODULES if room(p) == "api"], ids=lambda p: str(p.relative_to(PKG)))
def test_routes_reach_services_through_typed_dependencies(path: Path) -> None:
    """Only the app factory and `api/deps.py` touch `app.state`; routes name typed dependencies."""
    if path.relative_to(PKG).as_posix() in {"api/app.py", "api/deps.py"}:
        return
    text = path.read_text()
    assert "app.state" not in text, f"{path.relative_to(PKG)} reads app.state: use a dependency from api/deps.py"
