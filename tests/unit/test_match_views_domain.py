"""The domain behind the matchmaking pages: whom a city can help, two cities compared, a plan as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.search.comparison import city_choices, compare
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.matchmaking import helped_by, match, needs_of
from nzc_graph.search.pairing import CSV_COLUMNS, cohort_choices, pair_cohort, plan_csv

KOZANI = "https://w3id.org/nzc/id/city/kozani"
AACHEN = "https://w3id.org/nzc/id/city/aachen"


def needs_by_hand(index: SearchIndex, city: str) -> set[str]:
    """What a city needs, read straight from the facts: challenges it faces, and challenges its own
    proposed or planned practices address."""
    facts = index.facts
    faced = {s.challenge for s in facts.statements.values() if s.city == city}
    working_on = {c for p in facts.practices.values() if p.city == city and p.rank <= 2 for c in p.challenges}
    return faced | working_on


def offered_by_hand(index: SearchIndex, city: str) -> set[str]:
    """What a city can help with, read straight from the facts: the challenges its working practices
    address, and those of the kinds others learnt from it, unless it faces one without a working practice."""
    facts = index.facts
    working = {c for p in facts.practices.values() if p.city == city and p.rank >= 3 for c in p.challenges}
    kinds = {(s.kind, s.learner) for s in facts.sources if s.source == city}
    taught = {
        c for p in facts.practices.values() for k, learner in kinds if p.kind == k and p.city in (city, learner)
        for c in p.challenges
    }  # fmt: skip
    faced = {s.challenge for s in facts.statements.values() if s.city == city}
    return working | (taught - (faced - working))


def test_a_city_can_help_only_cities_whose_needs_its_working_practices_meet(index) -> None:
    facts = index.facts
    offered = offered_by_hand(index, AACHEN)
    expected = {c for c in facts.cities if c != AACHEN and needs_by_hand(index, c) & offered}
    result = helped_by(index, "Aachen", k=50)
    found = [m.city for m in result.results]
    assert result.city == AACHEN and AACHEN not in found
    assert set(found) == expected and len(found) == len(set(found)) >= 3
    assert KOZANI in found
    for m in result.results:
        helps = [r for r in m.reasons if r.kind == "helps"]
        assert helps, m.city
        for r in helps:
            assert facts.practices[r.practice].city == AACHEN and r.giver == AACHEN
            assert facts.practices[r.practice].rank >= 3
            assert r.challenge in needs_by_hand(index, m.city) and r.challenge in offered
            assert r.evidence is not None and r.evidence.quote and r.evidence.section
            assert r.need is not None and r.need.challenge == r.challenge
        offers = [r for r in m.reasons if r.kind == "offers"]
        assert all(r.giver == m.city for r in offers)
        assert (m.reciprocity > 0) == bool(offers) and m.help > 0
    assert [m.score for m in result.results] == sorted((m.score for m in result.results), reverse=True)


def test_a_city_with_only_planned_practices_can_help_nobody(index) -> None:
    assert all(p.rank < 3 for p in index.facts.practices.values() if p.city == KOZANI)
    assert helped_by(index, "Kozani", k=50).results == ()


def test_whom_we_can_help_is_matchmaking_seen_from_the_other_side(index) -> None:
    """If Aachen can help city X, then Aachen is a peer of X with the same score."""
    for m in helped_by(index, "Aachen", k=5).results:
        theirs = {p.city: p for p in match(index, m.city, k=50).results}
        assert AACHEN in theirs, m.city
        assert theirs[AACHEN].score == m.score and theirs[AACHEN].help == m.help
        assert m.why.startswith(m.city_label) and "Aachen can help through" in m.why


def test_helped_by_checks_its_input(index) -> None:
    with pytest.raises(InvalidQueryParameter, match="k:"):
        helped_by(index, "Kozani", k=0)
    with pytest.raises(NotFound) as exc:
        helped_by(index, "Kozanni")
    assert "Kozani" in exc.value.suggestions


def test_comparison_shows_both_cities_and_what_each_could_learn(index) -> None:
    facts = index.facts
    c = compare(index, "kozani", "Aachen")
    assert (c.a.city.iri, c.b.city.iri) == (KOZANI, AACHEN)
    assert c.a.country and c.a.country.label == "Greece" and c.b.country and c.b.country.label == "Germany"
    assert {r.label for r in c.b.roles} >= {"Pilot City"}
    needs_a, needs_b = needs_by_hand(index, KOZANI), needs_by_hand(index, AACHEN)
    assert {x.need.challenge for x in c.a.challenges} == needs_a
    assert {n.iri for n in c.shared} == needs_a & needs_b and c.shared
    assert all(x.shared == (x.need.challenge in needs_b) for x in c.a.challenges)
    assert {p.iri for p in c.b.practices} == {p.iri for p in facts.practices.values() if p.city == AACHEN}
    ranks = [p.rank for p in c.b.practices]
    assert ranks == sorted(ranks, reverse=True)
    # what Kozani could learn from Aachen: every working practice of Aachen for a need of Kozani, nothing else
    aachen = [p for p in facts.practices.values() if p.city == AACHEN]
    expected = {(n, p.iri) for p in aachen if p.rank >= 3 for n in set(p.challenges) & needs_a}
    assert {(x.need.challenge, x.practice.iri) for x in c.a_learns} == expected and expected
    assert all(x.practice.evidence for x in c.a_learns)
    # Aachen's planned practices for Kozani's needs are what it is also working on, not lessons
    planned = {(n, p.iri) for p in aachen if p.rank < 3 for n in set(p.challenges) & needs_a}
    assert {(x.need.challenge, x.practice.iri) for x in c.a_co_learns} == planned and planned
    # Kozani has only planned practices: nothing to teach Aachen yet, but something to work on together
    assert c.b_learns == ()
    assert c.b_co_learns and all(x.need.challenge in needs_b and x.practice.rank < 3 for x in c.b_co_learns)
    assert {x.practice.iri for x in c.b_co_learns} <= {p.iri for p in facts.practices.values() if p.city == KOZANI}


def test_comparison_of_unknown_or_equal_cities(index) -> None:
    with pytest.raises(NotFound) as exc:
        compare(index, "Kozanni", "Aachen")
    assert "Kozani" in exc.value.suggestions
    with pytest.raises(InvalidQueryParameter, match="two different cities"):
        compare(index, "kozani", "city:kozani")


def test_pickers_list_every_city_and_cohort(index) -> None:
    cities = city_choices(index)
    assert {c.iri for c in cities} == set(index.facts.cities)
    assert [c.label.lower() for c in cities] == sorted(c.label.lower() for c in cities)
    cohorts = {c.number: c for c in cohort_choices(index)}
    assert cohorts[3].size == sum(cohorts[3].iri in city.cohorts for city in index.facts.cities.values()) >= 2


def test_plan_as_csv_has_a_header_and_one_row_per_pair(index) -> None:
    plan = pair_cohort(index, "3")
    text = plan_csv(plan)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == len(plan.groups) + 1
    by_column = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    for row, group in zip(by_column, plan.groups, strict=True):
        assert row["city_iris"].split() == list(group.cities)
        assert row["cities"] == " + ".join(group.city_labels)
        assert float(row["benefit"]) == pytest.approx(group.benefit, abs=1e-4)
        assert row["reasons"].split(" | ") == [r.text for r in group.reasons]
        sections = {r.evidence.section for r in group.reasons if r.evidence}
        assert set(row["evidence_sections"].split()) == sections
    assert any(row["evidence_sections"] for row in by_column)


def test_csv_cells_never_start_a_formula() -> None:
    from nzc_graph.search.spreadsheet import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("@x") == "'@x"
    assert safe_cell("Kozani") == "Kozani"


def test_needs_come_from_the_same_place_everywhere(index) -> None:
    kozani = resolve_city(index.facts, "Kozani")
    assert {n.challenge for n in needs_of(index.facts, kozani)} == needs_by_hand(index, KOZANI)
