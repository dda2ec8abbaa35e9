"""The programme overview on the built graph: peer network, challenge × city matrix, headline numbers."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import CHALLENGE, CITY, COHORT, DATA_GRAPH, NZC, ROLE, STATUS, THEME
from nzc_graph.publishing.headlines import home_overview
from nzc_graph.publishing.matrix import NO_PRACTICE_CODE, build_matrix, read_scope, read_sort
from nzc_graph.publishing.network import Network, build_network, read_filter
from nzc_graph.publishing.overview import OverviewFacts, load_overview_facts
from nzc_graph.queries import QueryLibrary
from nzc_graph.store import EmbeddedStore

PILOT = str(ROLE["pilot-city"])


@pytest.fixture(scope="module")
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


@pytest.fixture(scope="module")
def facts(store, library) -> OverviewFacts:
    return load_overview_facts(store, library)


def network(facts: OverviewFacts, **raw: str) -> Network:
    return build_network(facts, read_filter(facts, **raw))


def labels(net: Network) -> set[str]:
    return {n.label for n in net.nodes}


# --- the snapshot --------------------------------------------------------------------------------


def test_snapshot_knows_cities_roles_cohorts_and_statuses(facts: OverviewFacts) -> None:
    aachen = facts.cities[str(CITY.aachen)]
    assert aachen.label == "Aachen"
    assert aachen.roles[0] == PILOT and str(ROLE["mission-city"]) in aachen.roles  # the first role colours it
    assert str(COHORT["pcp-2"]) in facts.cities[str(CITY.porto)].cohorts  # through the sensemaking round
    assert [s.label for s in facts.statuses] == ["proposed", "planned", "piloting", "implemented", "scaled"]
    assert [o.key for o in facts.roles][:3] == ["pilot-city", "twin-city", "mission-city"]
    assert {"pcp-2", "pcp-3"} <= {o.key for o in facts.cohorts}
    assert "procurement" in {o.key for o in facts.themes}


# --- the network ---------------------------------------------------------------------------------


def test_a_peer_link_of_the_report_is_an_edge_with_its_type_and_evidence(facts: OverviewFacts) -> None:
    net = network(facts)
    inspired = [e for e in net.edges if e.source == str(CITY.leuven) and e.target == str(CITY.aachen)]
    assert len(inspired) == 1
    edge = inspired[0]
    assert (edge.kind, edge.type, edge.label, edge.directed) == ("peer-link", "inspired", "inspired", True)
    assert edge.section == "1.4.4" and "Leuven" in edge.quote
    assert edge.evidence == "https://w3id.org/nzc/id/peer-link/leuven--inspired--aachen"
    advised = {(e.source, e.target) for e in net.edges if e.type == "advised"}
    assert (str(CITY.valencia), str(CITY["cluj-napoca"])) in advised and (str(CITY.aachen), str(CITY.kozani)) in advised


def test_nodes_are_the_ends_of_the_links_and_are_coloured_by_role(facts: OverviewFacts) -> None:
    net = network(facts)
    ends = {e.source for e in net.edges} | {e.target for e in net.edges}
    assert {n.iri for n in net.nodes} == ends
    kozani = next(n for n in net.nodes if n.iri == str(CITY.kozani))
    assert (
        kozani.role == "pilot-city" and "Mission City" in kozani.roles and "Pilot City" in kozani.roles and kozani.focus
    )
    assert next(n for n in net.nodes if n.iri == str(CITY.aachen)).role == "pilot-city"
    legend = {r.key: r.count for r in net.roles}
    assert sum(legend.values()) == len(net.nodes) and "twin-city" in legend
    assert {t.key for t in net.link_types} >= {"advised", "inspired", "wants-to-learn-from", "shared-challenges"}


def test_shared_challenge_links_need_two_common_challenges_by_default(facts: OverviewFacts) -> None:
    faced: dict[str, set[str]] = {}
    for city, challenge in facts.statements:
        faced.setdefault(city, set()).add(challenge)
    net = network(facts)
    shared = [e for e in net.edges if e.kind == "shared"]
    assert shared
    for e in shared:
        common = faced[e.source] & faced[e.target]
        assert len(common) >= 2 and {c.iri for c in e.challenges} == common and not e.directed
    pairs = {frozenset((e.source, e.target)) for e in shared}
    assert frozenset((str(CITY.aachen), str(CITY.kozani))) in pairs  # both state capacity gaps and financial expertise
    stricter = [e for e in network(facts, shared="3").edges if e.kind == "shared"]
    assert 0 < len(stricter) < len(shared) and all(len(e.challenges) >= 3 for e in stricter)
    assert not [e for e in network(facts, shared="0").edges if e.kind == "shared"]


def test_a_theme_keeps_only_links_about_it(facts: OverviewFacts) -> None:
    net = network(facts, theme="procurement")
    assert labels(net) == {"Aachen", "Košice", "Oslo"}
    assert {e.type for e in net.edges} == {"collaborates-with"}
    by_iri = network(facts, theme=str(str(THEME.procurement)))
    assert by_iri.edges == net.edges
    # a broad theme also finds links tagged with a narrower one
    finance = network(facts, theme="finance")
    assert any(e.source == str(CITY.leuven) and e.target == str(CITY.aachen) for e in finance.edges)


def test_a_cohort_keeps_the_links_of_its_cities(facts: OverviewFacts) -> None:
    cohort = str(COHORT["pcp-2"])
    members = {c.iri for c in facts.cities.values() if cohort in c.cohorts}
    net = network(facts, cohort="pcp-2")
    everyone = network(facts)
    assert net.edges and len(net.nodes) < len(everyone.nodes)
    assert all(e.source in members or e.target in members for e in net.edges)
    assert {n.iri for n in net.nodes if n.focus} <= members
    assert all(not n.focus for n in net.nodes if n.iri not in members)
    pilots = network(facts, role="pilot-city")
    assert all(PILOT in facts.cities[e.source].roles + facts.cities[e.target].roles for e in pilots.edges)


@pytest.mark.parametrize(
    "raw", [{"theme": "no-such-theme"}, {"cohort": "pcp-9"}, {"role": "mayor"}, {"shared": "1"}, {"shared": "x"}]
)
def test_unknown_filter_values_are_refused_naming_the_choices(facts: OverviewFacts, raw: dict[str, str]) -> None:
    with pytest.raises(InvalidQueryParameter) as info:
        read_filter(facts, **raw)
    assert next(iter(raw)) in str(info.value)


def test_twin_pairs_are_edges_without_a_theme(settings, library) -> None:
    """The report names no Pilot–Twin pairs, so a small graph shows that the network draws them."""
    g = Graph()
    for slug, label in [("porto", "Porto"), ("braga", "Braga")]:
        g.add((CITY[slug], RDF.type, NZC.City))
        g.add((CITY[slug], RDFS.label, Literal(label)))
    g.add((CITY.braga, NZC.twinOf, CITY.porto))
    small = EmbeddedStore(None)
    small.add_graph(str(DATA_GRAPH), g)
    facts = load_overview_facts(small, library)
    edges = build_network(facts, read_filter(facts)).edges
    expected = ("twin", str(CITY.braga), str(CITY.porto), "twin of")
    assert [(e.kind, e.source, e.target, e.label) for e in edges] == [expected]


# --- the matrix ----------------------------------------------------------------------------------


def cell(facts: OverviewFacts, challenge: str, city: str, **kw: str):
    matrix = build_matrix(facts, read_sort(kw.get("sort", "")), read_scope(kw.get("scope", "all")))
    row = next(r for r in matrix.rows if r.challenge.iri == challenge)
    return row.cells[[c.iri for c in matrix.columns].index(city)]


def test_kozanis_challenges_carry_the_furthest_status_of_its_practices(facts: OverviewFacts) -> None:
    expertise = cell(facts, str(CHALLENGE["lack-of-financial-expertise"]), str(CITY.kozani))
    assert expertise is not None and expertise.faces
    assert expertise.status is not None and expertise.status.iri == str(STATUS.planned) and expertise.code == "2"
    assert len(expertise.practices) == 2 and expertise.evidence == expertise.practices[0].iri
    assert expertise.evidence.startswith("https://w3id.org/nzc/id/practice/kozani--")
    assert expertise.text == "faces it; furthest practice planned (2 practices)"
    gaps = cell(facts, str(CHALLENGE["internal-capacity-gaps"]), str(CITY.kozani))
    assert gaps is not None and gaps.faces and gaps.status is None and gaps.code == NO_PRACTICE_CODE
    assert gaps.evidence == str(CHALLENGE["internal-capacity-gaps"])  # the challenge page quotes who faces it
    capital = cell(facts, str(CHALLENGE["raising-private-capital"]), str(CITY.kozani))
    assert capital is not None and not capital.faces and capital.text.startswith("addresses it")
    assert cell(facts, str(CHALLENGE["car-dependency"]), str(CITY.kozani)) is None


def test_every_cell_shows_the_best_status_of_the_citys_practices(facts: OverviewFacts) -> None:
    matrix = build_matrix(facts, "shared", "all")
    rank = {s.iri: s.rank for s in facts.statuses}
    checked = 0
    for row in matrix.rows:
        for city, c in zip(matrix.columns, row.cells, strict=True):
            if c is None or c.status is None:
                continue
            ranks = [p.rank for p in facts.practices if p.city == city.iri and row.challenge.iri in p.challenges]
            assert c.status.rank == max(ranks) == rank[c.status.iri] and len(c.practices) == len(ranks)
            checked += 1
    assert checked > 50


def test_matrix_scope_and_sorting(facts: OverviewFacts) -> None:
    shared = build_matrix(facts)
    assert shared.rows[0].challenge.label == "Internal capacity gaps"
    assert [r.facing for r in shared.rows] == sorted((r.facing for r in shared.rows), reverse=True)
    assert all(r.facing >= 2 for r in shared.rows)
    everything = build_matrix(facts, "shared", "all")
    assert len(everything.rows) == len(shared.rows) + shared.hidden and everything.hidden == 0
    by_name = build_matrix(facts, "name")
    names = [r.challenge.label.casefold() for r in by_name.rows]
    assert names == sorted(names) and {r.challenge for r in by_name.rows} == {r.challenge for r in shared.rows}
    assert [c.label for c in by_name.columns] == sorted((c.label for c in by_name.columns), key=str.casefold)
    by_practices = build_matrix(facts, "practices")
    assert [r.practices for r in by_practices.rows] == sorted((r.practices for r in by_practices.rows), reverse=True)
    with pytest.raises(InvalidQueryParameter, match="sort"):
        read_sort("size")
    with pytest.raises(InvalidQueryParameter, match="scope"):
        read_scope("some")


# --- headline numbers ----------------------------------------------------------------------------


def test_home_overview_counts_agree_with_the_snapshot(store, library, facts: OverviewFacts) -> None:
    home = home_overview(store, library)
    totals = {c.label: c.n for c in home.totals}
    assert totals["cities"] == len(facts.cities) and totals["peer links"] == len(facts.peer_links)
    assert [c.label for c in home.statuses] == [s.label for s in facts.statuses]
    implemented = sum(1 for p in facts.practices if p.status == str(STATUS.implemented))
    assert dict((c.label, c.n) for c in home.statuses)["implemented"] == implemented == home.most_practices
    mission = sum(1 for c in facts.cities.values() if str(ROLE["mission-city"]) in c.roles)
    assert dict((c.iri, c.n) for c in home.roles)[str(ROLE["mission-city"])] == mission
    assert home.challenges[0].label == "Internal capacity gaps" and len(home.challenges) <= 5
    assert home.themes[0].n >= home.themes[-1].n and home.themes[0].detail.endswith("cities")


def test_every_edge_names_both_its_cities(facts: OverviewFacts) -> None:
    net = network(facts)
    unnamed = [e.key for e in net.edges if not e.source_label or not e.target_label]
    assert not unnamed, unnamed[:5]
    assert any(e.kind == "twin" for e in net.edges)  # the roster's Pilot–Twin pairs are drawn
