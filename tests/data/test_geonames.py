"""The GeoNames links and context of data/ttl/geonames.ttl: what `nzc-graph enrich` writes, byte
for byte; every link with its coordinates, population and region; no GeoNames place claimed by two
cities; each homonym resolved to the place in the country the graph gives the city; the link in
the city's linked data and the VoID link set counting every link."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import URIRef

from nzc_graph.formats import Format
from nzc_graph.graph.enrich import OUTPUT_NAME, Enrichment, enrich
from nzc_graph.graph.gazetteer import load_places
from nzc_graph.graph.geonames_turtle import render_turtle
from nzc_graph.namespaces import CITY, GEONAMES, VOID
from nzc_graph.publishing.linked_data import DATASET_IRI, dataset_description, dataset_summary, describe
from nzc_graph.publishing.serialize import rdf_format, serialize
from nzc_graph.queries import QueryLibrary

PREFIXES = (
    "PREFIX nzc: <https://w3id.org/nzc/ontology#> PREFIX schema: <https://schema.org/> "
    "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> "
)
# Cities whose name GeoNames gives to several places, and the place each one is: (GeoNames id,
# the country the graph gives the city, the GeoNames region).
HOMONYMS = {
    "valencia": (2509954, "ES", "Valencia"),
    "cork": (2965140, "IE", "Munster"),
    "muenster": (2867543, "DE", "North Rhine-Westphalia"),
    "newcastle": (2641673, "GB", "England"),
    "prato": (3169921, "IT", "Tuscany"),
    "trikala": (252664, "GR", "Thessaly"),
    "valongo": (2732978, "PT", "Porto"),
    "courcy": (3023051, "FR", "Grand Est"),
}
NOT_LINKED = ("gozo", "eindhoven-helmond", "llobregat", "medijana", "mentese")


@pytest.fixture(scope="module")
def enrichment(settings) -> Enrichment:
    return enrich(settings.data_dir, settings.geonames_dir)


@pytest.fixture(scope="module")
def links(store) -> dict[str, dict[str, str]]:
    """Every city's GeoNames link with its context, by city slug, from the built store."""
    rows = store.select(
        PREFIXES + "SELECT ?city ?link ?lat ?long ?population ?region ?code WHERE { ?city a nzc:City ; "
        "schema:sameAs ?link ; nzc:country/nzc:isoCode ?code . "
        "FILTER(STRSTARTS(STR(?link), 'https://sws.geonames.org/')) "
        "OPTIONAL { ?city geo:lat ?lat } OPTIONAL { ?city geo:long ?long } "
        "OPTIONAL { ?city nzc:geonamesPopulation ?population } OPTIONAL { ?city nzc:geonamesRegion ?region } }"
    )
    found: dict[str, dict[str, str]] = {}
    for r in rows:
        slug = str(r["city"])[len(str(CITY)) :]
        assert slug not in found, f"{slug} has more than one GeoNames link"
        found[slug] = {k: str(v) for k, v in r.items()}
    return found


def test_the_curated_file_is_what_enrich_writes(settings, enrichment) -> None:
    written = (settings.data_dir / OUTPUT_NAME).read_text(encoding="utf-8")
    assert render_turtle(enrichment) == written, "data/ttl/geonames.ttl is stale: run `nzc-graph enrich`"
    again = enrich(settings.data_dir, settings.geonames_dir)
    assert render_turtle(again).encode() == written.encode()


def test_every_homonym_has_a_hand_decision(enrichment) -> None:
    assert not enrichment.unreviewed, [(c.city.slug, c.review) for c in enrichment.unreviewed]


def test_most_cities_are_linked(links) -> None:
    assert len(links) >= 115


def test_every_linked_city_has_coordinates_population_and_region(links) -> None:
    missing = [s for s, r in links.items() if not all(r.get(k) for k in ("lat", "long", "population", "region"))]
    assert not missing
    assert all(int(r["population"]) > 0 for r in links.values())
    assert all(-90 <= float(r["lat"]) <= 90 and -180 <= float(r["long"]) <= 180 for r in links.values())


def test_no_two_cities_share_a_geonames_place(links) -> None:
    by_link: dict[str, list[str]] = {}
    for slug, r in links.items():
        by_link.setdefault(r["link"], []).append(slug)
    assert not {link: slugs for link, slugs in by_link.items() if len(slugs) > 1}


