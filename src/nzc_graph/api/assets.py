"""Files the pages load: our own (`api/static/`) and front-end packages from the npm registry.

The npm packages are pinned by `package.json` and `package-lock.json` and installed into
`node_modules/` by `make install` (`npm ci`). Only the files named in `VENDOR` are served, from
that folder, under `/vendor/<name>`; nothing comes from a CDN and nothing is committed. The map's
country outlines (`OUTLINES`) come from there too, but only the server reads them. When the
npm step has not run, `available()` says so and pages fall back to their server-rendered parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from nzc_graph.errors import NotFound

MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class VendorFile:
    package: str
    path: str


VENDOR: dict[str, VendorFile] = {
    "cytoscape.min.js": VendorFile("cytoscape", "dist/cytoscape.min.js"),
    "yasgui.min.js": VendorFile("@zazuko/yasgui", "build/yasgui.min.js"),
    "yasgui.min.css": VendorFile("@zazuko/yasgui", "build/yasgui.min.css"),
    "swagger-ui-bundle.js": VendorFile("swagger-ui-dist", "swagger-ui-bundle.js"),
    "swagger-ui.css": VendorFile("swagger-ui-dist", "swagger-ui.css"),
}
ENABLE_HINT = "run `make install` (it runs `npm ci`) to add the interactive parts"
# Country outlines the map is drawn on (Natural Earth 1:50m, as TopoJSON); read by the server,
# not served. Without them the map shows the cities on a graticule, and says so.
OUTLINES = VendorFile("world-atlas", "countries-50m.json")
OUTLINES_HINT = "run `make install` (it runs `npm ci`) to draw the country outlines"


def _media_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in MEDIA_TYPES:
        raise NotFound(f"no file '{name}': only {', '.join(sorted(MEDIA_TYPES))} files are served")
    return MEDIA_TYPES[suffix]


def own_file(name: str) -> tuple[bytes, str]:
    """A file of api/static/ by its bare name; anything else is NotFound."""
    media_type = _media_type(name)
    entry = files("nzc_graph.api").joinpath("static").joinpath(name)
    if "/" in name or "\\" in name or name.startswith(".") or not entry.is_file():
        raise NotFound(f"no static file '{name}'")
    return entry.read_bytes(), media_type


def vendor_path(root: Path, name: str) -> Path:
    """Where an allow-listed npm file lives under the project's node_modules/."""
    entry = VENDOR.get(name)
    if entry is None:
        raise NotFound(f"no vendor file '{name}'", sorted(VENDOR))
    return root / "node_modules" / entry.package / entry.path


def vendor_file(root: Path, name: str) -> tuple[bytes, str]:
    path = vendor_path(root, name)
    if not path.is_file():
        raise NotFound(f"'{name}' is not installed: {ENABLE_HINT}")
    return path.read_bytes(), _media_type(name)


def outlines_path(root: Path) -> Path | None:
    """The TopoJSON file of country outlines under node_modules/, or None when not installed."""
    path = root / "node_modules" / OUTLINES.package / OUTLINES.path
    return path if path.is_file() else None


def available(root: Path) -> frozenset[str]:
    """The vendor files present, so templates include only scripts that will load."""
    return frozenset(name for name in VENDOR if vendor_path(root, name).is_file())
