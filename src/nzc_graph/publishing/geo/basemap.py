"""The base map: country outlines projected into a frame, clipped to it and thinned to what the
picture can show, as SVG path data; and a graticule of meridians and parallels.

Only polygons whose longitude/latitude bounds overlap `REACH` (wider than the frame's box, so the
frame's curved corners are filled) are projected — that keeps the far side of the globe, where
the projection tears, out of the picture. Each ring is thinned (a point closer than `MIN_STEP`
picture units to the last one kept is dropped) and clipped to the frame's rectangle
(Sutherland–Hodgman: once against each edge), so the SVG stays small and never draws outside.

    >>> square = ((-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0))
    >>> clip_ring(square, 10.0, 10.0)
    [(0.0, 0.0), (5.0, 0.0), (5.0, 5.0), (0.0, 5.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nzc_graph.publishing.geo.projection import EUROPE, Box, Frame
from nzc_graph.publishing.geo.topojson import Outline, Polygon, read_outlines

REACH = Box(west=-60.0, south=20.0, east=80.0, north=90.0)
MIN_STEP = 1.2  # picture units
WIDTH = 900.0
XY = tuple[float, float]


@dataclass(frozen=True)
class CountryShape:
    name: str
    path: str
    """SVG path data of its rings inside the frame."""


@dataclass(frozen=True)
class BaseMap:
    frame: Frame
    countries: tuple[CountryShape, ...]
    """Empty when no outlines were available: the map is then drawn on the graticule alone."""
    graticule: tuple[str, ...]
    """SVG path data, one meridian or parallel each."""


def _box_of(polygon: Polygon) -> Box:
    lons = [p[0] for p in polygon[0]]
    lats = [p[1] for p in polygon[0]]
    return Box(min(lons), min(lats), max(lons), max(lats))


def thin(points: Iterable[XY], step: float = MIN_STEP) -> list[XY]:
    """The points without those closer than `step` to the last one kept."""
    kept: list[XY] = []
    for x, y in points:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= step:
            kept.append((x, y))
    return kept


def _clip_edge(points: list[XY], inside: Callable[[XY], bool], cut: Callable[[XY, XY], XY]) -> list[XY]:
    out: list[XY] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cut(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cut(previous, current))
    return out


def _at_x(a: XY, b: XY, x: float) -> XY:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: XY, b: XY, y: float) -> XY:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def clip_ring(points: Sequence[XY], width: float, height: float) -> list[XY]:
    """The part of a closed ring inside the rectangle 0…width × 0…height."""
    ring = list(points[:-1] if len(points) > 1 and points[0] == points[-1] else points)
    for inside, cut in (
        (lambda p: p[0] >= 0, lambda a, b: _at_x(a, b, 0.0)),
        (lambda p: p[0] <= width, lambda a, b: _at_x(a, b, width)),
        (lambda p: p[1] >= 0, lambda a, b: _at_y(a, b, 0.0)),
        (lambda p: p[1] <= height, lambda a, b: _at_y(a, b, height)),
    ):
        if not ring:
            break
        ring = _clip_edge(ring, inside, cut)
    return ring


def _number(tenths: int) -> str:
    """A coordinate given in tenths, as short as SVG allows: 12.0 → `12`, -0.5 → `-0.5`."""
    whole, rest = divmod(abs(tenths), 10)
    return ("-" if tenths < 0 else "") + (f"{whole}.{rest}" if rest else str(whole))


def path_data(rings: Iterable[Sequence[XY]]) -> str:
    """Closed rings as SVG path data: the first point absolute, then relative steps, all
    rounded to a tenth of a unit (the steps are taken between rounded points, so no error adds up).

    >>> path_data([[(0.0, 0.0), (10.04, 0.0), (10.0, 5.55)]])
    'M0,0l10,0 0,5.6z'
    """
    out = []
    for ring in rings:
        tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
        pairs = zip(tenths, tenths[1:], strict=False)
        steps = [f"{_number(c - a)},{_number(d - b)}" for (a, b), (c, d) in pairs if (a, b) != (c, d)]
        out.append(f"M{_number(tenths[0][0])},{_number(tenths[0][1])}l" + " ".join(steps) + "z")
    return "".join(out)


def country_shape(outline: Outline, frame: Frame) -> CountryShape | None:
    """The outline's rings in the frame as path data, or None when nothing of it shows."""
    rings = []
    for polygon in outline.polygons:
        if not polygon or not REACH.overlaps(_box_of(polygon)):
            continue
        for r in polygon:
            clipped = clip_ring(thin(frame.point(lon, lat) for lon, lat in r), frame.width, frame.height)
            if len(clipped) >= 3:
                rings.append(clipped)
    return CountryShape(outline.name, path_data(rings)) if rings else None


def graticule(frame: Frame, every: int = 10) -> tuple[str, ...]:
    """Meridians and parallels every `every` degrees, as far as they cross the frame."""
    lines = [[(lon, lat) for lat in range(20, 87, 2)] for lon in range(-60, 81, every)]
    lines += [[(lon, lat) for lon in range(-60, 81, 2)] for lat in range(30, 81, every)]
    out = []
    for line in lines:
        points = [frame.point(lon, lat) for lon, lat in line]
        shown = [p for p in points if -50 <= p[0] <= frame.width + 50 and -50 <= p[1] <= frame.height + 50]
        if len(shown) >= 2:
            out.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in shown))
    return tuple(out)


@lru_cache(maxsize=4)
def base_map(outlines_file: Path | None, width: float = WIDTH) -> BaseMap:
    """Europe's countries from a TopoJSON file (None or a missing file: the graticule alone)."""
    frame = Frame.around(EUROPE, width)
    countries: list[CountryShape] = []
    if outlines_file is not None and outlines_file.is_file():
        countries = [s for o in read_outlines(outlines_file) if (s := country_shape(o, frame)) is not None]
    return BaseMap(frame, tuple(sorted(countries, key=lambda c: c.name)), graticule(frame))
