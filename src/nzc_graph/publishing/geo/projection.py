"""From longitude and latitude to points of the picture.

The projection is the Lambert azimuthal equal-area projection centred on 52° N, 10° E — the
centre of ETRS89-LAEA (EPSG:3035), which European statistics use — on a sphere of the Earth's
mean radius (the map is too small for the ellipsoid to show). Areas keep their proportions and
Europe comes out without the stretching of a plain longitude/latitude grid.

A `Frame` fits a box of longitudes and latitudes into a picture of a given width: it spans the
projected box (its bounds are found by walking its edges, as parallels curve in this projection)
and turns projected metres into picture units, y growing downwards as in SVG.

    >>> frame = Frame.around(EUROPE, width=1000)
    >>> brussels, aachen, paris = frame.point(4.35, 50.85), frame.point(6.08, 50.78), frame.point(2.35, 48.86)
    >>> aachen[0] > brussels[0] > paris[0] and aachen[1] < paris[1]
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS = 6_371_008.8  # m, the mean radius (IUGG)
CENTRE = (10.0, 52.0)  # longitude, latitude of ETRS89-LAEA's centre


@dataclass(frozen=True)
class Box:
    """A range of longitudes and latitudes, in degrees."""

    west: float
    south: float
    east: float
    north: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.west <= other.east
            and other.west <= self.east
            and self.south <= other.north
            and other.south <= self.north
        )

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


# Iceland to Turkey's east, Crete and Cyprus to the North Cape.
EUROPE = Box(west=-25.0, south=34.0, east=45.0, north=71.5)


def laea(lon: float, lat: float, centre: tuple[float, float] = CENTRE) -> tuple[float, float]:
    """Lambert azimuthal equal-area (spherical): metres east and north of the centre.

    >>> laea(10.0, 52.0)
    (0.0, 0.0)
    >>> x, y = laea(10.0, 53.0)  # one degree north along the central meridian: about 111 km
    >>> x == 0.0 and 111_000 < y < 111_300
    True
    """
    lam, phi = math.radians(lon - centre[0]), math.radians(lat)
    phi0 = math.radians(centre[1])
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    if cos_c <= -1 + 1e-12:
        raise ValueError(f"({lon}, {lat}) is the antipode of the projection's centre")
    k = math.sqrt(2 / (1 + cos_c))
    x = EARTH_RADIUS * k * math.cos(phi) * math.sin(lam)
    y = EARTH_RADIUS * k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x + 0.0, y + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class Frame:
    """Projected bounds (metres) shown in a picture `width` × `height` units."""

    left: float
    top: float
    scale: float
    """Picture units per metre."""
    width: float
    height: float

    @classmethod
    def around(cls, box: Box, width: float, steps: int = 64) -> Frame:
        """The frame that shows all of `box`, `width` units wide."""
        edge = [
            *(
                (box.west + (box.east - box.west) * i / steps, lat)
                for i in range(steps + 1)
                for lat in (box.south, box.north)
            ),
            *(
                (lon, box.south + (box.north - box.south) * i / steps)
                for i in range(steps + 1)
                for lon in (box.west, box.east)
            ),
        ]
        xs, ys = zip(*(laea(lon, lat) for lon, lat in edge), strict=True)
        scale = width / (max(xs) - min(xs))
        return cls(min(xs), max(ys), scale, width, round((max(ys) - min(ys)) * scale, 1))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Where (lon, lat) is in the picture: (x to the right, y downwards)."""
        x, y = laea(lon, lat)
        return (x - self.left) * self.scale, (self.top - y) * self.scale

    def inside(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height
