"""Readable tables (or the API's JSON) for the search commands of the CLI: solved, faces, match, pairs, eval."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nzc_graph.config import Settings
from nzc_graph.errors import StoreUnavailable
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.evaluation import EvalReport, Metrics
from nzc_graph.search.facts import Evidence
from nzc_graph.search.index import SearchIndex, build_index
from nzc_graph.search.matchmaking import MatchResult
from nzc_graph.search.pairing import PairingPlan
from nzc_graph.search.service import FacesResult, Page, SolvedResult
from nzc_graph.store import open_store


def open_index(settings: Settings) -> SearchIndex:
    """Build the search index from the configured store (which must have been built). The store is
    opened read-only, so this works beside a server that holds it open for writing."""
    store = open_store(settings, read_only=True)
    if store.count() == 0:
        raise StoreUnavailable("the store is empty; run 'nzc-graph build' first")
    return build_index(store, QueryLibrary(settings.queries_dir), settings.search_semantic)


def _evidence(e: Evidence | None) -> Text:
    """The quote as people read it ("…" when it starts mid-sentence), as plain text: a quote's own
    square brackets ("We identified [developing adaptation pathways] as …") are not Rich markup."""
    if e is None:
        return Text("")
    flag = " (indirect evidence: names another city)" if e.indirect else ""
    return Text(f"§{e.section} “{e.shown}”{flag}")


def print_solved(out: Console, page: Page[SolvedResult]) -> None:
    t = Table(title=f"Who solved it ({page.total} cities, ranker {page.ranker})", show_lines=True)
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
    t = Table(title=f"Who faces it ({page.total} cities, ranker {page.ranker})", show_lines=True)
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
    t = Table(title=f"Peers for {result.city_label}", show_lines=True)
    for col in ("#", "peer", "score", "help", "gives back", "similar", "reasons"):
        t.add_column(col, overflow="fold")
    for n, m in enumerate(result.results, start=1):
        reasons = "\n".join(f"- {r.text}" + (f" [§{r.evidence.section}]" if r.evidence else "") for r in m.reasons)
        t.add_row(
            str(n),
            m.city_label,
            f"{m.score:.2f}",
            f"{m.help:.2f}",
            f"{m.reciprocity:.2f}",
            f"{m.similarity:.2f}",
            reasons,
        )
    out.print(t)


def print_pairs(out: Console, plan: PairingPlan) -> None:
    t = Table(title=f"Pairing plan for {plan.cohort_label} (total benefit {plan.total_benefit:.2f})", show_lines=True)
    for col in ("#", "cities", "benefit", "why"):
        t.add_column(col, overflow="fold")
    for n, g in enumerate(plan.groups, start=1):
        t.add_row(str(n), " + ".join(g.city_labels), f"{g.benefit:.2f}", g.why)
    out.print(t)
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
    out.print(t)
    for o in report.misses:
        got = ", ".join(c.rsplit("/", 1)[-1] for c in o.returned[:3]) or "nothing"
        rank = f"gold first at rank {o.rank}" if o.rank else "no gold city in the first 10"
        out.print(
            f"miss {o.question.id} ({o.question.type}): {o.question.question!r} -> {got}; {rank}",
            markup=False,
            highlight=False,
        )
