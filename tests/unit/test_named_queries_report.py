"""Each named query for analysts returns what the D4.8 report says, on the built curated graph.

Expectations are facts the report states (who presented what, in which section), not row counts,
so that curating more data does not break them. Where two queries can answer the same question,
the tests cross-check them.
"""

from __future__ import annotations

import pytest

from nzc_graph import namespaces as ns
from nzc_graph.graph.evidence import plain_text
from nzc_graph.queries import QueryLibrary

Rows = list[dict[str, str]]


class Iris:
    """A namespace whose terms are plain strings, to compare with result values."""

    def __init__(self, namespace: str) -> None:
        self.namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        return self.namespace + name

    __getitem__ = __getattr__


CHALLENGE, CITY, COHORT, ID = Iris(ns.CHALLENGE), Iris(ns.CITY), Iris(ns.COHORT), Iris(ns.ID)
PRACTICE, PRACTICE_KIND, ROLE = Iris(ns.PRACTICE), Iris(ns.PRACTICE_KIND), Iris(ns.ROLE)
STATUS, THEME = Iris(ns.STATUS), Iris(ns.THEME)


@pytest.fixture(scope="module")
def run(store, settings):
    library = QueryLibrary(settings.queries_dir)

    def _run(name: str, **params: str) -> Rows:
        return [{k: str(v) for k, v in r.items()} for r in library.select(store, name, params)]

    return _run


def one(rows: Rows, **match: str) -> dict[str, str]:
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one row with {match}, got {len(found)}: {rows[:3]}"
    return found[0]


def test_the_funding_structuring_role_is_planned_in_aachen(run) -> None:
    rows = run("practices-of-kind", kind=PRACTICE_KIND["financial-architect-role"])
    assert one(rows, city=CITY.aachen)["statusLabel"] == "planned"


def test_list_cities_filters_by_role_and_country(run) -> None:
    everything = run("list-cities")
    mission = {r["city"] for r in run("list-cities", role=ROLE["mission-city"])}
    assert {CITY.aachen, CITY.turku, CITY.kozani} <= mission < {r["city"] for r in everything}
    german = run("list-cities", country=ID["country/de"])
    assert CITY.aachen in {r["city"] for r in german} and all(r["isoCode"] == "DE" for r in german)
    assert int(one(everything, city=CITY.aachen)["practices"]) >= 1


def test_city_profile_of_aachen(run) -> None:
    rows = run("show-city-profile", city=CITY.aachen)
    architect = one(rows, aspect="practice", item=PRACTICE["aachen--financial-architect-role"])
    assert architect["statusLabel"] == "planned" and architect["section"] == "1.4.1"
    assert "financial architect" in architect["quote"]
    assert one(rows, aspect="country")["itemLabel"] == "Germany"
    assert one(rows, aspect="session", item=ID["session/p2p-innovative-financing"])
    assert one(rows, aspect="peer link", item=ID["peer-link/leuven--inspired--aachen"])["detail"] == "incoming"
    assert {r["aspect"] for r in rows} >= {"role", "challenge", "figure"}


def test_cities_facing_stakeholder_engagement(run, source_text) -> None:
    rows = run("find-cities-facing-challenge", challenge=CHALLENGE["sustaining-stakeholder-engagement"])
    kozani = one(rows, city=CITY.kozani)
    assert kozani["section"] == "1.4.5" and plain_text(kozani["quote"]) in plain_text(source_text)
    assert CITY.aachen in {r["city"] for r in rows}


def test_practices_by_theme_include_narrower_themes_and_filter_by_status(run) -> None:
    procurement = run("list-practices-by-theme", theme=THEME.procurement)
    assert one(procurement, city=CITY.turku)["statusLabel"] == "implemented"
    assert one(procurement, city=CITY.aachen)["statusLabel"] == "planned"
    people = run("list-practices-by-theme", theme=THEME["people-centred-transition"])  # via its breakout rooms
    assert PRACTICE["kronoby--participatory-budgeting"] in {r["practice"] for r in people}
    planned = run("list-practices-by-theme", theme=THEME.finance, status=STATUS.planned)
    assert PRACTICE["aachen--financial-architect-role"] in {r["practice"] for r in planned}
    assert {r["statusLabel"] for r in planned} == {"planned"}


def test_practices_by_status_default_to_implemented(run) -> None:
    implemented = run("list-practices-by-status")
    assert {r["statusLabel"] for r in implemented} == {"implemented"}
    assert PRACTICE["turku--eib-financing-partnership"] in {r["practice"] for r in implemented}
    aachen_planned = run("list-practices-by-status", status=STATUS.planned, city=CITY.aachen)
    assert {r["city"] for r in aachen_planned} == {CITY.aachen}
    assert PRACTICE["aachen--financial-architect-role"] in {r["practice"] for r in aachen_planned}


