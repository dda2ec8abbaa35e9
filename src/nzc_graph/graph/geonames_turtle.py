"""The Turtle of `data/ttl/geonames.ttl`, written by hand rather than by rdflib: sorted, one block
per city and country, and comments for hand decisions and for cities GeoNames does not hold (rdflib
writes no comments). The same enrichment always gives the same text."""

from __future__ import annotations

import textwrap

from nzc_graph.graph.enrich import CityLink, CountryLink, Enrichment
from nzc_graph.namespaces import GEONAMES

_PREFIXES = (
    ("nzc", "https://w3id.org/nzc/ontology#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", "https://schema.org/"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("city", "https://w3id.org/nzc/id/city/"),
    ("country", "https://w3id.org/nzc/id/country/"),
)
_RULE = "# " + "-" * 75


def _comment(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=98, initial_indent="# ", subsequent_indent="# ")


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _block(subject: str, statements: list[str]) -> list[str]:
    body = [f"    {s} ;" for s in statements]
    body[-1] = body[-1][:-2] + " ."
    return [subject, *body, ""]


def _header(enrichment: Enrichment) -> list[str]:
    versions = ", ".join(f"{name} {v}" for name, v in sorted(enrichment.versions.items()))
    lines = _comment(
        "GeoNames links and context of the graph's cities (schema:sameAs to the GeoNames feature, WGS84 "
        "coordinates, population and first-order region as GeoNames gives them, and a local-language name) "
        "and the ISO 3166-1 codes of its countries. Written by `nzc-graph enrich` from GeoNames "
        "(https://www.geonames.org/, CC BY 4.0) and ISO 3166-1 as the packages "
        f"{versions} ship them, with the hand decisions of data/geonames/overrides.toml and the region "
        "names of data/geonames/admin1.tsv. Do not edit: change those files and run `nzc-graph enrich`."
    )
    lines += [""] + [f"@prefix {p + ':':<9}<{iri}> ." for p, iri in _PREFIXES] + [""]
    return lines


def _city(link: CityLink) -> list[str]:
    city = link.city
    subject = f"city:{city.slug}"
    if link.place is None:
        return [*_comment(f"{subject} ({city.label}): not linked to GeoNames. {link.note}"), ""]
    notes = []
    if link.how == "hand decision":
        notes += _comment(f"{city.label}: hand decision. {link.note}")
    elif link.how == "alternate name":
        notes += _comment(f"{city.label}: matched by an alternate name of GeoNames' {link.place.name}.")
    if link.how != "hand decision" and link.note:
        notes += _comment(f"{city.label}, local name: {link.note}")
    for item in link.review:
        notes += _comment(f"{city.label}: TO REVIEW: {item}")
    statements = [
        f"schema:sameAs <{GEONAMES}{link.place.geonameid}/>",
        f'geo:lat "{link.place.latitude}"^^xsd:decimal',
        f'geo:long "{link.place.longitude}"^^xsd:decimal',
        f"nzc:geonamesPopulation {link.place.population}",
        f"nzc:geonamesRegion {_string(link.region)}",
    ]
    if link.local_name:
        statements.append(f"skos:altLabel {_string(link.local_name)}@{link.language}")
    return [*notes, *_block(subject, statements)]


def _country(link: CountryLink) -> list[str]:
    subject = f"country:{link.alpha2.lower()}"
    if link.codes is None:
        return [*_comment(f"{subject} ({link.label}): {link.alpha2} is not in ISO 3166-1 as pycountry ships it."), ""]
    return _block(
        subject, [f'nzc:isoAlpha3 "{link.codes.alpha3}"', f"schema:sameAs <{GEONAMES}{link.codes.geonameid}/>"]
    )


def render_turtle(enrichment: Enrichment) -> str:
    """The text of data/ttl/geonames.ttl for `enrichment`."""
    lines = _header(enrichment)
    lines += [_RULE, "# Cities", _RULE, ""]
    for city in sorted(enrichment.cities, key=lambda c: c.city.slug):
        lines += _city(city)
    lines += [_RULE, "# Countries", _RULE, ""]
    for country in sorted(enrichment.countries, key=lambda c: c.alpha2):
        lines += _country(country)
    return "\n".join(lines).rstrip("\n") + "\n"
