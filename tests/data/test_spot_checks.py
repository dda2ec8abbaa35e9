"""Facts from the report that the encoding must get right."""

from __future__ import annotations

from nzc_graph.namespaces import CHALLENGE, CITY, PRACTICE

PFX = """PREFIX nzc: <https://w3id.org/nzc/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def test_aachen_financial_architect_is_planned_not_implemented(store) -> None:
    rows = store.select(
        PFX + "SELECT ?status WHERE { ?p nzc:city ?c ; nzc:practiceKind ?k ; nzc:status ?status }",
        {
            "c": CITY.aachen,
            "k": __import__("rdflib").URIRef("https://w3id.org/nzc/id/practice-kind/financial-architect-role"),
        },
    )
    assert [str(r["status"]).rsplit("/", 1)[-1] for r in rows] == ["planned"]


def test_klagenfurt_participatory_climate_fund_addresses_raising_private_capital(store) -> None:
    assert store.ask(
        PFX + "ASK { ?p nzc:addresses ?ch ; nzc:city ?c }",
        {
            "p": PRACTICE["klagenfurt--participatory-climate-fund"],
            "ch": CHALLENGE["raising-private-capital"],
            "c": CITY.klagenfurt,
        },
    )


def test_valencia_advised_cluj_napoca_about_sports_teams(store) -> None:
    rows = store.select(
        PFX
        + """SELECT ?text WHERE {
        ?l a nzc:PeerLink ; nzc:fromCity ?from ; nzc:toCity ?to ;
           nzc:linkType <https://w3id.org/nzc/id/link-type/advised> ;
           nzc:evidence/nzc:quoteText ?text }""",
        {"from": CITY.valencia, "to": CITY["cluj-napoca"]},
    )
    assert rows and any("sports" in str(r["text"]) for r in rows)


def test_turku_eib_figures(store) -> None:
    rows = store.select(
        PFX + "SELECT ?v ?u WHERE { ?f a nzc:Figure ; nzc:figureOf ?x ; nzc:value ?v ; nzc:unit ?u . "
        "?f nzc:evidence/nzc:section ?s }"
    )
    values = {(float(r["v"]), str(r["u"])) for r in rows}
    assert (334_000_000.0, "EUR") in values and (150_000_000.0, "EUR") in values
    assert (127.0, "questions") in values and (60.0, "percent") in values


def test_checks_find_no_violations(store, settings) -> None:
    from nzc_graph.queries import QueryLibrary

    for check in QueryLibrary(settings.queries_dir).folder_queries("checks"):
        rows = store.select(check.text)
        assert rows == [], f"{check.name}: {rows[:5]}"