def test_cohort_overview(run) -> None:
    cohort3 = run("show-cohort-overview", cohort="3")
    assert {CITY.cork, CITY.elbasan} <= {r["city"] for r in cohort3}
    assert {(r["cohort"], r["roundCities"], r["roundPilots"]) for r in cohort3} == {("3", "25", "21")}
    everything = run("show-cohort-overview")
    cohort2 = {r["city"]: r for r in everything if r["cohort"] == "2"}
    assert {CITY.porto, CITY.bordeaux} <= set(cohort2) and cohort2[CITY.porto]["roundPilots"] == "22"
    assert {r["city"] for r in everything if r["cohort"] == "3"} == {r["city"] for r in cohort3}


def test_challenges_shared_by_cohorts_2_and_3(run) -> None:
    rows = run("find-challenges-shared-by-cohorts")
    abstract = one(rows, challenge=CHALLENGE["abstract-climate-action"])  # "Both cohorts highlighted ..."
    assert "Elbasan" in abstract["cityLabelsB"]
    swapped = one(
        run("find-challenges-shared-by-cohorts", cohort_a="3", cohort_b="2"),
        challenge=CHALLENGE["abstract-climate-action"],
    )
    assert swapped["cityLabelsA"] == abstract["cityLabelsB"] or "Elbasan" in swapped["cityLabelsA"]
    assert run("find-challenges-shared-by-cohorts", cohort_a="2", cohort_b="99") == []


def test_peer_links(run) -> None:
    everything = run("list-peer-links")
    advised = one(everything, link=ID["peer-link/valencia--advised--cluj-napoca"])
    assert (advised["fromLabel"], advised["typeLabel"], advised["toLabel"]) == ("Valencia", "advised", "Cluj-Napoca")
    valencia = run("list-peer-links", city=CITY.valencia)
    assert valencia and all(CITY.valencia in (r["from"], r["to"]) for r in valencia)
    inspired = run("list-peer-links", link_type=ID["link-type/inspired"])
    assert {r["typeLabel"] for r in inspired} == {"inspired"} and len(inspired) < len(everything)


def test_practices_involving_the_eib_a_programme_and_a_funding_instrument(run) -> None:
    eib = run("find-practices-involving-organisation", organisation=ID["organisation/eib"])
    assert {CITY.turku, CITY.aachen} <= {r["city"] for r in eib}
    loans = [r for r in eib if r["city"] == CITY.turku and r.get("via")]
    assert ID["funding/turku--eib-loan-package"] in {r["via"] for r in loans}
    pcp = run("find-practices-involving-organisation", organisation=ID["programme/pilot-cities-programme"])
    assert one(pcp, practice=PRACTICE["aachen--one-stop-shop"])["involvement"] == "funds the practice"
    cascade = ID["funding/pathways-to-resilience-cascading-funding"]
    fund = run("find-practices-involving-organisation", organisation=cascade)
    assert fund and {r["city"] for r in fund} == {CITY.valencia}


def test_sessions_and_participants(run) -> None:
    financing = run("list-sessions-and-participants", session=ID["session/p2p-innovative-financing"])
    assert {r["city"] for r in financing} == {CITY.aachen, CITY.turku, CITY.kozani}
    assert "University of Western Macedonia" in one(financing, city=CITY.kozani)["representedBy"]
    series = run("list-sessions-and-participants", session=ID["session/p2p-series"])
    assert {CITY.aachen, CITY.budapest} <= {r["city"] for r in series}
    assert all(r["event"] != ID["session/sensemaking-c3-r1"] for r in series)
    everything = run("list-sessions-and-participants")
    assert ID["session/sensemaking-c3-r1"] in {r["event"] for r in everything} and len(everything) > len(series)


def test_list_sessions_and_learning_goals(run) -> None:
    sessions = run("list-sessions")
    financing = one(sessions, session=ID["session/p2p-innovative-financing"])
    assert (financing["reportedCities"], financing["recordedCities"], financing["goals"]) == ("3", "3", "4")
    c3 = one(sessions, session=ID["session/sensemaking-c3-r1"])
    assert (c3["reportedCities"], c3["reportedPilots"]) == ("25", "21")
    goals = run("list-learning-goals", session=ID["session/p2p-innovative-financing"])
    assert "EIB" in one(goals, section="1.4.1")["question"]
    assert len(run("list-learning-goals")) > len(goals)


