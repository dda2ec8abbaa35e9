"""The search commands of the CLI: ask, solved, faces, match, pairs, plan, eval (tables: tables.py, ask_tables.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import BaseModel

from nzc_graph.cli.common import App, DebugOpt, StoreOpt, out, settings_for
from nzc_graph.errors import InvalidQueryParameter

if TYPE_CHECKING:
    from nzc_graph.search.ask_evaluation import AskReport
    from nzc_graph.search.calibration import Calibration
    from nzc_graph.search.evaluation import EvalReport


def register(app: App) -> None:
    """Add the search commands to the main CLI."""
    for command in (ask, solved, faces, match, pairs, plan):
        app.command()(command)
    app.command(name="eval")(eval_search)


SearchFmt = Annotated[str, typer.Option("--format", "-f", help="table, or json (the HTTP API's contract)")]
EvalFmt = Annotated[str, typer.Option("--format", "-f", help="table, or json (every number and question listed)")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="How many results.")]


def _emit(fmt: str, payload: BaseModel, show: Callable[[], None]) -> None:
    """Print the API model as JSON, or call the table printer."""
    if fmt == "json":
        print(payload.model_dump_json(indent=2))
    else:
        show()


def ask(
    question: Annotated[str, typer.Argument(help="A question or a problem in your own words.")],
    fmt: SearchFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Ask anything: who solved or faces a problem, whom a city should talk to, or a fact (amounts,
    counts, dates, who took part), answered from the graph with its evidence, or "not in the graph".

    Example: nzc-graph ask "how much did Turku borrow from the EIB?"
    """
    from nzc_graph.api.schemas.ask import ask_response
    from nzc_graph.cli.ask_tables import open_sources, print_ask
    from nzc_graph.search.answers import answer_question

    answer = answer_question(open_sources(settings_for(store)), question)
    _emit(fmt, ask_response(answer), lambda: print_ask(out, answer))


