"""Answers to fact questions from the graph, each value with its evidence quote and report section.

- **amount** and **count** ("how much did Turku borrow from the EIB?", "how many cities took part
  in the cohort 2 round?"): the figures (queries/list-figures.rq) about the city or session the
  question names — bound as `about`, never pasted into the query — or all figures when it names
  neither. A figure scores the share of the question's words its label, unit, the label of what it
  describes and its quote hold (matching.py), plus UNIT_BONUS when its unit is the one asked for
  (money for "how much", a share for "what share" or "how much of", a duration for "how long",
  the counted word for "how many"). The best is the answer when it holds more than half of
  the words (matching.MOST) and has the unit asked for (or holds nearly all of them); on a tie the larger figure
  comes first, a total before the parts the report also gives. A count of a session's cities that
  no figure gives is the number of cities the graph records in it.
- **date**, **participants**, **sessions**: see event_answers.py.
- **status** ("how far has Aachen got with the financial architect?"): the named city's practice
  whose label, kind and description hold most of the words, and its status.

When nothing fits, the answer says so (`answered` false) and names what the graph does hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from nzc_graph.queries import QueryLibrary
from nzc_graph.search import event_answers
from nzc_graph.search.fact_values import (
    FactAnswer,
    FactValue,
    canonical_number,
    evidence_of,
    listing,
    show_number,
    text,
)
from nzc_graph.search.facts import Evidence
from nzc_graph.search.intents import Lexicon, Recognition
from nzc_graph.search.matching import Text, coverage, holds_most, stems_of, weights
from nzc_graph.search.question_forms import normalised
from nzc_graph.search.service import best_quote
from nzc_graph.store.base import GraphStore

SURE_COVERAGE = 0.75  # enough words matched to answer even when the unit is not the one asked for
UNIT_BONUS = 0.3
RELATED = 3
MONEY, SHARE = frozenset({"eur", "euro"}), frozenset({"percent"})
TIME = frozenset(stems_of("year month week day hour minute years months weeks days hours minutes"))
PEOPLE = frozenset(stems_of("cities city municipalities towns participants places"))
PERSONS = frozenset(stems_of("people person persons researchers staff members employees residents inhabitants experts"))


@dataclass(frozen=True)
class Figure:
    iri: str
    label: str
    value: str
    unit: str
    about: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def text(self) -> Text:
        quotes = [(e.quote, 0.4) for e in self.evidence]
        return Text.of([(self.label, 1.0), (self.unit, 1.0), *((a, 0.6) for a in self.about), *quotes])

    def fact(self) -> FactValue:
        number = canonical_number(self.value)
        shown = show_number(number, self.unit)
        return FactValue(number, shown, self.label, self.iri, self.unit, self.evidence[0] if self.evidence else None)


def answer_fact(lexicon: Lexicon, store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """Answer a question recognised as a fact (r.intent == "fact")."""
    if r.aspect in ("amount", "count"):
        return amount(store, library, r)
    if r.aspect == "status":
        return status(lexicon, r)
    return event_answers.answer_event(lexicon, store, library, r)


def figures(store: GraphStore, library: QueryLibrary, about: str | None) -> list[Figure]:
    """The figures about a resource (or all), one per figure with all its quotes."""
    rows: dict[str, list[dict[str, str | None]]] = {}
    for row in library.select(store, "list-figures", {"about": about} if about else {}):
        rows.setdefault(str(row["figure"]), []).append(
            {k: text(row, k) for k in ("figureLabel", "value", "unit", "figureOfLabel", "quote", "section")}
        )
    out = []
    for iri, group in rows.items():
        first = group[0]
        quotes = list(dict.fromkeys(e for g in group for e in [_quote(g)] if e))
        about_labels = tuple(dict.fromkeys(g["figureOfLabel"] or "" for g in group))
        out.append(
            Figure(
                iri, first["figureLabel"] or iri, first["value"] or "", first["unit"] or "", about_labels, tuple(quotes)
            )
        )
    return out


def _quote(g: dict[str, str | None]) -> Evidence | None:
    return Evidence(g["quote"] or "", g["section"] or "") if g["quote"] else None


def counted_unit(counted: tuple[str, ...], units: set[str]) -> frozenset[str] | None:
    """The head of the noun after "how many": of the first run of words that are units of some
    candidate, the last one ("how many Pilot Cities took part" counts cities, not pilots)."""
    run: list[str] = []
    for s in counted:
        if s in units or s in PERSONS:
            run.append(s)
        elif run:
            break
    return frozenset(run[-1:]) or None


def wanted_units(r: Recognition, units: set[str]) -> frozenset[str] | None:
    """The units the question asks for, as stems; None when it does not say."""
    if r.aspect == "count":
        return counted_unit(r.counted, units)
    q = normalised(r.question)
    if "how much of" in q or any(w in q for w in ("share", "percentage", "proportion", "fraction", "per cent")):
        return SHARE
    if any(w in q for w in ("how long", "how often", "duration", "length")):
        return TIME
    return MONEY if "how much" in q else None


def amount(store: GraphStore, library: QueryLibrary, r: Recognition) -> FactAnswer:
    """The figure the question asks for, about its city or session (or any figure)."""
    subject = r.cities[0] if r.cities else r.session
    found = figures(store, library, subject.iri if subject else None)
    units = wanted_units(r, {s for f in found for s in stems_of(f.unit)})
    texts = [f.text() for f in found]
    weight = weights(r.terms, texts)
    scored = []
    for f, t in zip(found, texts, strict=True):
        fits = units is not None and _fits(units, frozenset(stems_of(f.unit)))
        cov = coverage(r.terms, t, weight)
        scored.append((cov + UNIT_BONUS * fits, cov, fits, f, holds_most(r.terms, t, weight)))
    scored.sort(key=lambda s: (-s[0], -_number(s[3].value), s[3].iri))
    close = [s for s in scored if s[4]]
    if close and (units is None or close[0][2] or close[0][1] >= SURE_COVERAGE):
        best = close[0][3].fact()
        related = tuple(s[3].fact() for s in close[1:] if units is None or s[2])[:RELATED]
        return FactAnswer(r.aspect or "amount", True, f"{best.label}: {best.display}.", subject, (best,), related)
    if r.aspect == "count" and r.session is not None and (units is None or units & PEOPLE):
        return event_answers.count_participants(store, library, r)
    return _no_figure(r, subject.label if subject else None, [s[3] for s in scored])


def _fits(wanted: frozenset[str], unit: frozenset[str]) -> bool:
    """The unit is the one asked for; "how many people" also counts researchers, members, staff…"""
    return bool(wanted & unit) or bool(wanted & PERSONS and unit & PERSONS)


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _no_figure(r: Recognition, about: str | None, found: list[Figure]) -> FactAnswer:
    """Not in the graph; `related` are the figures it does have about what the question names."""
    where = f" about {about}" if about else ""
    if not r.terms:
        message = "Say what to count or measure, e.g. 'how many companies did Valladolid engage?'."
    elif found:
        words = ", ".join(t.word for t in r.terms)
        message = f"The graph records no figure{where} that matches your words ({words})."
    else:
        message = f"The graph holds no figure{where}."
    subject = r.cities[0] if r.cities else r.session
    related = tuple(f.fact() for f in found[:RELATED]) if about else ()
    return FactAnswer(r.aspect or "amount", False, message, subject, related=related)


def status(lexicon: Lexicon, r: Recognition) -> FactAnswer:
    """How far the named city got with the practice the question describes."""
    facts, city = lexicon.facts, r.cities[0]
    practices = sorted(facts.practices_by_city.get(city.iri, []), key=lambda p: p.iri)
    texts = [Text.of([(p.label, 1.0), (facts.label(p.kind), 1.0), (p.description, 0.5)]) for p in practices]
    weight = weights(r.terms, texts)
    scored = sorted(
        ((coverage(r.terms, t, weight), p, t) for p, t in zip(practices, texts, strict=True)), key=lambda s: -s[0]
    )
    if not scored or not holds_most(r.terms, scored[0][2], weight):
        known = listing([f"{p.label} ({facts.label(p.status)})" for p in practices[:6]])
        have = f" Its practices in the graph: {known}." if practices else " The graph records no practice for it."
        return FactAnswer("status", False, f"No practice of {city.label} matches your words.{have}", city)
    p = scored[0][1]
    label = facts.label(p.status)
    quote = best_quote(p.evidence, r.question)
    value = FactValue(label, label, p.label, p.iri, None, quote)
    return FactAnswer("status", True, f"{p.label}: {label}, as the report describes it.", city, (value,))


__all__ = ["FactAnswer", "FactValue", "answer_fact", "evidence_of"]
