"""Reading what a question asks: each intent and kind of fact from its wording, the cities and
sessions it names from the graph's labels, and the labelled question sets read right."""

from __future__ import annotations

import pytest

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.answers import Sources
from nzc_graph.search.ask_evaluation import run_asks
from nzc_graph.search.evaluation import load_questions
from nzc_graph.search.index import build_index
from nzc_graph.search.intents import Lexicon, load_lexicon, recognise

SESSION = "https://w3id.org/nzc/id/session/"


@pytest.fixture(scope="module")
def sources(store, settings) -> Sources:
    library = QueryLibrary(settings.queries_dir)
    return Sources(build_index(store, library, "off"), store, library)


@pytest.fixture(scope="module")
def lexicon(sources) -> Lexicon:
    return load_lexicon(sources.index, sources.store, sources.queries)


@pytest.mark.parametrize(
    ("question", "intent", "aspect"),
    [
        # who solved it: solutions asked for, and problems in the user's own words (the default)
        ("Who solved stakeholder fatigue?", "solved", None),
        ("Has anyone set up a one-stop shop for home renovation?", "solved", None),
        ("How do other cities get businesses to commit?", "solved", None),
        ("Our partners are exhausted by too many meetings", "solved", None),
        ("When the council buys things it only looks at the price", "solved", None),  # "when" inside a problem
        ("We never know how much our buildings use", "solved", None),  # "how much" inside a problem
        ("Which cities use participatory budgeting?", "solved", None),
        # who faces it
        ("Who else faces stakeholder fatigue?", "faces", None),
        ("Which cities struggle to hire financial experts?", "faces", None),
        ("Who cannot get the managers into the room?", "faces", None),
        ("Whose funding applications were turned down?", "faces", None),
        # whom to talk to: a named city and a matchmaking wording
        ("Who should Kozani talk to?", "match", None),
        ("Which cities could help Aachen with green bonds?", "match", None),
        ("Find a peer city for Umeå", "match", None),
        # facts
        ("How much did Turku borrow from the EIB?", "fact", "amount"),
        ("What share of Turku's heat comes from biomass?", "fact", "amount"),
        ("Can you tell me how long the Sensemaking sessions last?", "fact", "amount"),
        ("How many companies did Valladolid engage?", "fact", "count"),
        ("When was the session on innovative financing?", "fact", "date"),
        ("In which year was the Landscape Laboratory founded?", "fact", "date"),
        ("Which cities presented on MEL?", "fact", "participants"),
        ("Who took part in the anticipatory governance session?", "fact", "participants"),
        ("Did Porto take part in the MEL session?", "fact", "participants"),
        ("Which sessions did Aachen attend?", "fact", "sessions"),
        ("How far has Aachen got with the financial architect?", "fact", "status"),
        ("What is the status of Kozani's blended finance model?", "fact", "status"),
        # nothing to go on
        ("?", "unknown", None),
    ],
)
def test_each_intent_is_read_from_the_wording(lexicon, question, intent, aspect) -> None:
    r = recognise(lexicon, question)
    assert (r.intent, r.aspect) == (intent, aspect), question


def test_how_far_without_a_city_asks_who_solved_it(lexicon) -> None:
    assert recognise(lexicon, "Has any city implemented participatory budgeting?").intent == "solved"


@pytest.mark.parametrize(
    ("question", "cities"),
    [
        ("How many researchers work at Guimaraes' lab?", ["guimaraes"]),  # without the tilde
        ("Who should Umea talk to?", ["umea"]),
        ("Did Cluj Napoca and Porto meet?", ["cluj-napoca", "porto"]),
        ("What did Santiago de Compostela ask for?", ["santiago-de-compostela"]),  # the longest name wins
        ("Who should Cork talk to?", ["cork"]),
        ("We found cork floors warm", []),  # an everyday word, not the city, when not capitalised
    ],
)
def test_cities_are_recognised_by_any_name_the_graph_knows(lexicon, question, cities) -> None:
    assert [c.iri.rsplit("/", 1)[-1] for c in recognise(lexicon, question).cities] == cities


@pytest.mark.parametrize(
    ("question", "session"),
    [
        ("Which cities presented on MEL?", "p2p-reflexivity-mel"),
        ("When was the session on innovative financing?", "p2p-innovative-financing"),
        ("How many pilots were in the cohort 3 Sensemaking round?", "sensemaking-c3-r1"),
        ("How often do the Collective Sensemaking rounds take place?", "sensemaking-series"),  # the series
        ("Who took part in the session on working with companies?", "p2p-multi-actor-collaboration"),  # a theme
        ("How many cities are part of the EU Cities Mission?", None),  # "mission" alone names no session
        ("How much did Turku borrow from the EIB?", None),
    ],
)
def test_sessions_are_recognised_by_their_names_and_themes(lexicon, question, session) -> None:
    r = recognise(lexicon, question)
    assert (r.session.iri.removeprefix(SESSION) if r.session else None) == session


def test_a_city_question_names_a_session_only_with_a_session_word(lexicon) -> None:
    assert recognise(lexicon, "How long is Tampere's participation programme?").session is None
    r = recognise(lexicon, "Who represented Turku at the financing session?")
    assert r.session is not None and r.session.iri.endswith("p2p-innovative-financing")


@pytest.mark.parametrize("question", ["", "   ", "x" * 501])
def test_empty_or_oversize_questions_are_refused(lexicon, question) -> None:
    with pytest.raises(InvalidQueryParameter, match="q: the question is"):
        recognise(lexicon, question)


@pytest.mark.parametrize(
    ("files", "floor"),
    [
        (["dev_questions.jsonl", "dev_unanswerable.jsonl", "dev_facts.jsonl", "dev_match.jsonl"], 0.95),
        (["holdout_questions.jsonl", "holdout_unanswerable.jsonl"], 0.9),  # written before the recogniser
    ],
)
def test_labelled_questions_are_read_as_what_they_ask(sources, lexicon, settings, files, floor) -> None:
    questions = [q for f in files for q in load_questions(settings.root / "eval" / f, sources.index)]
    assert all(q.intent for q in questions)
    report = run_asks(sources, questions, lexicon)
    misread = [(o.question.id, o.question.question, o.intent, o.aspect) for o in report.misread]
    for score in report.by_intent:
        assert score.recognised >= floor, (score, misread)