def solved(
    query: Annotated[str, typer.Argument(help="The problem in your own words, or a challenge IRI.")],
    theme: Annotated[str | None, typer.Option(help="Theme IRI, slug or label.")] = None,
    cohort: Annotated[str | None, typer.Option(help="Cohort number, slug or IRI.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO code, label or IRI.")] = None,
    min_status: Annotated[str | None, typer.Option(help="proposed … scaled, or 1-5.")] = None,
    limit: LimitOpt = 10,
    fmt: SearchFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Which cities dealt with a problem: practice, status, evidence and why.

    Example: nzc-graph solved "our partners are tired of all our invitations"
    """
    from nzc_graph.api.schemas.search import solved_response
    from nzc_graph.cli.tables import open_index, print_solved
    from nzc_graph.search.service import who_solved

    page = who_solved(
        open_index(settings_for(store)),
        query,
        theme=theme,
        cohort=cohort,
        country=country,
        min_status=min_status,
        limit=limit,
    )
    _emit(fmt, solved_response(query, page), lambda: print_solved(out, page))


def faces(
    query: Annotated[str, typer.Argument(help="The problem in your own words, or a challenge IRI.")],
    cohort: Annotated[str | None, typer.Option(help="Cohort number, slug or IRI.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO code, label or IRI.")] = None,
    limit: LimitOpt = 10,
    fmt: SearchFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Which cities the report says face a problem, with evidence.

    Example: nzc-graph faces "we cannot hire the experts we need"
    """
    from nzc_graph.api.schemas.search import faces_response
    from nzc_graph.cli.tables import open_index, print_faces
    from nzc_graph.search.service import who_faces

    page = who_faces(open_index(settings_for(store)), query, cohort=cohort, country=country, limit=limit)
    _emit(fmt, faces_response(query, page), lambda: print_faces(out, page))


def match(
    city: Annotated[str, typer.Argument(help="City label (any spelling), slug or IRI.")],
    challenge: Annotated[str | None, typer.Option(help="Only this challenge (IRI or plain words).")] = None,
    k: Annotated[int, typer.Option("-k", help="How many peers.")] = 5,
    size: Annotated[
        str | None, typer.Option(help="similar: only cities of the city's population band (GeoNames).")
    ] = None,
    fmt: SearchFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Peers that can help a city with its challenges, with reciprocity, similarity and evidence.

    Example: nzc-graph match Kozani
    Example: nzc-graph match Aachen --size similar
    """
    from nzc_graph.api.schemas.matching import match_response
    from nzc_graph.cli.tables import open_index, print_match
    from nzc_graph.search.matchmaking import match as run_match

    result = run_match(open_index(settings_for(store)), city, challenge=challenge, k=k, size=size)
    _emit(fmt, match_response(result, k, 0), lambda: print_match(out, result))


def pairs(
    cohort: Annotated[str, typer.Option("--cohort", help="Cohort number, slug or IRI.")],
    fmt: SearchFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """A pairing plan for a whole cohort that maximises the total mutual benefit.

    Example: nzc-graph pairs --cohort 3
    """
    from nzc_graph.api.schemas.matching import pairs_response
    from nzc_graph.cli.tables import open_index, print_pairs
    from nzc_graph.search.pairing import pair_cohort

    plan = pair_cohort(open_index(settings_for(store)), cohort)
    _emit(fmt, pairs_response(plan, 100, 0), lambda: print_pairs(out, plan))


def plan(
    cohort: Annotated[str | None, typer.Option("--cohort", help="Cohort number, slug or IRI.")] = None,
    city: Annotated[list[str] | None, typer.Option("--city", help="Or a city to plan for (repeat the option).")] = None,
    rooms: Annotated[int | None, typer.Option("--rooms", help="Number of rooms.")] = None,
    size: Annotated[int | None, typer.Option("--size", help="Largest room; with --rooms, a check on it.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json (the HTTP API's contract) or csv")] = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Breakout rooms for a session: cities grouped by shared challenges, a Storyteller in each room.

    Example: nzc-graph plan --cohort 3 --rooms 4
    """
    from nzc_graph.api.schemas.plan import plan_response
    from nzc_graph.cli.tables import open_index, print_plan
    from nzc_graph.search.planner import plan_csv, plan_rooms

    index = open_index(settings_for(store))
    result = plan_rooms(index.facts, cohort=cohort, cities=city or [], rooms=rooms, size=size)
    if fmt == "csv":
        print(plan_csv(result), end="")
    else:
        _emit(fmt, plan_response(result), lambda: print_plan(out, result))


def eval_search(
    files: Annotated[
        list[Path], typer.Argument(help="Question files, JSON Lines (see eval/README.md); their questions are pooled.")
    ],
    min_hit3: Annotated[
        float, typer.Option("--min-hit3", help="Exit 1 when hit@3 (overall, or in any one language) is below this.")
    ] = 0.0,
    min_precision: Annotated[
        float, typer.Option("--min-precision", help="Exit 1 when the precision of 'answered' is below this.")
    ] = 0.0,
    min_recall: Annotated[
        float, typer.Option("--min-recall", help="Exit 1 when the recall of answerable questions is below this.")
    ] = 0.0,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Sweep the answer rule over solved + unanswerable questions; print the best."),
    ] = False,
    fmt: EvalFmt = "table",
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Measure the plain-words search: hit@1, hit@3 and MRR overall and per question type, the misses,
    and (with unanswerable questions) the precision of "answered" and the recall of answerable ones;
    for questions with an intent label, and fact and match questions, how often the ask box reads
    them right and (fact, match) answers them right, per intent and per kind of fact.

    Example: nzc-graph eval eval/dev_questions.jsonl eval/dev_unanswerable.jsonl --calibrate
    Example: nzc-graph eval eval/dev_facts.jsonl eval/dev_match.jsonl
    Example: nzc-graph eval eval/dev_questions_de.jsonl eval/dev_questions_es.jsonl --min-hit3 0.8
    """
    from nzc_graph.cli.ask_tables import open_sources
    from nzc_graph.search.ask_evaluation import run_asks
    from nzc_graph.search.calibration import calibrate as sweep
    from nzc_graph.search.evaluation import SEARCH_TYPES, load_questions, report_of, run_questions

    sources = open_sources(settings_for(store))
    questions = [q for file in files for q in load_questions(file, sources.index)]
    outcomes = run_questions(sources.index, questions)
    report = report_of(outcomes, sources.index.ranker)
    calibration = sweep(outcomes) if calibrate else None
    asks = run_asks(sources, questions) if any(q.intent or q.type not in SEARCH_TYPES for q in questions) else None
    _show_eval(fmt, report, calibration, asks)
    h = report.honesty
    if h is None and (min_precision or min_recall):
        raise InvalidQueryParameter("--min-precision and --min-recall need 'unanswerable' questions among the files")
    short = bool(outcomes) and (
        report.overall.hit_at_3 < min_hit3 or any(m.hit_at_3 < min_hit3 for m in report.by_language.values())
    )
    dishonest = h is not None and (h.precision < min_precision or h.recall < min_recall)
    raise typer.Exit(1 if short or dishonest else 0)


def _show_eval(fmt: str, report: EvalReport, calibration: Calibration | None, asks: AskReport | None) -> None:
    """The search measures (when there were search questions), the calibration and the ask measures."""
    from nzc_graph.cli.ask_tables import ask_eval_json, print_ask_eval
    from nzc_graph.cli.tables import eval_json, print_calibration, print_eval

    if fmt == "json":
        print(json.dumps({**eval_json(report, calibration), "ask": ask_eval_json(asks) if asks else None}, indent=2))
        return
    if report.outcomes:
        print_eval(out, report)
    if calibration is not None:
        print_calibration(out, calibration)
    if asks is not None:
        print_ask_eval(out, asks)
