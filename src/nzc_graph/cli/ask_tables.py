"""Readable output for `nzc-graph ask` and the ask part of `nzc-graph eval` (JSON comes from the API schemas)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nzc_graph.cli.tables import open_built_store, open_index, print_faces, print_match, print_solved
from nzc_graph.config import Settings
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.answers import AskAnswer, Sources
from nzc_graph.search.ask_evaluation import AskOutcome, AskReport, Score
from nzc_graph.search.facts import Evidence


def open_sources(settings: Settings) -> Sources:
    """The search index and the store (read-only) that answering a question reads."""
    store = open_built_store(settings)
    return Sources(open_index(settings, store), store, QueryLibrary(settings.queries_dir))


def _line(out: Console, text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _quote(e: Evidence | None) -> Text:
    return Text(f"§{e.section} “{e.shown}”" if e else "")


def print_ask(out: Console, answer: AskAnswer) -> None:
    """The answer in one sentence, what the question was read as, then the values or results."""
    read = answer.intent + (f" ({answer.aspect})" if answer.aspect else "")
    named = ", ".join(n.label for n in answer.named)
    _line(out, f"read as: {read}" + (f"; names {named}" if named else ""))
    _line(out, ("" if answer.answered else "not answered: ") + answer.message)
    if answer.fact is not None and (answer.fact.values or answer.fact.related):
        t = Table(show_lines=True)
        for col in ("", "value", "what", "evidence"):
            t.add_column(col, overflow="fold")
        for v in answer.fact.values:
            t.add_row("answer", v.display, v.label, _quote(v.evidence))
        for v in answer.fact.related:
            t.add_row("also", v.display, v.label, _quote(v.evidence))
        out.print(t)
    elif answer.search is not None:
        if answer.intent == "faces" or not answer.search.answered:
            print_faces(out, answer.search.faces)
        else:
            print_solved(out, answer.search.solved)
    elif answer.match is not None:
        print_match(out, answer.match)


def _score_row(t: Table, s: Score) -> None:
    t.add_row(s.label, str(s.count), f"{s.recognised:.3f}", "-" if s.right is None else f"{s.right:.3f}")


def print_ask_eval(out: Console, report: AskReport) -> None:
    for title, scores in (("Ask: intent recognition", report.by_intent), ("Ask: fact questions", report.by_aspect)):
        if not scores:
            continue
        t = Table(title=title)
        for col in ("intent" if scores is report.by_intent else "aspect", "n", "read right", "answered right"):
            t.add_column(col, justify="right")
        for s in scores:
            _score_row(t, s)
        out.print(t)
    for o in report.misread:
        want = (o.question.intent or o.question.type) + (f"/{o.question.aspect}" if o.question.aspect else "")
        got = o.intent + (f"/{o.aspect}" if o.aspect else "")
        _line(out, f"misread {o.question.id}: {o.question.question!r} as {got}, not {want}")
    for o in report.wrong:
        got = ", ".join(o.values) or "nothing"
        _line(
            out,
            f"wrong {o.question.id}: {o.question.question!r} -> {got} ({o.message}); expected {o.question.expected}",
        )


def _score_json(s: Score) -> dict[str, Any]:
    return {"count": s.count, "recognised": s.recognised, "right": s.right}


def _ask_outcome_json(o: AskOutcome) -> dict[str, Any]:
    q = o.question
    return {
        "id": q.id,
        "question": q.question,
        "label": {"intent": q.intent or q.type, "aspect": q.aspect},
        "read": {"intent": o.intent, "aspect": o.aspect},
        "answered": o.answered,
        "values": list(o.values),
        "expected": list(q.expected),
        "message": o.message,
    }


def ask_eval_json(report: AskReport) -> dict[str, Any]:
    return {
        "by_intent": {s.label: _score_json(s) for s in report.by_intent},
        "by_aspect": {s.label: _score_json(s) for s in report.by_aspect},
        "misread": [_ask_outcome_json(o) for o in report.misread],
        "wrong": [_ask_outcome_json(o) for o in report.wrong],
    }
