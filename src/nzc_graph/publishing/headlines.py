"""The home page's headline numbers: totals, cities by role, practices by status, the most shared
challenges and the busiest themes, from the counting queries (`count-resources`,
`count-cities-by-role`, `count-practices-by-status`, `rank-challenges`,
`count-practices-by-theme`). templates/overview_home.html renders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from nzc_graph.publishing.overview import as_int, cell_text, role_order
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore
from nzc_graph.wording import counted

# The resource counts of count-resources.rq shown on the home page, in this order.
HEADLINE_KINDS: tuple[str, ...] = ("cities", "practice adoptions", "challenges", "peer links", "quotes")


@dataclass(frozen=True)
class Count:
    """One headline number: what is counted (an IRI when it has a page), its label and the count."""

    label: str
    n: int
    iri: str = ""
    detail: str = ""


@dataclass(frozen=True)
class HomeOverview:
    """The headline numbers of the home page (templates/overview_home.html renders them)."""

    totals: tuple[Count, ...]
    roles: tuple[Count, ...]
    statuses: tuple[Count, ...]
    challenges: tuple[Count, ...]
    themes: tuple[Count, ...]

    @property
    def most_practices(self) -> int:
        """The largest status count, the 100 % of the status bars."""
        return max((c.n for c in self.statuses), default=0)


def home_overview(store: GraphStore, library: QueryLibrary, top: int = 5) -> HomeOverview:
    """Totals, cities by role, practices by status, the most shared challenges and the busiest themes."""
    totals = {cell_text(r, "kind"): as_int(r, "n") for r in library.select(store, "count-resources")}
    ranked = library.select(store, "rank-challenges", {"limit": str(top)})
    return HomeOverview(
        totals=tuple(Count(kind, totals[kind]) for kind in HEADLINE_KINDS if kind in totals),
        roles=tuple(
            sorted(
                (
                    Count(cell_text(r, "roleLabel"), as_int(r, "cities"), cell_text(r, "role"))
                    for r in library.select(store, "count-cities-by-role")
                ),
                key=lambda c: role_order(c.iri),
            )
        ),
        statuses=tuple(
            Count(cell_text(r, "statusLabel"), as_int(r, "practices"), cell_text(r, "status"))
            for r in library.select(store, "count-practices-by-status")
        ),
        challenges=tuple(
            Count(
                cell_text(r, "challengeLabel"),
                as_int(r, "cities"),
                cell_text(r, "challenge"),
                counted(as_int(r, "practices"), "practice"),
            )
            for r in ranked[:top]
        ),
        themes=tuple(
            Count(
                cell_text(r, "themeLabel"),
                as_int(r, "practices"),
                cell_text(r, "theme"),
                counted(as_int(r, "cities"), "city"),
            )
            for r in library.select(store, "count-practices-by-theme")[:top]
        ),
    )
