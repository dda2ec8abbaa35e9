"""Roster pages as a source (issue 17): every roster claim cites a page, the graph holds exactly what
the pages name (the counts are written down in data/README.md, 'Roster counts'), names are mapped
to cities explicitly, pairs are real, and the report's vaguer claims give way to the pages'."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

import pytest

from nzc_graph.namespaces import CITY, PAGE
from nzc_graph.queries import QueryLibrary

PFX = """PREFIX nzc:  <https://w3id.org/nzc/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX role: <https://w3id.org/nzc/id/role/>
"""
ROLE_SLUGS = {"Mission City": "mission-city", "Pilot City": "pilot-city", "Twin City": "twin-city"}


def slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def readme_table(settings, marker: str) -> list[dict[str, str]]:
    """The markdown table that follows `<!-- marker -->` in data/README.md, as dicts."""
    text = (settings.root / "data" / "README.md").read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->", 1)[1].strip().split("\n\n", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True)) for line in lines[2:]]


def cohort_of(cell: str) -> str:
    return "" if cell in ("–", "-") else cell


@pytest.fixture(scope="module")
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


@pytest.fixture(scope="module")
def roster_claims(store) -> list[dict[str, str]]:
    """One row per (roster membership, citation that names its city)."""
    rows = store.select(
        PFX
        + """SELECT ?m ?city ?role ?cohort ?page ?name WHERE {
          ?m a nzc:Membership ; nzc:city ?city ; nzc:role ?role ; nzc:citation ?c .
          ?c nzc:page ?page ; nzc:nameOnPage ?name .
          OPTIONAL { ?m nzc:cohort/nzc:cohortNumber ?cohort } }"""
    )
    return [{k: str(v) for k, v in r.items()} for r in rows]


def test_every_roster_claim_cites_a_page_with_heading(store) -> None:
    rows = store.select(
        PFX
        + """SELECT ?claim WHERE {
          { ?claim a nzc:Membership FILTER NOT EXISTS { ?claim nzc:evidence ?q } }
          UNION { ?claim a nzc:Pairing } UNION { ?claim a nzc:PilotActivity }
          FILTER NOT EXISTS {
            ?claim nzc:citation ?c . ?c nzc:heading ?h ; nzc:page ?p .
            ?p a nzc:WebPage ; nzc:url ?u ; nzc:retrievedOn ?d ; rdfs:label ?l }
        }"""
    )
    assert rows == []
    # and every membership from a page names its city as the page writes it
    unnamed = store.select(
        PFX
        + """SELECT ?m WHERE { ?m a nzc:Membership ; nzc:citation ?c .
             FILTER NOT EXISTS { ?m nzc:citation/nzc:nameOnPage ?n } }"""
    )
    assert unnamed == []


def test_roster_claims_copy_nothing_but_headings_and_names(store) -> None:
    """Roster claims have no quotes: the pages are third-party text, the claims are ours."""
    rows = store.select(PFX + "SELECT ?m WHERE { ?m nzc:citation ?c ; nzc:evidence ?q }")
    assert rows == []


def test_counts_per_role_and_cohort_match_the_readme(settings, roster_claims) -> None:
    cities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in roster_claims:
        cities[(slug(r["role"]), r.get("cohort", ""))].add(r["city"])
    table = readme_table(settings, "roster-totals")
    assert len(table) >= 8
    want = {
        (ROLE_SLUGS[row["role"]], cohort_of(row["cohort"])): int(row["named in the stored copies"]) for row in table
    }
    have = {key: len(v) for key, v in cities.items()}
    assert have == want


def test_counts_per_page_match_the_readme(settings, store, roster_claims) -> None:
    named: Counter[tuple[str, str, str]] = Counter()
    seen: set[tuple[str, str, str, str]] = set()
    for r in roster_claims:
        key = (slug(r["page"]), slug(r["role"]), r.get("cohort", ""))
        if (*key, r["city"]) not in seen:
            seen.add((*key, r["city"]))
            named[key] += 1
    table = readme_table(settings, "roster-pages")
    want = {
        (row["page"].strip("`"), ROLE_SLUGS[row["role"]], cohort_of(row["cohort"])): int(row["the stored copy names"])
        for row in table
    }
    assert {k: v for k, v in want.items() if v} == dict(named)
    pages = {slug(r["p"]) for r in store.select(PFX + "SELECT ?p WHERE { ?p a nzc:WebPage }")}
    assert {page for page, _, _ in want} == pages, "every page has a row in the README table"


def test_announced_counts_are_at_least_what_the_pages_name(settings) -> None:
    for row in readme_table(settings, "roster-totals"):
        if row["the pages announce"] not in ("–", "-"):
            assert int(row["the pages announce"]) >= int(row["named in the stored copies"]), row


def test_kozanis_twin_is_alba_iulia(library, store) -> None:
    rows = library.select(store, "list-twin-pairs", {"city": CITY.kozani})
    assert [(slug(r["pilot"]), slug(r["twin"])) for r in rows] == [("kozani", "alba-iulia")]
    assert rows[0]["cohortLabel"].endswith("cohort 1")
    assert "cityofkozani.gov.gr" in str(rows[0]["pages"])


def test_twin_pairs_are_the_pairings_of_the_pages(library, store) -> None:
    rows = library.select(store, "list-twin-pairs", {})
    pairs = {(slug(r["pilot"]), slug(r["twin"])) for r in rows}
    assert len(pairs) == 17
    assert {
        ("lisbon", "courcy"),
        ("klagenfurt", "chalkida"),
        ("gozo", "chalkida"),
        ("vilnius", "chalkida"),
        ("copenhagen", "fuenlabrada"),
        ("guimaraes", "torres-vedras"),
        ("athens", "dos-hermanas"),
    } <= pairs
    assert all(r.get("pages") for r in rows), "every pair names the page that states it"
    by_twin = {slug(r["twin"]): r for r in rows}
    assert str(by_twin["courcy"]["pilotActivityLabel"]) == "Lx Climate Lab"
    # a pairing with an activity but no named Pilot City gives no pair (Szombathely with MODENT)
    assert "szombathely" not in by_twin


def test_no_twin_city_without_a_cited_page(store) -> None:
    twins = store.select(PFX + "SELECT ?c WHERE { ?c nzc:hasRole role:twin-city }")
    assert len(twins) >= 30
    rows = store.select(
        PFX
        + """SELECT ?c WHERE { ?c nzc:hasRole role:twin-city .
             FILTER NOT EXISTS { ?m a nzc:Membership ; nzc:city ?c ; nzc:role role:twin-city ;
                                    nzc:citation/nzc:page/nzc:url ?u } }"""
    )
    assert rows == []


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def test_every_name_on_a_page_is_a_label_of_its_city(store) -> None:
    rows = store.select(
        PFX
        + """SELECT ?city ?name (GROUP_CONCAT(STR(?l); separator="|") AS ?labels) WHERE {
          ?claim nzc:city|nzc:twinCity ?city ; nzc:citation/nzc:nameOnPage ?name .
          ?city rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l } GROUP BY ?city ?name"""
    )
    assert len(rows) > 100
    wrong = [
        (slug(r["city"]), str(r["name"]))
        for r in rows
        if fold(str(r["name"])) not in {fold(label) for label in str(r["labels"]).split("|")}
    ]
    assert not wrong, "add the page's spelling as skos:altLabel (or skos:hiddenLabel) of the city: " + repr(wrong)


def test_no_label_names_two_cities(store) -> None:
    rows = store.select(
        PFX + "SELECT ?city ?l WHERE { ?city a nzc:City ; rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l }"
    )
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        owners[fold(str(r["l"]))].add(slug(r["city"]))
    shared = {label: cities for label, cities in owners.items() if len(cities) > 1}
    assert not shared, shared


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Umeå", "umea"),
        ("Umea", "umea"),
        ("Cluj-Napoca", "cluj-napoca"),
        ("Cluj Napoca", "cluj-napoca"),
        ("Guimarães", "guimaraes"),
        ("Guimaraes", "guimaraes"),
        ("Commune de Courcy (Communauté Urbaine du Grand Reims)", "courcy"),
        ("Municipality of Szombathely City with County Rights", "szombathely"),
        ("Esplugues de Llobregat", "esplugues"),
        ("Newcastle upon Tyne", "newcastle"),
        ("Salónica", "thessaloniki"),
        ("PORTO", "porto"),
    ],
)
def test_spellings_resolve_to_one_city(library, store, name: str, city: str) -> None:
    rows = library.select(store, "find-city-by-name", {"name": name})
    assert [slug(r["city"]) for r in rows] == [city]


def test_llobregat_is_not_guessed_to_be_sant_boi(library, store) -> None:
    assert [slug(r["city"]) for r in library.select(store, "find-city-by-name", {"name": "Llobregat"})] == ["llobregat"]
    assert library.select(store, "find-city-by-name", {"name": "Sant Boi"}) == []


def test_new_cities_of_the_rosters_have_a_country(store) -> None:
    rows = store.select(
        PFX
        + """SELECT ?c WHERE { ?c a nzc:City .
             FILTER(STRENDS(STR(?c), "alba-iulia") || STRENDS(STR(?c), "courcy") || STRENDS(STR(?c), "medijana"))
             ?c nzc:country/nzc:isoCode ?code }"""
    )
    assert {slug(r["c"]) for r in rows} == {"alba-iulia", "courcy", "medijana"}


def effective_roles(store, city: str) -> set[str]:
    rows = store.select(PFX + "SELECT ?r WHERE { ?c nzc:hasRole ?r }", {"c": CITY[city]})
    return {slug(r["r"]) for r in rows}


def test_more_specific_claim_wins_and_both_stay(store) -> None:
    # the report says participant, the programme's Twin Cities page says Twin City (cohort 2)
    assert effective_roles(store, "szombathely") == {"twin-city"}
    claims = store.select(
        PFX + "SELECT ?m ?r WHERE { ?m a nzc:Membership ; nzc:city ?c ; nzc:role ?r }", {"c": CITY.szombathely}
    )
    assert {slug(r["r"]) for r in claims} == {"pcp-participant", "twin-city"}
    superseded = store.select(
        PFX + "SELECT ?m ?w WHERE { ?m nzc:supersededBy ?w ; nzc:city ?c }", {"c": CITY.szombathely}
    )
    assert [(slug(r["m"]), slug(r["w"])) for r in superseded] == [
        ("szombathely--pcp-participant", "szombathely--roster-twin-city-2")
    ]
    # Copenhagen: Mission City from both sources, Pilot City (cohort 2) from the pages
    assert effective_roles(store, "copenhagen") == {"mission-city", "pilot-city"}
    # a participant no page names keeps its role
    assert effective_roles(store, "reykjavik") == {"pcp-participant"}


def test_the_winning_claim_brings_its_cohort(store) -> None:
    rows = store.select(PFX + "SELECT ?n WHERE { ?c nzc:inCohort/nzc:cohortNumber ?n }", {"c": CITY.esplugues})
    assert {str(r["n"]) for r in rows} == {"3"}


def test_reconciliation_lists_promotions_and_the_cohort_conflict(library, store) -> None:
    rows = library.select(store, "list-role-reconciliation", {})
    outcome = {(slug(r["city"]), str(r["programmeLabel"])): str(r["outcome"]) for r in rows}
    pcp = "NZC Pilot Cities Programme"
    assert outcome[("copenhagen", pcp)] == "promoted to Pilot City"
    assert outcome[("szombathely", pcp)] == "promoted to Twin City"
    assert outcome[("esplugues", pcp)] == "promoted to Twin City; conflict: cohort (report 2, roster 3)"
    assert outcome[("kozani", "EU Cities Mission")] == "confirmed"
    promoted = [k for k, v in outcome.items() if v.startswith("promoted")]
    assert len(promoted) == 20
    # promotions and conflicts come first
    flags = [str(r["outcome"]) == "confirmed" for r in rows]
    assert flags == sorted(flags)


def test_the_report_mission_cities_are_all_confirmed_by_a_page(library, store) -> None:
    rows = library.select(store, "list-role-reconciliation", {})
    confirmed = {slug(r["city"]) for r in rows if str(r["outcome"]) == "confirmed"}
    report = store.select(
        PFX + "SELECT ?c WHERE { ?m a nzc:Membership ; nzc:city ?c ; nzc:role role:mission-city ; nzc:evidence ?q }"
    )
    assert {slug(r["c"]) for r in report} == confirmed


def test_pilot_cities_carry_their_activity_where_a_page_names_it(store) -> None:
    rows = store.select(
        PFX
        + """SELECT ?c ?a WHERE { ?m a nzc:Membership ; nzc:city ?c ; nzc:role role:pilot-city ;
             nzc:pilotActivity/rdfs:label ?a }"""
    )
    activity = {slug(r["c"]): str(r["a"]) for r in rows}
    assert activity["porto"] == "WAKE UP!"
    assert activity["lund"] == "CoPilot Lund"
    assert activity["athens"].startswith("ASCEND")
    cohort3 = store.select(
        PFX + "SELECT ?a WHERE { ?a a nzc:PilotActivity ; nzc:cohort <https://w3id.org/nzc/id/cohort/pcp-3> }"
    )
    assert len(cohort3) == 20  # of the page's 21: the union of its two stored copies


def test_dataset_description_counts_each_role(store, library) -> None:
    from datetime import date

    from nzc_graph.publishing.linked_data import dataset_description, dataset_summary

    summary = dataset_summary(dataset_description(store, library, "http://example.test/", date(2026, 1, 2)))
    by_role = {str(r["roleLabel"]): int(r["cities"]) for r in library.select(store, "count-cities-by-role")}
    assert dict(summary.roles) == by_role
    assert by_role["Twin City"] > 0 and by_role["Mission City"] > 14
    assert str(PAGE["nzc-twin-cities-cohort-2"]) in summary.sources
