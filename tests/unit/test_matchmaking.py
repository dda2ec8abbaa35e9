"""Peer matchmaking and cohort pairing on the real curated graph: help only from working practices
and peer-link sources, co-learners apart, reasons with practice, status and quote, the programme's
own pairs, and a cohort plan of pairs and one trio."""

from __future__ import annotations

import re

import pytest

from nzc_graph.errors import InvalidQueryParameter, NotFound
from nzc_graph.search.comparison import compare
from nzc_graph.search.facts import Facts, Statement
from nzc_graph.search.filters import resolve_city
from nzc_graph.search.fit import PAIRED, PILOT, PILOT_TO_TWIN, TWIN
from nzc_graph.search.matchmaking import MatchResult, helped_by, match
from nzc_graph.search.offers import WORKING_RANK, help_with, needs_of, offers_of
from nzc_graph.search.pairing import benefit, pair_cohort
from nzc_graph.search.reasons import Reason

CITY = "https://w3id.org/nzc/id/city/"
CH = "https://w3id.org/nzc/id/challenge/"
KOZANI, LEUVEN, AACHEN, ALBA_IULIA = CITY + "kozani", CITY + "leuven", CITY + "aachen", CITY + "alba-iulia"
FINANCIAL_ARCHITECT = "https://w3id.org/nzc/id/practice-kind/financial-architect-role"
HELP_KINDS = ("helps", "offers")


def help_reasons(result: MatchResult) -> list[tuple[str, Reason]]:
    return [(m.city, r) for m in result.results for r in m.reasons if r.kind in HELP_KINDS]


def faces(facts: Facts, city: str, challenge: str) -> bool:
    return any(s.challenge == challenge for s in facts.statements_by_city.get(city, []))


def working(facts: Facts, city: str, challenge: str) -> bool:
    return any(p.rank >= WORKING_RANK and challenge in p.challenges for p in facts.practices_by_city.get(city, []))


def test_every_peer_meets_a_need_and_is_never_the_city(index, matches) -> None:
    checked = 0
    for city, result in matches.items():
        needs = {n.challenge for n in result.needs}
        assert all(m.city != city for m in result.results)
        for m in result.results:
            helps = [r for r in m.reasons if r.kind == "helps"]
            assert helps, (city, m.city)
            assert all(r.practice and r.challenge in needs and r.giver == m.city for r in helps), (city, m.city)
            assert m.score == pytest.approx(m.help + 0.5 * m.reciprocity + 0.25 * m.similarity + m.programme, abs=1e-3)
        checked += bool(result.results)
    assert checked >= 10


def test_a_planned_or_proposed_practice_never_appears_as_help(index, matches) -> None:
    facts = index.facts
    planned = {p.iri for p in facts.practices.values() if p.rank < WORKING_RANK}
    assert planned
    for city, result in matches.items():
        for peer, r in help_reasons(result):
            practice = facts.practices[r.practice or ""]
            if practice.city == r.giver:
                assert practice.rank >= WORKING_RANK, (city, peer, r.text)
            else:  # a source: the learner's copy of what the giver taught it, named with the learner
                assert r.learner == practice.city and r.source_evidence is not None, (city, peer, r.text)
        for m in result.results:  # the help score counts working offers only
            assert m.help == pytest.approx(help_with(facts, m.city, list(result.needs), city)[0], abs=1e-3)
    # Kozani's practices are all proposed or planned: it can help nobody and offers nothing back
    assert all(p.rank < WORKING_RANK for p in facts.practices_by_city[KOZANI])
    assert helped_by(index, "Kozani", k=50).results == ()
    assert all(m.reciprocity == 0 and not any(r.kind == "offers" for r in m.reasons) for m in matches[KOZANI].results)


