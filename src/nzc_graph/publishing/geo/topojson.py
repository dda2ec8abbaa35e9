"""Country outlines from a TopoJSON file, such as those of the `world-atlas` npm package (Natural
Earth's Admin 0 countries), decoded into rings of (longitude, latitude) points.

What is read follows the TopoJSON format specification: a `Topology` holds shared `arcs` and
named `objects`; a Polygon lists rings and a MultiPolygon lists polygons, each ring as indices
into `arcs`, where a negative index `~i` means arc `i` walked backwards; consecutive arcs of a
ring share their joining point, which is kept once. A quantized topology has a `transform`
(scale, translate): each arc's first position is then a whole-number offset from zero and every
later one a delta from the one before, and a point is `position * scale + translate`.

    >>> topology = {"type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
    ...             "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
    ...             "objects": {"c": {"type": "GeometryCollection", "geometries": [
    ...                 {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "A"}}]}}}
    >>> outlines(topology, "c")[0].polygons[0][0]
    ((10.0, 40.0), (11.0, 40.0), (11.0, 41.0), (10.0, 40.0))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nzc_graph.errors import ConfigurationError

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]
"""The outer ring first, then its holes."""


@dataclass(frozen=True)
class Outline:
    """One feature of a geometry collection: a country, with its id (ISO 3166-1 numeric in
    world-atlas), name and polygons."""

    id: str
    name: str
    polygons: tuple[Polygon, ...]


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """Every arc as absolute (longitude, latitude) points, undoing quantization when there is a
    transform."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x, y = x + position[0], y + position[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: Sequence[Sequence[Point]], indices: Sequence[int]) -> Ring:
    """The ring made of the arcs `indices` name, each joining point kept once."""
    points: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _polygons(geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]) -> tuple[Polygon, ...]:
    kind = geometry.get("type")
    if kind == "Polygon":
        parts = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        parts = geometry["arcs"]
    else:  # points, lines and null geometries draw no area
        return ()
    return tuple(tuple(ring(arcs, r) for r in polygon) for polygon in parts)


def outlines(topology: Mapping[str, Any], name: str) -> tuple[Outline, ...]:
    """The features of the object `name` (a GeometryCollection or a single geometry)."""
    if topology.get("type") != "Topology" or name not in topology.get("objects", {}):
        raise ValueError(f"not a TopoJSON topology with an object '{name}'")
    arcs = decode_arcs(topology)
    found = topology["objects"][name]
    geometries = found["geometries"] if found.get("type") == "GeometryCollection" else [found]
    return tuple(
        Outline(str(g.get("id", "")), str((g.get("properties") or {}).get("name", "")), _polygons(g, arcs))
        for g in geometries
    )


def read_outlines(path: Path, name: str = "countries") -> tuple[Outline, ...]:
    """The outlines of a TopoJSON file; a file that is not one is a ConfigurationError naming it."""
    try:
        return outlines(json.loads(path.read_text(encoding="utf-8")), name)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ConfigurationError(
            f"{path} is not a TopoJSON file with '{name}' ({exc}); reinstall it with `npm ci`"
        ) from exc
