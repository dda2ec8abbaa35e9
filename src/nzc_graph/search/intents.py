"""What a question asks: who solved X, who faces X, whom city C should talk to, or a fact.

Rule-based, no language model: the question's wording decides the intent (wording.py holds the
patterns), and the cities and learning sessions it names are recognised from the graph's own labels:

- **cities** by any name the graph knows (Umeå, Umea, Cluj Napoca), as whole words;
- **sessions** by the words of their labels, alternative labels and theme labels
  (queries/list-session-names.rq), each word weighted by how rare it is among the sessions
  ("MEL" names one session, "session" all of them); a session is named when it holds at least
  SESSION_COVERAGE of the question's remaining words.

Facts come first (amounts, counts, dates, who took part, a city's sessions, how far a practice got),
then "whom should C talk to" (a named city and a matchmaking cue), then explicit "who solved it" and
"who faces it" wordings, then a question about *who* has a problem ("Who is stuck waiting for…") as
"who faces it"; anything else is a problem in the user's own words, read as "who solved it" — the
ask box's default, which also shows who else faces it. Figures and practices are recognised later,
by the fact answers (fact_answers.py), among the facts about what the question names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.facts import Facts
from nzc_graph.search.index import SearchIndex
from nzc_graph.search.matching import Term, Text, coverage, plain_words, stems_of, terms_of, tokens, weights, worded
from nzc_graph.search.question_forms import (
    AMBIGUOUS_NAMES,
    FRAMING,
    SESSION_WORDS,
    Aspect,
    Intent,
    fact_aspect,
    match_topic,
    reads_as_faces,
    reads_as_match,
    reads_as_solved,
)
from nzc_graph.store.base import GraphStore

MAX_QUESTION = 500
SESSION_COVERAGE = 0.5
FIELD_WEIGHT = {"label": 1.0, "altLabel": 1.0, "theme": 0.6}
SERIES_THEME_WEIGHT = 0.5  # a series has the themes of all its sessions: "the session on X" is the one on X
SESSION_ASPECTS = frozenset({"amount", "count", "date", "participants"})  # the facts a session can be the subject of


@dataclass(frozen=True)
class Named:
    """A city or session the question names: IRI, label, kind and the words that named it."""

    iri: str
    label: str
    kind: Literal["city", "session"]
    words: str


@dataclass(frozen=True)
class Session:
    """A learning session with every name a question may use for it."""

    iri: str
    label: str
    text: Text
    date: str | None
    series: str | None


@dataclass(frozen=True)
class Lexicon:
    """The names a question is read against: the snapshot's cities and the store's sessions."""

    facts: Facts
    cities: Mapping[tuple[str, ...], str]  # a name as its words → city IRI
    longest: int  # the most words a city name has
    sessions: tuple[Session, ...]
    synonyms: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Recognition:
    """How a question was read.

    `terms` are its content words (stems) without the framing of its intent and without the cities
    it names; `counted` the words after "how many" (the unit asked for); `topic` the words a
    matchmaking question adds after "with", "on" or "about" ("…help Aachen with green bonds")."""

    question: str
    intent: Intent
    aspect: Aspect | None
    cities: tuple[Named, ...]
    session: Named | None
    terms: tuple[Term, ...]
    counted: tuple[str, ...] = ()
    topic: str | None = None


def check_question(text: str | None) -> str:
    """The question, stripped; a clear error when it is empty or too long."""
    question = (text or "").strip()
    if not question:
        raise InvalidQueryParameter(
            "q: the question is empty; ask e.g. 'how much did Turku borrow from the EIB?', "
            "'which cities presented on MEL?' or describe a problem in plain words"
        )
    if len(question) > MAX_QUESTION:
        raise InvalidQueryParameter(f"q: the question is {len(question)} characters long; keep it under {MAX_QUESTION}")
    return question


def load_lexicon(index: SearchIndex, store: GraphStore, library: QueryLibrary) -> Lexicon:
    """City names from the search snapshot, session names from the store (list-session-names)."""
    cities: dict[tuple[str, ...], str] = {}
    for city in index.facts.cities.values():
        for name in (*city.names, city.label):
            words = tuple(plain_words(name))
            if words:
                cities.setdefault(words, city.iri)
    names: dict[str, list[tuple[str, str]]] = {}
    meta: dict[str, tuple[str, str | None, str | None]] = {}
    for row in library.select(store, "list-session-names"):
        iri = str(row["session"])
        names.setdefault(iri, []).append((str(row["name"]), str(row["field"])))
        date, series = row.get("date"), row.get("series")
        meta[iri] = (str(row["sessionLabel"]), str(date) if date else None, str(series) if series else None)
    parents = {s for _, _, s in meta.values() if s}

    def weight(iri: str, field: str) -> float:
        return SERIES_THEME_WEIGHT if field == "theme" and iri in parents else FIELD_WEIGHT.get(field, 0.5)

    sessions = tuple(
        Session(iri, label, Text.of((n, weight(iri, f)) for n, f in names[iri]), d, s)
        for iri, (label, d, s) in sorted(meta.items())
    )
    longest = max((len(k) for k in cities), default=1)
    return Lexicon(index.facts, cities, longest, sessions, index.reader.thesaurus.synonyms)


def find_cities(lexicon: Lexicon, question: str) -> tuple[Named, ...]:
    """The cities the question names, in order, each once; the longest name wins ("Santiago de
    Compostela" over "Santiago"). A name that is also an everyday word ("cork") must be capitalised."""
    words = plain_words(question)
    found: dict[str, Named] = {}
    i = 0
    while i < len(words):
        for n in range(min(lexicon.longest, len(words) - i), 0, -1):
            iri = lexicon.cities.get(tuple(words[i : i + n]))
            written = " ".join(words[i : i + n])
            if iri and (written not in AMBIGUOUS_NAMES or re.search(rf"\b{written.capitalize()}\b", question)):
                found.setdefault(iri, Named(iri, lexicon.facts.label(iri), "city", written))
                i += n - 1
                break
        i += 1
    return tuple(found.values())


def find_session(lexicon: Lexicon, terms: tuple[Term, ...]) -> Named | None:
    """The session whose names hold most of the question's words (rare words weigh more, and words
    no session has weigh most), when it holds at least SESSION_COVERAGE of them. On a tie a series
    comes before its sessions ("the Sensemaking rounds"), then the first by IRI."""
    if not terms or not lexicon.sessions:
        return None
    weight = weights(terms, [s.text for s in lexicon.sessions], strict=True)
    series = {s.series for s in lexicon.sessions}
    scored = sorted(
        ((coverage(terms, s.text, weight), s.iri not in series, s.iri, s) for s in lexicon.sessions),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    best, _, _, session = scored[0]
    if best < SESSION_COVERAGE:
        return None
    return Named(session.iri, session.label, "session", " ".join(t.word for t in terms if session.text.match(t)))


def _terms(lexicon: Lexicon, question: str, aspect: Aspect | None, cities: tuple[Named, ...]) -> tuple[Term, ...]:
    drop = set(FRAMING.get(aspect or "", frozenset())) | {s for c in cities for s in tokens(c.words)}
    return terms_of(((w, s) for w, s in worded(question) if s not in drop), lexicon.synonyms)


def _counted(question: str) -> tuple[str, ...]:
    words = plain_words(question)
    for i, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        if (a, b) in (("how", "many"), ("number", "of")):
            return stems_of(" ".join(w for w in words[i + 2 : i + 7] if not w.isdigit()))
    return ()


def _intent(question: str, cities: tuple[Named, ...]) -> tuple[Intent, Aspect | None]:
    aspect = fact_aspect(question)
    if aspect == "status" and not cities:
        aspect = None  # "has any city implemented X?" asks who solved it, not how far one city got
    if aspect is not None:
        return "fact", aspect
    if cities and reads_as_match(question):
        return "match", None
    if reads_as_solved(question):
        return "solved", None
    if reads_as_faces(question):
        return "faces", None
    return ("solved" if tokens(question) else "unknown"), None


def recognise(lexicon: Lexicon, question: str) -> Recognition:
    """Read the question: its intent, the fact it asks for, and the cities and session it names."""
    question = check_question(question)
    cities = find_cities(lexicon, question)
    intent, aspect = _intent(question, cities)
    terms = _terms(lexicon, question, aspect, cities)
    explicit = not cities or bool(SESSION_WORDS & set(plain_words(question)))
    session = find_session(lexicon, terms) if aspect in SESSION_ASPECTS and explicit else None
    topic = match_topic(question, cities[0].words) if intent == "match" else None
    return Recognition(question, intent, aspect, cities, session, terms, _counted(question), topic)