def test_co_learners_are_listed_apart_and_never_counted_as_help(index, matches) -> None:
    facts = index.facts
    result = matches[KOZANI]
    learners = {c.city: c for c in result.co_learners}
    antalya = CITY + "antalya"
    assert antalya in learners and antalya not in {m.city for m in result.results}
    assert any(r.challenge == CH + "lack-of-financial-expertise" for r in learners[antalya].reasons)
    seen = 0
    for city, res in matches.items():
        needs = {n.challenge for n in res.needs}
        helpers = {(r.giver, r.challenge) for _, r in help_reasons(res)}
        for c in res.co_learners:
            assert c.city != city and c.reasons and c.why.startswith(c.city_label)
            for r in c.reasons:
                assert r.kind == "co-learner" and r.challenge in needs
                assert facts.practices[r.practice or ""].rank < WORKING_RANK and r.giver == c.city
                assert (c.city, r.challenge) not in helpers  # never help for the same need
                assert r.challenge not in offers_of(facts, c.city)
                seen += 1
    assert seen >= 10


def test_a_city_facing_the_challenge_without_a_working_practice_is_no_helper(index, matches) -> None:
    facts = index.facts
    for city, result in matches.items():
        for peer, r in help_reasons(result):
            if faces(facts, r.giver or "", r.challenge or ""):
                assert working(facts, r.giver or "", r.challenge or ""), (city, peer, r.text)
    # with only a source (no practice of its own for it), facing the challenge rules Leuven out for it
    complex_funding = CH + "complex-funding-requirements"
    assert complex_funding in offers_of(facts, LEUVEN) and not working(facts, LEUVEN, complex_funding)
    claim = Statement("urn:test:leuven-faces", LEUVEN, complex_funding, "", "", ())
    facing = Facts(
        dict(facts.practices),
        {**facts.statements, claim.iri: claim},
        facts.cities,
        facts.concepts,
        facts.peer_links,
        facts.corpus,
        facts.sources,
        facts.twin_pairs,
    )
    assert complex_funding not in offers_of(facing, LEUVEN)
    assert CH + "lack-of-financial-expertise" in offers_of(facing, LEUVEN)  # its own working practice still helps


def test_leuven_is_a_source_of_the_financial_architect_kind(index) -> None:
    """D4.8 §1.4.4–1.4.5: Aachen explores a Financial Architect role "inspired by Leuven's model", and
    knowledge exchange with Leuven "has been instrumental in shaping Aachen's approach"."""
    facts = index.facts
    sources = [s for s in facts.sources_by_city[LEUVEN] if s.kind == FINANCIAL_ARCHITECT]
    assert sources and sources[0].learner == AACHEN and sources[0].relation == "inspired"
    assert any("inspired by Leuven's model" in e.quote for e in sources[0].evidence)
    offer = offers_of(facts, LEUVEN)[CH + "lack-of-financial-expertise"]
    assert offer.source is not None and offer.practice.kind == FINANCIAL_ARCHITECT and offer.value > 1.0
    # Kozani's financial need: Leuven first, and among the five peers of its city page
    need = match(index, "Kozani", challenge=CH + "lack-of-financial-expertise", k=5)
    assert need.results[0].city == LEUVEN
    top = next(r for r in need.results[0].reasons if r.kind == "helps")
    assert top.learner == AACHEN and "Aachen took it as a model" in top.text and top.source_evidence
    assert LEUVEN in {m.city for m in match(index, "Kozani", k=5).results}


def test_an_adviser_is_a_source_even_without_a_practice_of_its_own(index) -> None:
    """D4.8 §1.3.3: Cluj-Napoca "received valuable advice from the city of Valencia to partner with the
    local sports teams"; Valencia has no such practice recorded, yet it can help with it."""
    facts = index.facts
    valencia = CITY + "valencia"
    assert not any(p.kind and p.kind.endswith("/sports-club-partnership") for p in facts.practices_by_city[valencia])
    offers = [o for o in offers_of(facts, valencia).values() if o.source and o.source.relation == "advised"]
    assert offers and all(o.practice.city == CITY + "cluj-napoca" for o in offers)
    helped = helped_by(index, "Valencia", k=50)
    reasons = [r for m in helped.results for r in m.reasons if r.kind == "helps" and r.learner]
    assert reasons and all("it advised Cluj-Napoca on" in r.text for r in reasons)
    # Cluj-Napoca itself learns nothing new from advice it already turned into its own practice
    cluj = next((m for m in helped.results if m.city == CITY + "cluj-napoca"), None)
    assert cluj is None or all(facts.practices[r.practice or ""].city != cluj.city for r in cluj.reasons if r.practice)


