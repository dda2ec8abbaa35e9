"""A real browser for the page tests: Playwright for Python driving the system's Chromium (the
Debian package; no browser is downloaded). Every page records the hosts it asked for, so a test
can assert that nothing was fetched from anywhere but our server; `axe()` runs axe-core from the
project's node_modules on the open page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from nzc_graph.config import project_root

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = project_root() / "node_modules" / "axe-core" / "axe.min.js"
needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="needs the Debian package 'chromium' (.ci/run installs it; apt-get install -y chromium)"
)


@dataclass
class Visit:
    """An open page, the hosts it contacted, console errors, and a folder for screenshots."""

    page: Any
    base: str
    shots: Path
    hosts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        return response

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
        return path

    def foreign_hosts(self) -> set[str]:
        own = urlsplit(self.base).netloc
        return {h for h in self.hosts if h and h != own}

    def axe(self) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations on the open page."""
        if not AXE.is_file():
            pytest.skip("axe-core is not installed (make install runs npm ci)")
        # evaluate() runs through the DevTools protocol, so the page's CSP (no inline scripts) holds
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("needs the Debian package 'chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture()
def visit(chromium_browser: Any, server: str, tmp_path: Path) -> Iterator[Visit]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    v = Visit(page, server, tmp_path)
    page.on("request", lambda r: v.hosts.add(urlsplit(r.url).netloc))
    page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    yield v
    context.close()
