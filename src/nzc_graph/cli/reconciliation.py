"""The build's reconciliation table: role claims of the report against those of the roster pages."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from nzc_graph.graph.build import Reconciliation


def print_reconciliation(out: Console, rows: tuple[Reconciliation, ...]) -> None:
    """Promotions and conflicts one per row; claims both sources agree on as a count."""
    changed = [r for r in rows if r.changed]
    confirmed = len(rows) - len(changed)
    t = Table(title="Role claims: the report against the roster pages (the more specific claim wins)")
    for col in ("city", "programme", "report says", "roster page says", "outcome"):
        t.add_column(col, overflow="fold")
    for r in changed:
        t.add_row(
            r.city_label,
            r.programme,
            _claim(r.report_role, r.report_cohort),
            _claim(r.roster_role, r.roster_cohort),
            r.outcome,
        )
    out.print(t)
    promoted = sum(r.outcome.startswith("promoted") for r in changed)
    conflicts = sum("conflict" in r.outcome for r in changed)
    out.print(
        f"{promoted} promoted from participant, {conflicts} conflict(s), "
        f"{confirmed} claim(s) confirmed by both sources",
        markup=False,
        highlight=False,
    )


def _claim(role: str, cohort: str) -> str:
    return f"{role} (cohort {cohort})" if cohort else role