def test_every_reason_names_its_practice_status_and_quote(index, matches) -> None:
    checked = 0
    for result in matches.values():
        reasons = [r for m in result.results for r in m.reasons if r.kind in HELP_KINDS]
        reasons += [r for c in result.co_learners for r in c.reasons]
        for r in reasons:
            assert r.practice and r.practice_label and r.status_label, r
            assert r.evidence is not None and r.evidence.quote and r.evidence.section, r.text
            assert f"“{r.practice_label}”" in r.text and f"({r.status_label}, §{r.evidence.section})" in r.text
            checked += 1
    assert checked >= 100


def all_texts(index, matches) -> list[str]:
    texts = []
    for result in matches.values():
        texts += [m.why for m in result.results] + [c.why for c in result.co_learners]
        texts += [r.text for m in result.results for r in m.reasons]
        texts += [r.text for c in result.co_learners for r in c.reasons] + [p.text for p in result.partners]
    for city in list(matches)[:20]:
        texts += [m.why for m in helped_by(index, city, k=10).results]
    for cohort in ("1", "2", "3"):
        plan = pair_cohort(index, cohort)
        texts += [g.why for g in plan.groups] + [r.text for g in plan.groups for r in g.reasons]
    return texts


def test_why_lines_are_one_sentence_with_numbers_that_agree(index, matches) -> None:
    texts = all_texts(index, matches)
    assert len(texts) > 500
    for text in texts:
        assert not re.search(r"\b1 (\w+ )?(challenges|needs|themes|cities|practices)\b", text), text
        assert not re.search(r"\b([02-9]|\d\d+) (\w+ )?(challenge|need|theme|city|practice)\b(?!s)", text), text
        assert "both Mission City" not in text and "offered a contact Porto" not in text
    whys = [t for t in texts if t.endswith(".")]
    assert whys and all(not re.search(r"[.;]\s*\.$|\.\s+[A-Z][a-z]+ (can|is|has)\b", t) for t in whys)


def test_already_paired_in_the_programme_is_a_fact_with_its_page(index, matches) -> None:
    result = matches[KOZANI]
    partner = next(p for p in result.partners if p.city == ALBA_IULIA)
    assert partner.role == "Twin City" and "already paired with Kozani in the programme" in partner.text
    assert partner.citations and "cityofkozani.gov.gr" in partner.citations[0].url
    assert match(index, "Alba Iulia").partners[0].city == KOZANI  # the other way round
    plan = pair_cohort(index, "1")
    group = next(g for g in plan.groups if KOZANI in g.cities)
    assert ALBA_IULIA in group.cities and "already paired with Kozani in the programme" in group.why
    paired = [r for r in group.reasons if r.kind == "paired"]
    assert paired and paired[0].citation and paired[0].citation.url == partner.citations[0].url
    fit = compare(index, "Kozani", "Alba Iulia").fit  # and side by side
    assert any(r.kind == "paired" and r.citation for r in fit)


def test_twin_cities_prefer_pilot_cities_as_peers(index) -> None:
    facts = index.facts
    twins = [c for c in facts.cities.values() if TWIN in c.roles and PILOT not in c.roles and needs_of(facts, c)]
    checked = 0
    for twin in twins:
        for m in match(index, twin.iri, k=10).results:
            peer = facts.cities[m.city]
            if PILOT in peer.roles and not any(r.kind == "paired" for r in m.reasons):
                assert m.programme == PILOT_TO_TWIN and any(r.kind == "pilot-twin" for r in m.reasons)
                checked += 1
            elif any(r.kind == "paired" for r in m.reasons):
                assert m.programme == PAIRED
    assert checked >= 3


