"""Where the cities are: one record per city from the named query `list-city-locations` — its
GeoNames coordinates (WGS84), population, country, programme roles and cohorts. A city GeoNames
has not placed keeps `lat`/`long` None and is listed as not located, never guessed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from nzc_graph.publishing.overview import Option, as_int, cell_text, role_order
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore, Row


@dataclass(frozen=True)
class CityLocation:
    iri: str
    label: str
    lat: float | None
    long: float | None
    population: int | None
    country: Option | None
    """The country, with its ISO 3166-1 alpha-2 code as `group`."""
    roles: tuple[Option, ...]
    """In the order of `overview.ROLE_PRECEDENCE`: the first colours the city on the map."""
    cohorts: tuple[Option, ...]
    """By cohort number; the number is the option's `group`."""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.long is not None


def _number(row: Row, key: str) -> float | None:
    text = cell_text(row, key)
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _city(rows: list[Row]) -> CityLocation:
    first = rows[0]
    roles = {
        cell_text(r, "role"): Option(cell_text(r, "role"), cell_text(r, "roleLabel")) for r in rows if r.get("role")
    }
    cohorts = {
        cell_text(r, "cohort"): Option(
            cell_text(r, "cohort"), cell_text(r, "cohortLabel"), cell_text(r, "cohortNumber")
        )
        for r in rows
        if r.get("cohort")
    }
    country = cell_text(first, "country")
    lat, long = _number(first, "lat"), _number(first, "long")
    return CityLocation(
        iri=cell_text(first, "city"),
        label=cell_text(first, "cityLabel"),
        lat=lat if long is not None else None,
        long=long if lat is not None else None,
        population=as_int(first, "population") if first.get("population") is not None else None,
        country=Option(country, cell_text(first, "countryLabel"), cell_text(first, "isoCode")) if country else None,
        roles=tuple(roles[k] for k in sorted(roles, key=role_order)),
        cohorts=tuple(sorted(cohorts.values(), key=lambda o: (int(o.group) if o.group.isdigit() else 0, o.iri))),
    )


def load_city_locations(store: GraphStore, library: QueryLibrary) -> tuple[CityLocation, ...]:
    """Every city, by name (one query; its rows are one per city, role and cohort)."""
    by_city: dict[str, list[Row]] = defaultdict(list)
    for row in library.select(store, "list-city-locations"):
        by_city[cell_text(row, "city")].append(row)
    cities = [_city(rows) for rows in by_city.values()]
    return tuple(sorted(cities, key=lambda c: (c.label.casefold(), c.iri)))
