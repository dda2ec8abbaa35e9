"""Fact answers about learning sessions and dates: when, who took part, which sessions, how many.

- **date** ("when was the session on innovative financing?", "since when has Turku worked with the
  EIB?"): the named session, or among the dated sessions and practices (queries/list-dates.rq, bound
  to the named city when there is one) the one whose label and description hold most of the
  question's words; with the quote that gives the date. The graph has no session after the report's
  cut-off, so a question about the next or upcoming one is answered "not in the graph".
- **participants** ("which cities presented on MEL?"): the cities the graph records in the named
  session or series (list-sessions-and-participants.rq), each with its representatives' job titles
  and a quote; when the question names a city too, whether and as whom that city took part.
- **sessions** ("which sessions did Aachen take part in?"): the city's sessions
  (describe-city-sessions.rq), or every session the report covers when no city is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nzc_graph.queries import QueryLibrary
from nzc_graph.search.fact_values import (
    FactAnswer,
    FactValue,
    dated_quote,
    evidence_of,
    listing,
    show_date,
    show_period,
    text,
)
from nzc_graph.search.facts import Evidence
from nzc_graph.search.intents import Lexicon, Recognition
from nzc_graph.search.matching import Text, coverage, holds_most, weights
from nzc_graph.search.question_forms import normalised
from nzc_graph.store.base import GraphStore

_LATER = re.compile(r"\b(?:next|upcoming|coming|future|forthcoming|later)\b")


@dataclass(frozen=True)
class Dated:
    iri: str
    label: str
    kind: str
    date: str | None
    end: str | None
    description: str
    quotes: tuple[Evidence, ...]

    def fact(self) -> FactValue:
        date = self.date or ""
        shown = show_period(date, self.end)
        return FactValue(date, shown, self.label, self.iri, None, dated_quote(list(self.quotes), date))


def answer_event(lexicon: Lexicon, store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    if r.aspect == "date":
        return date(store, library, r)
    if r.aspect == "participants":
        return participants(lexicon, store, library, r)
    return sessions(lexicon, store, library, r)


def dated(store: GraphStore, library: QueryLibrary, about: str | None) -> list[Dated]:
    """Sessions and dated practices (about a resource or city, or all), one per resource."""
    grouped: dict[str, list[dict[str, str | None]]] = {}
    keys = ("resourceLabel", "kind", "date", "endDate", "description", "quote", "section", "context")
    for row in library.select(store, "list-dates", {"about": about} if about else {}):
        grouped.setdefault(str(row["resource"]), []).append({k: text(row, k) for k in keys})
    out = []
    for iri, rows in grouped.items():
        first = rows[0]
        quotes = tuple(dict.fromkeys(e for g in rows for e in [_evidence(g)] if e))
        out.append(
            Dated(
                iri,
                first["resourceLabel"] or iri,
                first["kind"] or "",
                first["date"],
                first["endDate"],
                first["description"] or "",
                quotes,
            )
        )
    return out


def _evidence(g: dict[str, str | None]) -> Evidence | None:
    return Evidence(g["quote"] or "", g["section"] or "", g["context"] or "") if g["quote"] else None


def date(store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """When the named session took place, or since when the described practice runs."""
    if _LATER.search(normalised(r.question)):
        known = [d for d in dated(store, library, None) if d.kind == "session" and d.date and not d.end]
        last = max(known, key=lambda d: d.date or "", default=None)
        until = f"; the last one it records is {last.label} ({show_period(last.date or '', last.end)})" if last else ""
        return FactAnswer("date", False, f"The graph records no session after the report's cut-off{until}.", r.session)
    subject = r.session or (r.cities[0] if r.cities else None)
    found = dated(store, library, subject.iri if subject else None)
    chosen = next((d for d in found if r.session and d.iri == r.session.iri), None) or _best(found, r)
    if chosen is None:
        have = "; ".join(f"{d.label} ({show_period(d.date, d.end)})" for d in found if d.date)
        where = f" about {subject.label}" if subject else ""
        tail = f" Dates{where} in the graph: {have}." if have else ""
        return FactAnswer("date", False, f"The graph records no date{where} that matches your words.{tail}", subject)
    if not chosen.date:
        return FactAnswer("date", False, f"The graph gives no date for {chosen.label}.", subject)
    value = chosen.fact()
    if chosen.kind != "session":
        message = f"{chosen.label}: since {value.display}."
    else:
        message = (
            f"{chosen.label} took place {'on ' if len(chosen.date) == 10 and not chosen.end else ''}{value.display}."
        )
    return FactAnswer("date", True, message, subject, (value,))


def _best(found: list[Dated], r: Recognition) -> Dated | None:
    texts = [Text.of([(d.label, 1.0), (d.description, 0.5)]) for d in found]
    if not r.terms:
        return found[0] if len(found) == 1 else None
    weight = weights(r.terms, texts)
    scored = sorted(
        ((coverage(r.terms, t, weight), d.iri, d, t) for d, t in zip(found, texts, strict=True)), reverse=True
    )
    return scored[0][2] if scored and holds_most(r.terms, scored[0][3], weight) else None


def _participations(store: GraphStore, library: QueryLibrary, session: str) -> list[FactValue]:
    """One value per city recorded in the session (or any session of the series), with its quote."""
    out: dict[str, FactValue] = {}
    for row in library.select(store, "list-sessions-and-participants", {"session": session}):
        city = str(row["city"])
        if city not in out:
            titles = text(row, "roleTitles") or ""
            out[city] = FactValue(city, str(row["cityLabel"]), titles, city, None, evidence_of(row))
    return sorted(out.values(), key=lambda v: v.display)


def _which_session(lexicon: Lexicon, r: Recognition) -> FactAnswer:
    names = listing([s.label for s in lexicon.sessions])
    return FactAnswer(
        r.aspect or "participants", False, f"Which session do you mean? The graph records these: {names}.", None
    )


def participants(lexicon: Lexicon, store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """The cities recorded in the named session; or whether (and as whom) a named city took part."""
    if r.session is None:
        if r.cities and r.aspect == "participants":
            return sessions(lexicon, store, library, r)
        return _which_session(lexicon, r)
    found = _participations(store, library, r.session.iri)
    if r.cities:
        city = r.cities[0]
        mine = [v for v in found if v.value == city.iri]
        if not mine:
            others = listing([v.display for v in found]) or "no city"
            no = FactValue("no", "no", city.label, city.iri)
            return FactAnswer(
                "participants", True, f"No: the graph records {others} in {r.session.label}.", r.session, (no,)
            )
        as_whom = f" (represented by: {mine[0].label})" if mine[0].label else ""
        yes = FactValue(mine[0].label or "yes", mine[0].label or "yes", city.label, city.iri, None, mine[0].evidence)
        return FactAnswer(
            "participants", True, f"{city.label} took part in {r.session.label}{as_whom}.", r.session, (yes,)
        )
    if not found:
        return FactAnswer("participants", False, f"The graph records no participants of {r.session.label}.", r.session)
    cities = listing([v.display for v in found])
    return FactAnswer("participants", True, f"{cities} took part in {r.session.label}.", r.session, tuple(found))


def count_participants(store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """How many cities the graph records in the named session, and which."""
    assert r.session is not None  # the caller checked
    found = _participations(store, library, r.session.iri)
    n = str(len(found))
    value = FactValue(
        n,
        n,
        f"Cities the graph records in {r.session.label}",
        r.session.iri,
        "cities",
        found[0].evidence if found else None,
    )
    cities = listing([v.display for v in found])
    return FactAnswer(
        "count", bool(found), f"{n} cities took part in {r.session.label}: {cities}.", r.session, (value,), tuple(found)
    )


def sessions(lexicon: Lexicon, store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """The sessions the named city took part in, or the sessions the report covers."""
    if not r.cities:
        series = {s.series for s in lexicon.sessions if s.series}
        events = [s for s in lexicon.sessions if s.iri not in series]
        events.sort(key=lambda s: (s.date or "", s.label))
        values = tuple(FactValue(s.iri, s.label, show_date(s.date or ""), s.iri) for s in events)
        return FactAnswer("sessions", True, f"The report covers {len(values)} learning sessions.", None, values)
    city = r.cities[0]
    found: dict[str, FactValue] = {}
    for row in library.select(store, "describe-city-sessions", {"resource": city.iri}):
        iri = str(row["item"])
        if iri not in found:
            found[iri] = FactValue(
                iri, str(row["itemLabel"]), show_date(text(row, "date") or ""), iri, None, evidence_of(row)
            )
    if not found:
        return FactAnswer("sessions", False, f"The graph records no learning session with {city.label}.", city)
    names = listing([v.display for v in found.values()])
    n = len(found)
    return FactAnswer(
        "sessions",
        True,
        f"{city.label} took part in {n} session{'s' if n > 1 else ''}: {names}.",
        city,
        tuple(found.values()),
    )