def test_evidence_behind_a_practice(run, source_text) -> None:
    rows = run("show-practice-evidence", practice=PRACTICE["turku--eib-financing-partnership"])
    assert {r["role"] for r in rows} == {"the claim itself", "a figure about it", "a funding instrument of it"}
    assert "1.4.1" in {r["section"] for r in rows}
    assert all(plain_text(r["quote"]) in plain_text(source_text) for r in rows)
    architect = run("show-practice-evidence", practice=PRACTICE["aachen--financial-architect-role"])
    assert any("aims to hire a" in r["quote"] and r["section"] == "1.4.1" for r in architect)


def test_cities_without_practices(run) -> None:
    rows = run("find-cities-without-practices")
    cities = {r["city"] for r in rows}
    assert rows and CITY.aachen not in cities and CITY.turku not in cities
    for city in list(cities)[:5]:  # cross-check: their profiles show no practice
        assert all(r["aspect"] != "practice" for r in run("show-city-profile", city=city))
    mission = run("find-cities-without-practices", role=ROLE["mission-city"])
    assert {r["city"] for r in mission} <= cities and all("Mission City" in r["roleLabels"] for r in mission)


def test_most_common_challenges(run) -> None:
    rows = run("rank-challenges")
    counts = [int(r["cities"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and rows[0]["rank"] == "1"
    assert CHALLENGE["internal-capacity-gaps"] in {r["challenge"] for r in run("rank-challenges", limit="3")}
    top = run("rank-challenges", limit="1")
    assert {r["rank"] for r in top} == {"1"}
    facing = run("find-cities-facing-challenge", challenge=top[0]["challenge"])
    assert len({r["city"] for r in facing}) == int(top[0]["cities"])


def test_figures_with_their_sections(run) -> None:
    rows = run("list-figures")
    loan = [r for r in rows if r["value"] == "334000000" and r["unit"] == "EUR"]
    assert loan and {(r["cityLabel"], r["section"]) for r in loan} == {("Turku", "1.4.1")}
    turku = run("list-figures", about=CITY.turku)
    assert {r["city"] for r in turku} == {CITY.turku} and "150000000" in {r["value"] for r in turku}
    cohort3 = run("list-figures", about=COHORT["pcp-3"])
    assert cohort3 and {r["figureOf"] for r in cohort3} == {COHORT["pcp-3"]}


def test_search_labels(run) -> None:
    found = {r["resource"] for r in run("search-labels", text="FINANCIAL ARCHITECT")}
    assert PRACTICE_KIND["financial-architect-role"] in found
    assert CITY.umea in {r["resource"] for r in run("search-labels", text="Umea")}  # an alternative spelling
    hidden = run("search-labels", text="partners signed the contract and then disappeared")
    assert CHALLENGE["sustaining-stakeholder-engagement"] in {r["resource"] for r in hidden}


def test_challenge_and_practice_kind_catalogues(run) -> None:
    challenges = run("list-challenges")
    assert int(one(challenges, challenge=CHALLENGE["sustaining-stakeholder-engagement"])["cities"]) >= 3
    finance = {r["challenge"] for r in run("list-challenges", theme=THEME.finance)}
    assert CHALLENGE["lack-of-financial-expertise"] in finance and CHALLENGE["car-dependency"] not in finance
    kinds = run("list-practice-kinds", theme=THEME.procurement)
    assert PRACTICE_KIND["green-public-procurement"] in {r["kind"] for r in kinds}
    assert len(kinds) < len(run("list-practice-kinds"))


def test_practice_kinds_by_adoption(run) -> None:
    rows = run("rank-practice-kinds")
    gpp = one(rows, kind=PRACTICE_KIND["green-public-procurement"])  # planned in Aachen, implemented in Turku
    assert int(gpp["planned"]) >= 1 and int(gpp["implemented"]) >= 1
    statuses = ("proposed", "planned", "piloting", "implemented", "scaled")
    assert all(sum(int(r[s]) for s in statuses) >= int(r["cities"]) >= 1 for r in rows)
    assert all(int(r["cities"]) >= 2 for r in run("rank-practice-kinds", min_cities="2"))


def test_cities_by_country_adds_up(run) -> None:
    rows = run("count-cities-by-country")
    assert "Aachen" in one(rows, isoCode="DE")["cityLabels"] and "Turku" in one(rows, isoCode="FI")["cityLabels"]
    assert sum(int(r["cities"]) for r in rows) == len(run("list-cities"))


def test_peer_learning_influence(run) -> None:
    rows = run("trace-peer-inspiration")
    architect = one(rows, practice=PRACTICE["aachen--financial-architect-role"])
    assert architect["source"] == CITY.leuven and "inspired" in architect["linkTypes"]
    assert architect["sourcePractice"] == PRACTICE["leuven--financial-architect-role"]
    assert all(CITY.leuven in (r["learner"], r["source"]) for r in run("trace-peer-inspiration", city=CITY.leuven))


def test_practices_per_theme_for_a_challenge(run) -> None:
    everything = {r["theme"]: int(r["practices"]) for r in run("count-practices-by-theme")}
    abstract = {
        r["theme"]: int(r["practices"])
        for r in run("count-practices-by-theme", challenge=CHALLENGE["abstract-climate-action"])
    }
    assert THEME["citizen-engagement"] in abstract
    assert all(n <= everything[t] for t, n in abstract.items()) and sum(abstract.values()) < sum(everything.values())


def test_quotes_by_section(run) -> None:
    rows = run("list-quotes-by-section", section="1.4.1")
    assert {r["sectionNumber"] for r in rows} == {"1.4.1"}
    assert PRACTICE["aachen--financial-architect-role"] in {r["claim"] for r in rows}
    deep = run("list-quotes-by-section", section="1.4", subsections="true")
    assert {"1.4", "1.4.1", "1.4.5"} <= {r["sectionNumber"] for r in deep} and len(deep) > len(rows)
    assert run("list-quotes-by-section", section="9.9") == []


def test_a_citys_challenges_and_the_practices_that_answer_them(run) -> None:
    aachen = run("list-city-challenges", city=CITY.aachen)
    expertise = one(aachen, challenge=CHALLENGE["lack-of-financial-expertise"])
    assert "Aachen's planned financial architect (planned)" in expertise["ownPractices"]
    kozani = one(
        run("list-city-challenges", city=CITY.kozani), challenge=CHALLENGE["sustaining-stakeholder-engagement"]
    )
    assert "Aachen" in kozani["otherCityLabels"] and "Kozani" not in kozani["otherCityLabels"]


def test_organisations_and_funding_instruments(run) -> None:
    orgs = run("list-organisations")
    assert int(one(orgs, resource=ID["organisation/eib"])["practices"]) >= 3
    instruments = run("list-organisations", kind="https://w3id.org/nzc/ontology#FundingInstrument")
    assert instruments and {r["kindLabel"] for r in instruments} == {"Funding instrument"}
    package = one(run("list-funding-instruments"), instrument=ID["funding/turku--eib-loan-package"])
    assert (package["amount"], package["unit"]) == ("334000000", "EUR")
    assert package["providerLabel"] == "European Investment Bank"


def test_themes(run) -> None:
    rooms = run("list-themes", scheme=ID["scheme/breakout-rooms"])  # section 2.2.1 groups this room
    team = one(rooms, theme=THEME["room-transition-team-building"])
    assert team["broaderLabel"] == "Governance, silos and institutional readiness"
    assert {r["schemeLabel"] for r in rooms} == {"Collective Sensemaking breakout rooms"}
    assert one(run("list-themes"), theme=THEME.finance)["schemeLabel"] == "Subject areas"


def test_twin_pairs_from_either_direction(settings) -> None:
    """A small graph shows the query reads either direction (the curated pairs are in tests/data/test_roster.py)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from nzc_graph.store import EmbeddedStore

    g = Graph()
    for slug, label in [("porto", "Porto"), ("braga", "Braga"), ("oslo", "Oslo"), ("tomar", "Tomar")]:
        g.add((URIRef(CITY[slug]), RDF.type, ns.NZC.City))
        g.add((URIRef(CITY[slug]), RDFS.label, Literal(label)))
    g.add((URIRef(CITY.braga), ns.NZC.twinOf, URIRef(CITY.porto)))
    g.add((URIRef(CITY.oslo), ns.NZC.hasTwin, URIRef(CITY.tomar)))
    store = EmbeddedStore(None)
    store.add_graph(str(ns.DATA_GRAPH), g)
    library = QueryLibrary(settings.queries_dir)
    pairs = {(str(r["pilot"]), str(r["twin"])) for r in library.select(store, "list-twin-pairs", {})}
    assert pairs == {(CITY.porto, CITY.braga), (CITY.oslo, CITY.tomar)}
    only = library.select(store, "list-twin-pairs", {"city": CITY.tomar})
    assert [(str(r["pilotLabel"]), str(r["twinLabel"])) for r in only] == [("Oslo", "Tomar")]


def test_twin_pairs_on_the_curated_graph_name_cities(run) -> None:
    cities = {r["city"] for r in run("list-cities")}
    assert all({r["pilot"], r["twin"]} <= cities for r in run("list-twin-pairs"))