def test_every_link_is_a_place_in_the_country_the_graph_gives_the_city(links) -> None:
    places = load_places({r["code"] for r in links.values()})
    ids = {code: {p.geonameid: p for p in index.places} for code, index in places.items()}
    wrong = {}
    for slug, r in links.items():
        geonameid = int(r["link"][len(str(GEONAMES)) :].rstrip("/"))
        if geonameid not in ids[r["code"]]:
            wrong[slug] = (geonameid, r["code"])
        elif (place := ids[r["code"]][geonameid]).population != int(r["population"]):
            wrong[slug] = (geonameid, place.population, r["population"])
    assert not wrong


@pytest.mark.parametrize("slug", sorted(HOMONYMS))
def test_homonyms_resolve_to_the_place_in_the_city_s_country(links, slug: str) -> None:
    geonameid, country, region = HOMONYMS[slug]
    assert links[slug]["code"] == country
    assert links[slug]["link"] == f"{GEONAMES}{geonameid}/"
    assert links[slug]["region"] == region


@pytest.mark.parametrize("slug", NOT_LINKED)
def test_a_city_geonames_does_not_hold_gets_a_comment_not_a_link(settings, links, slug: str) -> None:
    assert slug not in links
    text = (settings.data_dir / OUTPUT_NAME).read_text(encoding="utf-8")
    assert f"# city:{slug} (" in text and "not linked to GeoNames" in text


def test_local_names_keep_the_english_labels(store) -> None:
    rows = store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?label ?alt WHERE { "
        "<https://w3id.org/nzc/id/city/thessaloniki> skos:prefLabel ?label ; skos:altLabel ?alt }"
    )
    assert {str(r["label"]) for r in rows} == {"Thessaloniki"}
    assert any(str(r["alt"]) == "Θεσσαλονίκη" and r["alt"].language == "el" for r in rows)


def test_every_country_has_its_alpha3_code(store) -> None:
    rows = store.select(
        PREFIXES + "SELECT ?code ?alpha3 WHERE { ?c a nzc:Country ; nzc:isoCode ?code ; nzc:isoAlpha3 ?alpha3 }"
    )
    codes = {str(r["code"]): str(r["alpha3"]) for r in rows}
    assert codes["GR"] == "GRC" and codes["GB"] == "GBR" and codes["DE"] == "DEU"
    total = store.select(PREFIXES + "SELECT (COUNT(?c) AS ?n) WHERE { ?c a nzc:Country }")
    assert len(codes) == int(total[0]["n"])


def test_the_void_linkset_counts_every_geonames_link(store, settings) -> None:
    library = QueryLibrary(settings.queries_dir)
    graph = dataset_description(store, library, "http://localhost:8000/", date(2026, 1, 1))
    linksets = list(graph.subjects(VOID.linkPredicate, URIRef("https://schema.org/sameAs")))
    assert len(linksets) == 1
    rows = store.select(
        PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s schema:sameAs ?o . "
        "FILTER(STRSTARTS(STR(?o), 'https://sws.geonames.org/')) } }"
    )
    links = int(rows[0]["n"])
    assert links > 100
    assert int(graph.value(linksets[0], VOID.triples)) == links
    assert (linksets[0], VOID.subjectsTarget, URIRef(DATASET_IRI)) in graph
    target = graph.value(linksets[0], VOID.objectsTarget)
    assert str(graph.value(target, VOID.uriSpace)) == str(GEONAMES)
    summary = dataset_summary(graph)
    assert summary.linksets == (("Links to GeoNames", links),)
    assert "Links to GeoNames" not in {title for title, _ in summary.roles}


@pytest.mark.parametrize("ext", ["ttl", "jsonld"])
def test_a_city_s_linked_data_contains_its_geonames_link(store, settings, ext: str) -> None:
    library = QueryLibrary(settings.queries_dir)
    graph = describe(store, library, str(CITY["valencia"]))
    fmt: Format = rdf_format(ext)
    text = serialize(graph, fmt, {}).decode()
    assert "https://sws.geonames.org/2509954/" in text
    assert (CITY["valencia"], URIRef("https://schema.org/sameAs"), GEONAMES["2509954/"]) in graph
