"""The breakout-room assignment as a constraint model, solved by OR-Tools' CP-SAT solver.

Plain sets in, room numbers out: no graph, no labels. `search/planner.py` turns facts into the
sets and the rooms back into cities, storytellers and evidence.

Given n cities, for each city i the challenges it *has* (T_i: faces or works on) and those it has
a *working* practice for (W_i ⊆ T_i: piloting, implemented or scaled), and a number of rooms k:

Variables
    x[i, r]  city i sits in room r;
    u[c, r]  challenge c comes up in room r (some city of r has it);
    t[i, r]  city i can tell its story in room r;
    m[r]     room r has no storyteller.

Constraints
    1. every city is in exactly one room: Σ_r x[i, r] = 1;
    2. rooms are as even as they can be: each holds ⌊n/k⌋ or ⌈n/k⌉ cities, and exactly
       n − k·⌊n/k⌋ rooms hold the larger number;
    3. u[c, r] ≥ x[i, r] for every city i that has c;
    4. t[i, r] ⇒ x[i, r] and t[i, r] ⇒ some other city j of room r has a challenge of W_i
       (a storyteller presents a working practice for a challenge the room shares);
    5. m[r] ∨ ⋁_i t[i, r]: a room without a storyteller is allowed, but costs (below).

Objective, lexicographic as one weighted sum
    minimise  P · Σ_r m[r]  +  Σ_{c, r} u[c, r],      P = (number of u variables) + 1,

so first as many rooms as possible get a storyteller, then the rooms share as much as possible:
Σ_r (distinct challenges in r) is smallest exactly when the overlap
Σ_r Σ_c max(0, cities of r with c − 1) is largest, because Σ_i |T_i| is fixed.

Only challenges that two or more cities have get a u variable (the others cost the same in every
plan). Cities with no challenge take no part in the model: they fill the rooms up to their sizes
afterwards. Rooms are interchangeable, so the i-th modelled city may only sit in rooms 0…i
(symmetry breaking; every plan has a relabelling that satisfies it).

The solver runs with one worker, no LP relaxation (its bound is weak for interchangeable rooms, and
plain search finds better plans sooner) and a limit on deterministic time, so the same input gives
the same plan on any machine; a wall-clock limit guards a loaded server. The answer says whether the
plan is proven optimal or the best found within the limit. Plans of 2 to 8 rooms for the report's
cohorts are proven optimal; a dense synthetic cohort of 50 is not, and gets the best plan found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from nzc_graph.errors import QueryTimeout

SolveStatus = Literal["optimal", "feasible"]


@dataclass(frozen=True)
class SolverLimits:
    """How long CP-SAT may search: deterministic time (its own work unit, reproducible; 0.5 is about
    half a second on an idle core) and, as a guard on a busy machine, wall-clock seconds."""

    work: float = 0.5
    seconds: float = 5.0


@dataclass(frozen=True)
class Assignment:
    """The room (0…k−1) of each city, in the order given, and whether the plan is proven optimal."""

    room_of: tuple[int, ...]
    status: SolveStatus


def room_sizes(n: int, k: int) -> tuple[int, int, int]:
    """(smaller size, larger size, number of rooms of the larger size) for n cities in k rooms.

    >>> room_sizes(30, 4)
    (7, 8, 2)
    >>> room_sizes(12, 4)
    (3, 3, 0)
    """
    low = n // k
    extra = n - k * low
    return low, low + (1 if extra else 0), extra


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]
    big: list[cp_model.IntVar]


def _build(has: Sequence[frozenset[str]], working: Sequence[frozenset[str]], k: int, n: int) -> _Model:
    md = cp_model.CpModel()
    rooms = range(k)
    x = {(i, r): md.new_bool_var(f"x_{i}_{r}") for i in range(len(has)) for r in rooms if r <= i}
    for i in range(len(has)):
        md.add_exactly_one(x[i, r] for r in rooms if (i, r) in x)
    low, _, extra = room_sizes(n, k)
    big = [md.new_bool_var(f"big_{r}") for r in rooms]
    md.add(sum(big) == extra)
    for r in rooms:
        md.add(sum(x[i, r] for i in range(len(has)) if (i, r) in x) <= low + big[r])
    u = _challenges(md, has, x, k)
    missing = _storytellers(md, has, working, x, k)
    md.minimize((len(u) + 1) * sum(missing) + sum(u))
    return _Model(md, x, big)


def _challenges(
    md: cp_model.CpModel, has: Sequence[frozenset[str]], x: dict[tuple[int, int], cp_model.IntVar], k: int
) -> list[cp_model.IntVar]:
    holders: dict[str, list[int]] = {}
    for i, challenges in enumerate(has):
        for c in sorted(challenges):
            holders.setdefault(c, []).append(i)
    u = []
    for c, cities in sorted(holders.items()):
        if len(cities) < 2:
            continue
        for r in range(k):
            present = [x[i, r] for i in cities if (i, r) in x]
            if present:
                comes_up = md.new_bool_var(f"u_{c}_{r}")
                for var in present:
                    md.add_implication(var, comes_up)
                u.append(comes_up)
    return u


def _storytellers(
    md: cp_model.CpModel,
    has: Sequence[frozenset[str]],
    working: Sequence[frozenset[str]],
    x: dict[tuple[int, int], cp_model.IntVar],
    k: int,
) -> list[cp_model.IntVar]:
    listeners = {i: [j for j in range(len(has)) if j != i and has[j] & working[i]] for i in range(len(has))}
    missing = []
    for r in range(k):
        tellers = []
        for i, audience in listeners.items():
            present = [x[j, r] for j in audience if (j, r) in x]
            if (i, r) in x and present:
                tells = md.new_bool_var(f"t_{i}_{r}")
                md.add_implication(tells, x[i, r])
                md.add_bool_or(present).only_enforce_if(tells)
                tellers.append(tells)
        none = md.new_bool_var(f"m_{r}")
        md.add_bool_or([*tellers, none])
        missing.append(none)
    return missing


def assign_rooms(
    has: Sequence[frozenset[str]], working: Sequence[frozenset[str]], k: int, limits: SolverLimits = SolverLimits()
) -> Assignment:
    """The room of each city (see the module docstring for the model). `has[i]` and `working[i]` are
    city i's challenges; 1 ≤ k ≤ len(has) is checked by the caller."""
    n = len(has)
    modelled = [i for i in range(n) if has[i]]
    m = _build([has[i] for i in modelled], [working[i] & has[i] for i in modelled], k, n)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    solver.parameters.linearization_level = 0  # the LP bound is weak here (rooms are symmetric); search instead
    solver.parameters.max_deterministic_time = limits.work
    solver.parameters.max_time_in_seconds = limits.seconds
    status = solver.solve(m.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise QueryTimeout(f"the room planner found no plan within its limit ({solver.status_name(status)})")
    room_of = [-1] * n
    for pos, i in enumerate(modelled):
        room_of[i] = next(r for r in range(k) if (pos, r) in m.x and solver.boolean_value(m.x[pos, r]))
    low = room_sizes(n, k)[0]
    free = [low + int(solver.boolean_value(b)) - room_of.count(r) for r, b in enumerate(m.big)]
    for i in range(n):
        if room_of[i] < 0:
            r = next(r for r in range(k) if free[r] > 0)
            room_of[i], free[r] = r, free[r] - 1
    return Assignment(tuple(room_of), "optimal" if status == cp_model.OPTIMAL else "feasible")
