"""Ask anything: one entry point that reads a question and answers it from the graph.

`answer_question` recognises what is asked (intents.py) and hands it to the part that knows:

- **solved** and **faces**: the plain-words search (`service.ask`, both sides: who solved it and who
  else faces it); `answered` is the calibrated answer rule for "who solved it", and for "who faces it"
  whether any city reports the problem with a score above the answer floor;
- **match** ("who should Kozani talk to?"): peer matchmaking (`matchmaking.match`) for the named city,
  on the challenge the question adds after "with", "on" or "about" when the graph knows it;
- **fact**: amounts, counts, dates, participants, a city's sessions and a practice's status
  (fact_answers.py), each with its evidence quote and section, or "not in the graph";
- **unknown**: nothing to go on (no word the search could use); `answered` false and a hint.

Every answer carries one sentence for people (`message`).
"""

from __future__ import annotations

from dataclasses import dataclass

from nzc_graph.errors import NotFound
from nzc_graph.languages import DEFAULT_LANGUAGE, Language
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.fact_answers import answer_fact
from nzc_graph.search.fact_values import FactAnswer
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.intents import Lexicon, Named, Recognition, load_lexicon, recognise
from nzc_graph.search.matchmaking import MatchResult, match
from nzc_graph.search.question_forms import Aspect, Intent
from nzc_graph.search.service import ANSWER_FLOOR, Answer, ask
from nzc_graph.store.base import GraphStore

MATCH_PEERS = 5
HINT = (
    'Ask who solved a problem or who faces it, whom a city should talk to ("who should Kozani talk to?"), '
    'or a fact: an amount ("how much did Turku borrow from the EIB?"), a date ("when was the session on '
    'innovative financing?") or who took part ("which cities presented on MEL?").'
)


@dataclass(frozen=True)
class Sources:
    """What answering reads: the search index (an in-memory snapshot) and the store with its queries."""

    index: SearchIndex
    store: GraphStore
    queries: QueryLibrary


@dataclass(frozen=True)
class AskFilters:
    """The ask box's optional filters: `size` (similar) narrows the peers of a match question, the
    others "who solved it" and "who faces it"."""

    theme: str | None = None
    cohort: str | None = None
    country: str | None = None
    min_status: str | None = None
    role: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class AskAnswer:
    """The answer to a question, whatever it asked. Exactly one of `search`, `match` and `fact` is
    set, except for an unknown question (none)."""

    question: str
    intent: Intent
    aspect: Aspect | None
    answered: bool
    message: str
    named: tuple[Named, ...]
    search: Answer | None = None
    match: MatchResult | None = None
    fact: FactAnswer | None = None


def answer_question(
    sources: Sources,
    question: str,
    filters: AskFilters = AskFilters(),
    *,
    lexicon: Lexicon | None = None,
    limit: int = 10,
    language: Language = DEFAULT_LANGUAGE,
) -> AskAnswer:
    """Read the question and answer it from the graph (or say honestly that the graph does not know).

    Pass a `lexicon` built once (`load_lexicon`) to spare reading the session names per question."""
    words = lexicon or load_lexicon(sources.index, sources.store, sources.queries)
    r = recognise(words, question)
    named = (*r.cities, *((r.session,) if r.session else ()))
    if r.intent == "fact":
        fact = answer_fact(words, sources.store, sources.queries, r)
        return AskAnswer(r.question, "fact", r.aspect, fact.answered, fact.message, named, fact=fact)
    if r.intent == "match":
        return _match(sources, r, named, filters.size)
    if r.intent == "unknown":
        return AskAnswer(r.question, "unknown", None, False, f"I could not tell what you are asking. {HINT}", named)
    return _search(sources, r, filters, named, limit, language)


def _search(
    sources: Sources, r: Recognition, f: AskFilters, named: tuple[Named, ...], limit: int, language: Language
) -> AskAnswer:
    found = ask(
        sources.index,
        r.question,
        theme=f.theme,
        cohort=f.cohort,
        country=f.country,
        min_status=f.min_status,
        role=f.role,
        limit=limit,
        language=language,
    )
    if r.intent == "faces":
        answered = found.faces.best >= ANSWER_FLOOR
        top = found.faces.results[0] if found.faces.results else None
        message = (
            f"{found.faces.total} cit{'y' if found.faces.total == 1 else 'ies'} report facing this; "
            f"first {top.city_label} (“{top.challenge_label}”)."
            if answered and top
            else "No city in the graph reports facing this."
        )
    else:
        answered, top_solved = found.answered, found.answers[0] if found.answers else None
        message = (
            f"{len(found.answers)} cit{'y' if len(found.answers) == 1 else 'ies'} on this page report a practice "
            f"for this; first {top_solved.city_label}: {top_solved.practice_label} ({top_solved.status_label})."
            if answered and top_solved
            else "No city in the graph reports solving this yet"
            + (f"; {found.faces.total} say they face it." if found.faces.total else ".")
        )
    return AskAnswer(r.question, r.intent, None, answered, message, named, search=found)


def _match(sources: Sources, r: Recognition, named: tuple[Named, ...], size: str | None) -> AskAnswer:
    city, topic = r.cities[0], r.topic
    try:
        result = match(sources.index, city.iri, challenge=topic, k=MATCH_PEERS, size=size)
    except NotFound:  # the topic names no challenge of the graph: match on all the city's needs
        result, topic = match(sources.index, city.iri, k=MATCH_PEERS, size=size), None
    if not result.results:
        return AskAnswer(
            r.question,
            "match",
            None,
            False,
            f"The graph has no peer to suggest for {city.label}"
            + (" among cities of a similar size." if result.size else " yet."),
            named,
            match=result,
        )
    peers = ", ".join(m.city_label for m in result.results[:3])
    need = result.needs[0].challenge_label if topic and result.needs else None
    among = f" (cities of its size, {result.size_band} inhabitants)" if result.size else ""
    message = f"{city.label} could talk to {peers}{among}" + (f" about “{need}”." if need else ".")
    return AskAnswer(r.question, "match", None, True, message, named, match=result)


__all__ = ["AskAnswer", "AskFilters", "Sources", "answer_question", "load_lexicon"]
