"""The cities as GeoJSON (RFC 7946): a FeatureCollection with one Point feature per city that has
coordinates, [longitude, latitude] in WGS84 as the graph holds them (geo:long, geo:lat), and the
city's IRI, name, roles, cohorts, country, population and page as properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from nzc_graph.publishing.geo.locations import CityLocation


class PointOut(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude], WGS84 (geo:long, geo:lat).")


class CityPropertiesOut(BaseModel):
    iri: str = Field(description="The city IRI.")
    name: str
    roles: list[str] = Field(description="Labels of its programme roles, the one that colours the map first.")
    roleIris: list[str]
    cohorts: list[str] = Field(description="Labels of the cohorts it is a member of.")
    cohortIris: list[str]
    country: str | None = Field(description="Name of its country.")
    countryIri: str | None
    isoCode: str | None = Field(description="ISO 3166-1 alpha-2 code of its country.")
    population: int | None = Field(description="Population as GeoNames gives it.")
    page: str = Field(description="The city's page on this server.")


class CityFeatureOut(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str = Field(description="The city IRI.")
    geometry: PointOut
    properties: CityPropertiesOut


class CityCollectionOut(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[CityFeatureOut]


def city_feature(city: CityLocation, page: Callable[[str], str]) -> CityFeatureOut:
    country = city.country
    return CityFeatureOut(
        id=city.iri,
        geometry=PointOut(coordinates=(city.long or 0.0, city.lat or 0.0)),
        properties=CityPropertiesOut(
            iri=city.iri,
            name=city.label,
            roles=[r.label for r in city.roles],
            roleIris=[r.iri for r in city.roles],
            cohorts=[o.label for o in city.cohorts],
            cohortIris=[o.iri for o in city.cohorts],
            country=country.label if country else None,
            countryIri=country.iri if country else None,
            isoCode=(country.group or None) if country else None,
            population=city.population,
            page=page(city.iri),
        ),
    )


def city_collection(cities: Sequence[CityLocation], page: Callable[[str], str]) -> CityCollectionOut:
    """The located cities as features; a city without coordinates is left out, never guessed."""
    return CityCollectionOut(features=[city_feature(c, page) for c in cities if c.located])
