"""The domain never imports the edges; owlready2 only in reasoning.py."""

from __future__ import annotations

import ast
from pathlib import Path

import nzc_graph

PKG = Path(nzc_graph.__file__).parent
EDGE_MODULES = ("fastapi", "starlette", "typer", "click", "uvicorn")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_does_not_import_edges() -> None:
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "api" or rel.name.startswith("cli"):  # the edges: api/ and cli*.py
            continue
        bad = imports_of(path) & set(EDGE_MODULES)
        assert not bad, f"{rel} imports {bad}"


def test_owlready2_only_in_reasoning() -> None:
    for path in PKG.rglob("*.py"):
        if path.name != "reasoning.py":
            assert "owlready2" not in imports_of(path), path.name
