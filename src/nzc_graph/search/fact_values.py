"""What a fact answer holds, and how its values read: "€334 million", "2 April 2025", "66.7%".

Shared by the fact answers (fact_answers.py, event_answers.py) and the edges that show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from nzc_graph.search.facts import Evidence
from nzc_graph.search.intents import Named
from nzc_graph.search.question_forms import Aspect
from nzc_graph.store.base import Row

MONTHS = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class FactValue:
    """One value of an answer.

    `value` is canonical (a number without trailing zeros, an ISO date, a city or session IRI, a
    status label, yes/no); `display` is how people read it; `label` says what it is (the figure's,
    session's, city's or practice's label); `iri` is the resource that gives it."""

    value: str
    display: str
    label: str
    iri: str | None = None
    unit: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class FactAnswer:
    """The answer to a fact question, or an honest "the graph does not say" (`answered` false).

    `message` is one sentence for people; `subject` the city or session the answer is about;
    `values` the answer itself (one for an amount, count, date or status, several for who took part
    or a city's sessions); `related` other close figures or dates the graph has ("the graph also
    has…"), never the answer."""

    aspect: Aspect
    answered: bool
    message: str
    subject: Named | None = None
    values: tuple[FactValue, ...] = ()
    related: tuple[FactValue, ...] = ()

    @property
    def evidence(self) -> Evidence | None:
        """The quote behind the first value."""
        return next((v.evidence for v in self.values if v.evidence is not None), None)


def text(row: Row, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def evidence_of(row: Row) -> Evidence | None:
    """The quote of a result row (columns quote, section, context), if it has one."""
    quote = text(row, "quote")
    return Evidence(quote, text(row, "section") or "", text(row, "context") or "") if quote else None


def canonical_number(value: str) -> str:
    """334000000.0 → 334000000, 66.70 → 66.7 (unchanged when it is not a number)."""
    try:
        return format(Decimal(value).normalize(), "f")
    except InvalidOperation:
        return value


def show_number(value: str, unit: str) -> str:
    """A figure as people read it: €334 million, 66.7%, 2,000 members, 18 months."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value} {unit}"
    plain = f"{number.normalize():,f}"
    if unit.upper() == "EUR":
        if number >= 1_000_000:
            return f"€{(number / 1_000_000).normalize():f} million"
        return f"€{plain}"
    if unit == "percent":
        return f"{plain}%"
    return f"{plain} {_counted_unit(unit, number == 1)}"


def _counted_unit(unit: str, one: bool) -> str:
    """Units as the data gives them ("cities", "month") read with their number: 1 city, 18 months."""
    if one:
        return unit[:-3] + "y" if unit.endswith("ies") else unit[:-1] if unit.endswith("s") else unit
    return f"{unit}s" if unit in ("year", "month", "week", "day", "hour", "minute") else unit


def show_date(value: str) -> str:
    """2025-04-02 → 2 April 2025, 2024-10 → October 2024, 2017 → 2017."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def show_period(start: str, end: str | None) -> str:
    """A date, or "from 20 March 2025 to 2 April 2025"."""
    return f"from {show_date(start)} to {show_date(end)}" if end and end != start else show_date(start)


def dated_quote(quotes: list[Evidence], date: str) -> Evidence | None:
    """The quote that gives the date (its year and, when known, its month), else the first one."""
    parts = date.split("-")
    month = MONTHS[int(parts[1]) - 1] if len(parts) > 1 and parts[1].isdecimal() and 0 < int(parts[1]) <= 12 else ""
    for q in quotes:
        if parts[0] in q.quote and month in q.quote:
            return q
    return next((q for q in quotes if parts[0] in q.quote), quotes[0] if quotes else None)


def listing(labels: list[str]) -> str:
    """A, B and C."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1] if labels else ""
