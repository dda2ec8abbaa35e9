"""Readable tables (or the API's JSON) for the search commands of the CLI: solved, faces, match, pairs,
plan, eval."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nzc_graph.config import Settings
from nzc_graph.errors import StoreUnavailable
from nzc_graph.namespaces import slug
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.calibration import Calibration
from nzc_graph.search.confidence import AnswerRule
from nzc_graph.search.evaluation import EvalReport, Honesty, Metrics, Outcome
from nzc_graph.search.facts import Evidence
from nzc_graph.search.index import SearchIndex, build_index
from nzc_graph.search.matchmaking import MatchResult
from nzc_graph.search.pairing import PairingPlan
from nzc_graph.search.planner import RoomPlan
from nzc_graph.search.service import FacesResult, Page, SolvedResult
from nzc_graph.store import GraphStore, open_store
from nzc_graph.wording import counted


def open_built_store(settings: Settings) -> GraphStore:
    """The configured store, opened read-only (so this works beside a server that holds it open for
    writing); it must have been built."""
    store = open_store(settings, read_only=True)
    if store.count() == 0:
        raise StoreUnavailable("the store is empty; run 'nzc-graph build' first")
    return store


def open_index(settings: Settings, store: GraphStore | None = None) -> SearchIndex:
    """Build the search index from the configured store (or the one given)."""
    built = store if store is not None else open_built_store(settings)
    return build_index(built, QueryLibrary(settings.queries_dir), settings.search_semantic)


def _evidence(e: Evidence | None) -> Text:
    """The quote as people read it ("…" when it starts mid-sentence), as plain text: a quote's own
    square brackets ("We identified [developing adaptation pathways] as …") are not Rich markup."""
    if e is None:
        return Text("")
    flag = " (indirect evidence: names another city)" if e.indirect else ""
    return Text(f"§{e.section} “{e.shown}”{flag}")


def print_solved(out: Console, page: Page[SolvedResult]) -> None:
    t = Table(title=f"Who solved it ({counted(page.total, 'city')}, ranker {page.ranker})", show_lines=True)
    for col in ("#", "city", "practice (kind)", "status", "challenge", "score", "evidence"):
        t.add_column(col, overflow="fold")
    for n, r in enumerate(page.results, start=page.offset + 1):
        t.add_row(
            str(n),
            r.city_label,
            f"{r.practice_label} ({r.kind_label or '-'})",
            r.status_label,
            r.challenge_labels[0] if r.challenge_labels else "",
            f"{r.score:.3f}",
            _evidence(r.evidence),
        )
    out.print(t)
    for n, r in enumerate(page.results, start=page.offset + 1):
        out.print(f"{n}. {r.why}", markup=False, highlight=False)


def print_faces(out: Console, page: Page[FacesResult]) -> None:
    t = Table(title=f"Who faces it ({counted(page.total, 'city')}, ranker {page.ranker})", show_lines=True)
    for col in ("#", "city", "challenge", "score", "evidence"):
        t.add_column(col, overflow="fold")
    for n, r in enumerate(page.results, start=page.offset + 1):
        t.add_row(
            str(n),
            r.city_label,
            r.challenge_label,
            f"{r.score:.3f}",
            _evidence(r.evidence),
        )
    out.print(t)


def print_match(out: Console, result: MatchResult) -> None:
    needs = "; ".join(f"{n.challenge_label} ({n.source})" for n in result.needs) or "none recorded"
    out.print(f"{result.city_label} needs help with: {needs}", markup=False, highlight=False)
    for p in result.partners:
        where = f" [{p.citations[0].shown}]" if p.citations else ""
        out.print(f"{p.text}.{where}", markup=False, highlight=False)
    t = Table(title=f"Peers for {result.city_label}", show_lines=True)
    for col in ("#", "peer", "score", "help", "gives back", "similar", "programme", "reasons"):
        t.add_column(col, overflow="fold")
    for n, m in enumerate(result.results, start=1):
        reasons = "\n".join(f"- {r.text}" for r in m.reasons)
        t.add_row(
            str(n),
            m.city_label,
            f"{m.score:.2f}",
            f"{m.help:.2f}",
            f"{m.reciprocity:.2f}",
            f"{m.similarity:.2f}",
            f"{m.programme:.2f}",
            reasons,
        )
    out.print(t)
    if result.co_learners:
        c = Table(title=f"Co-learners of {result.city_label}: also working on it, not counted as help", show_lines=True)
        for col in ("city", "what it is working on"):
            c.add_column(col, overflow="fold")
        for x in result.co_learners:
            c.add_row(x.city_label, "\n".join(f"- {r.text}" for r in x.reasons))
        out.print(c)


def print_pairs(out: Console, plan: PairingPlan) -> None:
    t = Table(title=f"Pairing plan for {plan.cohort_label} (total benefit {plan.total_benefit:.2f})", show_lines=True)
    for col in ("#", "cities", "benefit", "why"):
        t.add_column(col, overflow="fold")
    for n, g in enumerate(plan.groups, start=1):
        t.add_row(str(n), " + ".join(g.city_labels), f"{g.benefit:.2f}", g.why)
    out.print(t)
    out.print(f"method: {plan.method}", markup=False, highlight=False)


def print_plan(out: Console, plan: RoomPlan) -> None:
    what = plan.cohort_label or "the chosen cities"
    t = Table(title=f"Breakout rooms for {what} (overlap {plan.overlap}, {plan.status})", show_lines=True)
    for col in ("room", "cities", "shared challenges", "storyteller and practice", "evidence"):
        t.add_column(col, overflow="fold")
    for r in plan.rooms:
        s = r.storyteller
        story = f"{s.city_label}: {s.practice_label} ({s.status_label}) for {s.challenge_label}" if s else r.note
        shared = "\n".join(f"{c.label} ({', '.join(c.city_labels)})" for c in r.shared) or "none"
        quote = _evidence(s.evidence if s else None)
        t.add_row(str(r.number), ", ".join(r.city_labels), Text(shared), Text(story), quote)
    out.print(t)
    out.print(f"objective: {plan.objective}", markup=False, highlight=False)
    out.print(f"method: {plan.method}", markup=False, highlight=False)


def _metric_row(t: Table, name: str, m: Metrics) -> None:
    t.add_row(name, str(m.count), f"{m.hit_at_1:.3f}", f"{m.hit_at_3:.3f}", f"{m.mrr:.3f}")


def print_eval(out: Console, report: EvalReport) -> None:
    t = Table(title=f"Search evaluation (ranker {report.ranker})")
    for col in ("questions", "n", "hit@1", "hit@3", "MRR"):
        t.add_column(col, justify="right")
    _metric_row(t, "all", report.overall)
    for name, m in report.by_type.items():
        _metric_row(t, name, m)
    for lang, m in report.by_language.items():
        _metric_row(t, f"language {lang}", m)
    out.print(t)
    for o in report.misses:
        got = ", ".join(slug(c) for c in o.returned[:3]) or "nothing"
        rank = f"gold first at rank {o.rank}" if o.rank else "no gold city in the first 10"
        _line(out, f"miss {o.question.id} ({o.question.type}): {o.question.question!r} -> {got}; {rank}")
    if report.honesty is not None:
        _print_honesty(out, report)


def rule_text(rule: AnswerRule) -> str:
    return (
        f"best score >= {rule.floor:.2f}, coverage >= {rule.min_coverage:.2f}, "
        f"not read as an unsolved challenge with relevance >= {rule.unsolved_relevance:.2f}"
    )


def _print_honesty(out: Console, report: EvalReport) -> None:
    h = report.honesty
    assert h is not None  # checked by the caller
    t = Table(title=f"Answered or nobody yet ({rule_text(h.rule)})")
    for col in ("solved", "unanswerable", "answered", "precision of answered", "recall of answerable", "F0.5"):
        t.add_column(col, justify="right")
    t.add_row(
        str(h.answerable),
        str(h.unanswerable),
        str(h.answered),
        f"{h.precision:.3f}",
        f"{h.recall:.3f}" if h.answerable else "-",
        f"{h.f05:.3f}" if h.answerable else "-",
    )
    out.print(t)
    if h.faced:
        _line(out, f"who faces it, unanswerable with gold cities: {h.faced_hits}/{h.faced} with one in the first 3")
    for o in report.false_answers:
        _line(out, f"false answer {o.question.id}: {o.question.question!r} -> {_signals(o)}")
    for o in report.withheld:
        _line(out, f"withheld {o.question.id}: {o.question.question!r} -> {_signals(o)}")


def _signals(o: Outcome) -> str:
    top = slug(o.returned[0]) if o.returned else "nothing"
    gap = o.confidence.unsolved
    unsolved = f", reads as unsolved “{gap.label}” ({gap.relevance:.2f})" if gap else ""
    return f"{top}, best {o.best:.3f}, coverage {o.confidence.coverage:.2f}{unsolved}"


def print_calibration(out: Console, calibration: Calibration, top: int = 10) -> None:
    t = Table(title=f"Answer rules by F0.5 (recall >= {calibration.min_recall:.2f} first)")
    for col in ("floor", "coverage", "unsolved", "answered", "precision", "recall", "F0.5"):
        t.add_column(col, justify="right")
    for h in calibration.tried[:top]:
        r = h.rule
        t.add_row(
            f"{r.floor:.2f}",
            f"{r.min_coverage:.2f}",
            f"{r.unsolved_relevance:.2f}",
            str(h.answered),
            f"{h.precision:.3f}",
            f"{h.recall:.3f}",
            f"{h.f05:.3f}",
        )
    out.print(t)
    met = "" if calibration.meets_recall else f" (no rule reaches recall {calibration.min_recall:.2f})"
    _line(out, f"chosen: {rule_text(calibration.chosen.rule)}{met}")


def _line(out: Console, text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _metrics_json(m: Metrics) -> dict[str, Any]:
    return {"count": m.count, "hit_at_1": m.hit_at_1, "hit_at_3": m.hit_at_3, "mrr": m.mrr}


def _honesty_json(h: Honesty) -> dict[str, Any]:
    return {
        "rule": {
            "floor": h.rule.floor,
            "min_coverage": h.rule.min_coverage,
            "unsolved_relevance": h.rule.unsolved_relevance,
        },
        "answerable": h.answerable,
        "unanswerable": h.unanswerable,
        "answered": h.answered,
        "correct": h.correct,
        "precision": h.precision,
        "recall": h.recall,
        "f05": h.f05,
        "faced": h.faced,
        "faced_hits": h.faced_hits,
    }


def _outcome_json(o: Outcome) -> dict[str, Any]:
    gap = o.confidence.unsolved
    return {
        "id": o.question.id,
        "type": o.question.type,
        "question": o.question.question,
        "returned": [slug(c) for c in o.returned[:3]],
        "rank": o.rank,
        "best": o.best,
        "coverage": round(o.confidence.coverage, 3),
        "unsolved": {"iri": gap.iri, "label": gap.label, "relevance": round(gap.relevance, 3)} if gap else None,
    }


def eval_json(report: EvalReport, calibration: Calibration | None) -> dict[str, Any]:
    """The evaluation as plain JSON values (for `nzc-graph eval --format json`)."""
    body: dict[str, Any] = {
        "ranker": report.ranker,
        "overall": _metrics_json(report.overall),
        "by_type": {t: _metrics_json(m) for t, m in report.by_type.items()},
        "misses": [_outcome_json(o) for o in report.misses],
        "honesty": _honesty_json(report.honesty) if report.honesty else None,
        "false_answers": [_outcome_json(o) for o in report.false_answers] if report.honesty else [],
        "withheld": [_outcome_json(o) for o in report.withheld],
    }
    if report.by_language:
        body["by_language"] = {lang: _metrics_json(m) for lang, m in report.by_language.items()}
    if calibration is not None:
        body["calibration"] = {
            "min_recall": calibration.min_recall,
            "chosen": _honesty_json(calibration.chosen),
            "tried": [_honesty_json(h) for h in calibration.tried],
        }
    return body
