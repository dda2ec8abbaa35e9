"""A real browser (headless Chromium) loads a city page: a screenshot is written and the DOM shows
the city's practices."""

from __future__ import annotations

import html
import shutil
import struct
import subprocess
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NZC = "https://w3id.org/nzc/ontology#"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        CHROMIUM or "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless browser check needs the Debian package 'chromium' "
    "(.ci/run installs it; apt-get install -y chromium)",
)
def test_city_page_in_headless_chromium(server, tmp_path) -> None:
    url = server + "/id/city/aachen"
    described = Graph().parse(data=httpx.get(url + ".ttl").text, format="turtle")
    practices = {
        str(described.value(p, RDFS.label))
        for p in described.subjects(URIRef(NZC + "city"), URIRef(url.replace(server, "https://w3id.org/nzc")))
        if "/id/practice/" in p
    }
    assert practices

    shot = tmp_path / "city.png"
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2000", url)
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1200, 2000)

    dom = html.unescape(chromium(tmp_path / "profile", "--dump-dom", url).stdout)
    assert "<h1>Aachen</h1>" in dom
    assert f'Practices <span class="count">({len(practices)})</span>' in dom
    missing = {label for label in practices if label not in dom}
    assert not missing, f"practices not shown in the browser: {missing}"
