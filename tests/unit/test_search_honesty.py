"""Honest relevance: "who solved it" answers only when a city really did; otherwise "nobody yet".

dev_unanswerable.jsonl (gaps the report records, off-topic questions) was used with
dev_questions.jsonl to choose the answer rule (service.ANSWER_RULE); holdout_unanswerable.jsonl was
written beside it and scored once after the choice (eval/README.md). Both run on the real graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nzc_graph.api.schemas.search import solved_response
from nzc_graph.errors import RdfParseError
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.calibration import calibrate
from nzc_graph.search.confidence import AnswerRule
from nzc_graph.search.evaluation import Question, load_questions, report_of, run_questions
from nzc_graph.search.index import SearchIndex, build_index
from nzc_graph.search.results import Confidence, Matched
from nzc_graph.search.service import ANSWER_RULE, ask, is_answered, who_faces, who_solved

TARGET_PRECISION, TARGET_RECALL = 0.85, 0.8
# Held-out unanswerable questions the rule answered the first time the set was scored; kept, not tuned
# away (a fix must be general and move the dev sets too). x03: "muddled" project descriptions read as
# a stakeholder-engagement problem (unsolved "Confusing project framing" at relevance 0.27 < 0.3).
KNOWN_FALSE_ANSWERS = {"x03"}
CITY = "https://w3id.org/nzc/id/city/"


@pytest.fixture(scope="module")
def bm25_index(store, settings) -> SearchIndex:
    return build_index(store, QueryLibrary(settings.queries_dir), "off")


def questions(settings, index: SearchIndex, *names: str) -> list[Question]:
    return [q for name in names for q in load_questions(settings.root / "eval" / name, index)]


@pytest.fixture(scope="module")
def held_out(bm25_index, settings):
    qs = questions(settings, bm25_index, "holdout_questions.jsonl", "holdout_unanswerable.jsonl")
    return report_of(run_questions(bm25_index, qs), bm25_index.ranker)


@pytest.fixture(scope="module")
def dev_outcomes(bm25_index, settings):
    qs = questions(settings, bm25_index, "dev_questions.jsonl", "dev_unanswerable.jsonl")
    return run_questions(bm25_index, qs)


def test_unanswerable_sets_load_with_empty_gold_and_stay_apart(bm25_index, settings) -> None:
    dev = questions(settings, bm25_index, "dev_unanswerable.jsonl")
    held = questions(settings, bm25_index, "holdout_unanswerable.jsonl")
    assert len(dev) >= 30 and len(held) >= 15
    assert {q.type for q in dev + held} == {"unanswerable"}
    assert any(not q.gold for q in dev) and any(q.gold for q in dev)
    everything = questions(
        settings, bm25_index, "dev_questions.jsonl", "holdout_questions.jsonl", "dev_unanswerable.jsonl"
    )
    assert not {q.id for q in held} & {q.id for q in everything}
    assert not {q.question.lower() for q in held} & {q.question.lower() for q in everything}


def test_empty_gold_is_only_allowed_for_unanswerable_questions(bm25_index, tmp_path: Path) -> None:
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps({"id": "u", "type": "unanswerable", "question": "snow", "gold": []}) + "\n")
    assert load_questions(ok, bm25_index)[0].gold == ()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "s", "type": "solved", "question": "x", "gold": []}) + "\n")
    with pytest.raises(RdfParseError, match="line 1: gold must be a non-empty list"):
        load_questions(bad, bm25_index)


def test_every_held_out_unanswerable_question_gets_nobody_yet_and_who_faces_it(held_out) -> None:
    unanswerable = [o for o in held_out.outcomes if o.question.type == "unanswerable"]
    wrongly = {o.question.id for o in unanswerable if o.answered()}
    assert wrongly <= KNOWN_FALSE_ANSWERS, [(o.question.id, o.returned[:1], o.best) for o in unanswerable]
    for o in unanswerable:
        if o.question.gold:  # the report says some cities face it: they are shown instead
            assert set(o.faced[:3]) & set(o.question.gold), (o.question.id, o.faced[:3])


def test_held_out_answered_precision_and_recall(held_out) -> None:
    h = held_out.honesty
    assert h is not None and h.answerable >= 50 and h.unanswerable >= 15
    assert h.precision >= TARGET_PRECISION, (h, [o.question.id for o in held_out.false_answers])
    assert h.recall >= TARGET_RECALL, (h, [o.question.id for o in held_out.withheld])
    assert held_out.overall.hit_at_3 >= 0.85  # unanswerable questions do not enter hit@k


def test_the_rule_in_service_is_the_one_calibration_chooses_on_the_dev_sets(dev_outcomes) -> None:
    chosen = calibrate(dev_outcomes)
    assert chosen.meets_recall
    assert chosen.chosen.rule == ANSWER_RULE, (
        "the search changed: re-run `nzc-graph eval eval/dev_questions.jsonl eval/dev_unanswerable.jsonl "
        f"--calibrate` and update ANSWER_FLOOR, MIN_COVERAGE, UNSOLVED_RELEVANCE in service.py ({chosen.chosen})"
    )
    floor_only = calibrate(dev_outcomes, coverages=(0.0,), unsolved=(1.01,))
    assert chosen.chosen.f05 > floor_only.chosen.f05 + 0.1  # the score alone does not separate them


@pytest.mark.parametrize("query", ["quantum computing", "snow removal in winter", "stray dogs and cats in the parks"])
def test_one_stray_word_is_not_an_answer(bm25_index, query) -> None:
    page = who_solved(bm25_index, query)
    assert page.results  # something shares a word (or a typo guess) with it...
    assert page.confidence.coverage < 0.5 and not is_answered(page)  # ...but explains too little of it


def test_a_typo_guess_counts_half(bm25_index) -> None:
    page = who_solved(bm25_index, "quantum computing")  # "computing" is read as "commuting"
    assert page.confidence.coverage == pytest.approx(0.25)


def test_a_recorded_gap_is_named_and_not_answered(bm25_index) -> None:
    answer = ask(bm25_index, "carbon sinks and nature-based solutions")
    gap = answer.solved.confidence.unsolved
    assert gap is not None and gap.iri.endswith("/nature-based-solutions-know-how") and gap.relevance > 0.5
    assert not answer.answered and answer.answers == ()
    assert {r.city for r in answer.faces.results[:3]} >= {CITY + "stockholm", CITY + "gozo"}
    body = solved_response("carbon sinks", answer.solved)
    assert body.answered is False and body.unsolved_challenge is not None
    assert body.unsolved_challenge.label.startswith("Need for know-how on carbon sinks")


def test_a_solved_problem_is_answered_with_full_coverage(bm25_index) -> None:
    answer = ask(bm25_index, "partners tired of too many initiatives")
    assert answer.answered and answer.answers
    assert answer.solved.confidence == Confidence(1.0, None)
    body = solved_response("partners tired", answer.solved)
    assert body.answered and body.coverage == 1.0 and body.unsolved_challenge is None


def test_named_concepts_and_themes_are_judged_by_their_results(bm25_index) -> None:
    fatigue = who_solved(bm25_index, "challenge:stakeholder-fatigue")
    assert fatigue.confidence.coverage == 1.0 and is_answered(fatigue)
    nobody = who_solved(bm25_index, "challenge:political-vs-climate-clock")
    assert nobody.results == () and nobody.confidence.unsolved is not None and not is_answered(nobody)
    theme = who_solved(bm25_index, "theme:financing-partnerships")
    assert theme.confidence.unsolved is None and is_answered(theme)  # a theme is never one unsolved challenge


def test_answer_rule_needs_score_coverage_and_no_unsolved_reading() -> None:
    rule = AnswerRule(0.1, 0.5, 0.3)
    gap = Matched("x", "a gap", 0.3)
    assert rule.answers(0.2, Confidence(0.5, None))
    assert not rule.answers(0.09, Confidence(1.0, None))
    assert not rule.answers(0.2, Confidence(0.49, None))
    assert not rule.answers(0.2, Confidence(1.0, gap))
    assert rule.answers(0.2, Confidence(1.0, Matched("x", "a faint gap", 0.29)))


def test_who_faces_still_answers_when_nobody_solved_it(bm25_index) -> None:
    page = who_faces(bm25_index, "elections move slower than the climate crisis")
    assert page.results and CITY + "riga" in {r.city for r in page.results[:5]}


def test_cli_eval_reports_honesty_calibrates_and_prints_json(settings, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from nzc_graph.cli.main import app
    from nzc_graph.graph.build import build
    from nzc_graph.store import EmbeddedStore

    disk = EmbeddedStore(tmp_path / "store")
    build(settings, disk, with_reasoner=False)
    disk.close()
    monkeypatch.setenv("NZC_SEARCH_SEMANTIC", "off")
    run = CliRunner().invoke
    files = [str(settings.root / "eval" / n) for n in ("dev_questions.jsonl", "dev_unanswerable.jsonl")]
    store = ["--store", str(tmp_path / "store")]
    r = run(app, ["eval", *files, "--calibrate", "--min-precision", "0.9", "--min-recall", "0.8", *store])
    assert r.exit_code == 0, r.output
    assert "precision" in r.stdout and "recall" in r.stdout and "chosen: best score >= 0.10" in r.stdout
    r = run(app, ["eval", *files, "--format", "json", *store])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body["honesty"]["precision"] >= 0.9 and body["honesty"]["recall"] >= 0.8
    assert body["overall"]["hit_at_3"] >= 0.85 and "calibration" not in body
    r = run(app, ["eval", files[0], "--min-recall", "0.8", *store])
    assert r.exit_code == 2 and "need 'unanswerable' questions" in r.output