def test_match_on_one_challenge(index) -> None:
    iri = CH + "lack-of-financial-expertise"
    result = match(index, "city:kozani", challenge=iri, k=10)
    assert [n.challenge for n in result.needs] == [iri]
    assert result.results and all(any(r.challenge == iri for r in m.reasons) for m in result.results)


def test_reciprocity_is_what_the_city_offers_back(index, matches) -> None:
    for result in (matches[AACHEN], matches[CITY + "porto"]):
        assert any(m.reciprocity > 0 for m in result.results)
        for m in result.results:
            offers = [r for r in m.reasons if r.kind == "offers"]
            assert (m.reciprocity > 0) == bool(offers)
            assert all(r.giver == result.city for r in offers)


def test_city_names_in_any_spelling(index) -> None:
    assert resolve_city(index.facts, "Umea").iri == resolve_city(index.facts, "Umeå").iri
    assert resolve_city(index.facts, "https://w3id.org/nzc/id/city/umea").label == "Umeå"
    with pytest.raises(NotFound) as exc:
        match(index, "Kozanni")
    assert "Kozani" in exc.value.suggestions


def test_needs_include_challenges_it_is_still_working_on(index) -> None:
    aachen = resolve_city(index.facts, "aachen")
    sources = {n.source for n in needs_of(index.facts, aachen)}
    assert "working-on" in sources


@pytest.mark.parametrize("cohort", ["1", "2", "3"])
def test_pairing_covers_every_city_of_the_cohort_once_in_pairs_and_one_trio(index, cohort) -> None:
    facts = index.facts
    plan = pair_cohort(index, cohort)
    members = sorted(c.iri for c in facts.cities.values() if plan.cohort in c.cohorts)
    placed = sorted(c for g in plan.groups for c in g.cities)
    assert placed == members
    assert all(2 <= len(g.cities) <= 3 for g in plan.groups)
    assert sum(len(g.cities) == 3 for g in plan.groups) == len(members) % 2
    # two Pilot Cities (or two Twin Cities) share a pair only when the cohort has too few others for them
    roles = {c: facts.cities[c].roles for c in members}
    for role in (PILOT, TWIN):
        mine = sum(role in r and len(r & {PILOT, TWIN}) == 1 for r in roles.values())
        same = sum(len(g.cities) == 2 and all(role in roles[c] for c in g.cities) for g in plan.groups)
        assert same <= max(0, mine - (len(members) - mine) + 1) // 2, (role, same)
    assert plan.total_benefit == pytest.approx(sum(g.benefit for g in plan.groups), abs=1e-3)


@pytest.mark.parametrize("cohort", ["1", "2", "3"])
def test_no_pair_is_justified_by_planned_practices(index, cohort) -> None:
    facts = index.facts
    planned = {p.iri for p in facts.practices.values() if p.rank < WORKING_RANK}
    plan = pair_cohort(index, cohort)
    for g in plan.groups:
        assert not any(r.practice in planned and r.giver in g.cities for r in g.reasons if r.kind == "helps"), g.why
        assert all(r.kind != "co-learner" for r in g.reasons)
        helps = [r for r in g.reasons if r.kind == "helps"]
        assert bool(helps) != ("no working practice" in g.why), g.why
        labels = {facts.practices[i].label for i in planned if facts.practices[i].city in g.cities}
        assert not any(f"“{label}”" in g.why for label in labels), g.why


def test_pairing_beats_a_naive_plan(index) -> None:
    plan = pair_cohort(index, "3")
    cities = sorted((c for c in index.facts.cities.values() if plan.cohort in c.cohorts), key=lambda c: c.iri)
    naive = sum(benefit(index.facts, a, b)[0] for a, b in zip(cities[::2], cities[1::2], strict=False))
    assert plan.total_benefit >= naive - 1e-6


def test_bad_match_and_pairing_input(index) -> None:
    with pytest.raises(InvalidQueryParameter, match="k:"):
        match(index, "Kozani", k=0)
    with pytest.raises(NotFound):
        pair_cohort(index, "42")
