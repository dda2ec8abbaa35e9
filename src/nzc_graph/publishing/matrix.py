"""The challenge × city matrix: which city faces which challenge, and how far its practices for
that challenge have got.

A row is a challenge, a column a city. A cell is filled when the city states the challenge
(a challenge statement) or has a practice adoption that addresses it, or both; it carries the
furthest status of those practices (proposed < planned < piloting < implemented < scaled, the
`nzc:statusRank` of the graph) and the resource that holds its evidence: the furthest practice,
or the challenge (whose page quotes every city facing it) when there is no practice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal, get_args

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.publishing.overview import OverviewFacts, PracticeFacts, Status
from nzc_graph.publishing.pages import Link
from nzc_graph.wording import counted

MatrixSort = Literal["shared", "practices", "name"]
MatrixScope = Literal["shared", "all"]
SORTS: tuple[MatrixSort, ...] = get_args(MatrixSort)
SCOPES: tuple[MatrixScope, ...] = get_args(MatrixScope)
SORT_LABELS: dict[MatrixSort, str] = {
    "shared": "most shared challenges first",
    "practices": "most practices first",
    "name": "A–Z",
}
SCOPE_LABELS: dict[MatrixScope, str] = {
    "shared": "challenges two or more cities face",
    "all": "every challenge",
}
NO_PRACTICE_CODE = "○"


@dataclass(frozen=True)
class Cell:
    faces: bool
    status: Status | None
    practices: tuple[Link, ...]
    """The city's practices addressing the challenge, furthest status first."""
    evidence: str
    """IRI of the resource the cell links to: the furthest practice, else the challenge."""
    code: str
    """What the cell shows: the status rank (1–5), or ○ when the city has no practice for it."""
    text: str
    """The cell in words, for screen readers and tooltips."""


@dataclass(frozen=True)
class MatrixRow:
    challenge: Link
    facing: int
    practices: int
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class Matrix:
    sort: MatrixSort
    scope: MatrixScope
    columns: tuple[Link, ...]
    rows: tuple[MatrixRow, ...]
    statuses: tuple[Status, ...]
    hidden: int
    """Challenges with a filled cell that the scope leaves out."""


def read_sort(raw: str) -> MatrixSort:
    """The row order named by a URL value ('' = the default, `shared`)."""
    value = raw.strip() or SORTS[0]
    for s in SORTS:
        if value == s:
            return s
    raise InvalidQueryParameter(f"sort must be one of {', '.join(SORTS)}; got {raw!r}")


def read_scope(raw: str) -> MatrixScope:
    """The rows to show named by a URL value ('' = the default, `shared`)."""
    value = raw.strip() or SCOPES[0]
    for s in SCOPES:
        if value == s:
            return s
    raise InvalidQueryParameter(f"scope must be one of {', '.join(SCOPES)}; got {raw!r}")


def _cell(facts: OverviewFacts, challenge: str, faces: bool, practices: list[PracticeFacts]) -> Cell:
    statuses = {s.iri: s for s in facts.statuses}
    ranked = sorted(practices, key=lambda p: (-p.rank, p.label.casefold()))
    best = statuses.get(ranked[0].status) if ranked else None
    links = tuple(Link(p.iri, p.label) for p in ranked)
    if best is None:
        return Cell(faces, None, links, challenge, NO_PRACTICE_CODE, "faces it; no practice recorded")
    count = f" ({counted(len(ranked), 'practice')})" if len(ranked) > 1 else ""
    text = f"{'faces it' if faces else 'addresses it'}; furthest practice {best.label}{count}"
    return Cell(faces, best, links, ranked[0].iri, str(best.rank), text)


@dataclass(frozen=True)
class _Index:
    faces: dict[str, set[str]]
    addressing: dict[tuple[str, str], list[PracticeFacts]]
    filled: dict[str, set[str]]
    practices: dict[str, int]


def _index(facts: OverviewFacts) -> _Index:
    faces: dict[str, set[str]] = defaultdict(set)
    for city, challenge in facts.statements:
        if city in facts.cities and challenge in facts.challenges:
            faces[challenge].add(city)
    addressing: dict[tuple[str, str], list[PracticeFacts]] = defaultdict(list)
    for p in facts.practices:
        for challenge in p.challenges:
            if p.city in facts.cities and challenge in facts.challenges:
                addressing[(challenge, p.city)].append(p)
    filled: dict[str, set[str]] = defaultdict(set)
    practices: dict[str, int] = defaultdict(int)
    for challenge, cities in faces.items():
        filled[challenge] |= cities
    for (challenge, city), found in addressing.items():
        filled[challenge].add(city)
        practices[challenge] += len(found)
    return _Index(faces, addressing, filled, practices)


def _rows_in_order(facts: OverviewFacts, ix: _Index, sort: MatrixSort, scope: MatrixScope) -> list[str]:
    def key(c: str) -> tuple[int, int, str]:
        label = facts.challenges[c].label.casefold()
        if sort == "name":
            return (0, 0, label)
        if sort == "practices":
            return (-ix.practices[c], -len(ix.faces[c]), label)
        return (-len(ix.faces[c]), -ix.practices[c], label)

    return sorted((c for c in ix.filled if scope == "all" or len(ix.faces[c]) >= 2), key=key)


def _columns_in_order(facts: OverviewFacts, ix: _Index, rows: list[str], sort: MatrixSort) -> list[str]:
    cells: dict[str, int] = defaultdict(int)
    for c in rows:
        for city in ix.filled[c]:
            cells[city] += 1
    return sorted(cells, key=lambda city: (0 if sort == "name" else -cells[city], facts.cities[city].label.casefold()))


def build_matrix(facts: OverviewFacts, sort: MatrixSort = "shared", scope: MatrixScope = "shared") -> Matrix:
    """Rows and columns in the order `sort` asks for (`shared`: challenges most cities face first,
    cities with most cells first; `practices`: most practices first; `name`: A–Z); `scope` = shared
    keeps the challenges that at least two cities state."""
    ix = _index(facts)
    shown = _rows_in_order(facts, ix, sort, scope)
    columns = _columns_in_order(facts, ix, shown, sort)
    rows = tuple(
        MatrixRow(
            Link(c, facts.challenges[c].label),
            len(ix.faces[c]),
            ix.practices[c],
            tuple(
                _cell(facts, c, city in ix.faces[c], ix.addressing.get((c, city), [])) if city in ix.filled[c] else None
                for city in columns
            ),
        )
        for c in shown
    )
    return Matrix(
        sort=sort,
        scope=scope,
        columns=tuple(Link(city, facts.cities[city].label) for city in columns),
        rows=rows,
        statuses=facts.statuses,
        hidden=len(ix.filled) - len(shown),
    )
