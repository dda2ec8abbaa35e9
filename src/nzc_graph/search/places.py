"""City size and distance, the context matchmaking adds after complementarity: population bands,
great-circle distances and how they are written.

The numbers are GeoNames' (`nzc:geonamesPopulation`, `geo:lat`/`geo:long`, read through
queries/search-city-places.rq); a city GeoNames gives none for has no band or place, and nothing is
guessed for it.

- **Size bands** (`SIZE_BANDS`, the one table of them): under 100 k, 100–250 k, 250–500 k,
  0.5–1 M and over 1 M inhabitants, each from its lower bound (included) to the next. Two cities
  are *of a similar size* when they fall in the same band.
- **Distance**: the great-circle (haversine) distance on a sphere of the Earth's mean radius
  (`EARTH_RADIUS_KM`), in km. Two cities at most `NEIGHBOUR_KM` (200 km, a return trip for a study
  visit within one day) apart are *neighbours*.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from nzc_graph.store.base import TextRow

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius of the Earth
NEIGHBOUR_KM = 200


@dataclass(frozen=True)
class Point:
    """A place in WGS84 decimal degrees."""

    lat: float
    long: float


@dataclass(frozen=True)
class SizeBand:
    """Cities from `low` inhabitants (included) up to `high` (excluded; None: no upper bound)."""

    low: int
    high: int | None
    label: str

    def holds(self, population: int) -> bool:
        return population >= self.low and (self.high is None or population < self.high)


SIZE_BANDS = (
    SizeBand(0, 100_000, "under 100 k"),
    SizeBand(100_000, 250_000, "100–250 k"),
    SizeBand(250_000, 500_000, "250–500 k"),
    SizeBand(500_000, 1_000_000, "0.5–1 M"),
    SizeBand(1_000_000, None, "over 1 M"),
)


def size_band(population: int | None) -> SizeBand | None:
    """The band of a population; None when it is unknown.

    >>> size_band(265_208).label, size_band(99_999).label, size_band(100_000).label, size_band(None)
    ('250–500 k', 'under 100 k', '100–250 k', None)
    """
    if population is None or population <= 0:
        return None
    return next(b for b in SIZE_BANDS if b.holds(population))


def similar_size(a: int | None, b: int | None) -> bool:
    """Whether two populations fall in the same band (never when one is unknown).

    >>> similar_size(265_208, 285_273), similar_size(265_208, 240_000), similar_size(None, None)
    (True, False, False)
    """
    band = size_band(a)
    return band is not None and band == size_band(b)


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two places, by the haversine formula.

    >>> round(distance_km(Point(0.0, 0.0), Point(1.0, 0.0)), 3)  # one degree of a meridian
    111.195
    """
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlong = lat2 - lat1, math.radians(b.long - a.long)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlong / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def inhabitants(n: int) -> str:
    """A population as people read it in a reason: thousands as k, millions as M.

    >>> inhabitants(850), inhabitants(6_318), inhabitants(265_208), inhabitants(999_700), inhabitants(1_515_017)
    ('850', '6.3 k', '265 k', '1 M', '1.5 M')
    """
    if n < 1_000:
        return str(n)
    if n < 10_000:
        return f"{n / 1_000:.1f} k".replace(".0 ", " ")
    if round(n, -3) < 1_000_000:
        return f"{round(n / 1_000)} k"
    return f"{n / 1_000_000:.1f} M".replace(".0 ", " ")


def kilometres(km: float) -> str:
    """A distance rounded for a reason: to 1 km below 100 km, else to 5 km.

    >>> kilometres(16.15), kilometres(121.6), kilometres(0.4)
    ('16 km', '120 km', 'under 1 km')
    """
    if km < 1:
        return "under 1 km"
    return f"{round(km) if km < 100 else 5 * round(km / 5)} km"


def places_of(rows: Iterable[TextRow]) -> dict[str, tuple[int | None, Point | None]]:
    """City → (population, point) from the rows of search-city-places; a value that is not a number
    is left out, never guessed."""
    out: dict[str, tuple[int | None, Point | None]] = {}
    for row in rows:
        population, point = _number(row.get("population")), None
        lat, long = _number(row.get("lat")), _number(row.get("long"))
        if lat is not None and long is not None:
            point = Point(lat, long)
        out[str(row["city"])] = (int(population) if population and population > 0 else None, point)
    return out


def _number(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        return None
