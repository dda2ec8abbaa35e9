"""Ask anything, on the real graph: every fact question of the dev set gets its right value, with a
quote that is verbatim in the report; questions the graph cannot answer say so."""

from __future__ import annotations

import pytest

from nzc_graph.graph.evidence import plain_text
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.answers import Sources, answer_question
from nzc_graph.search.ask_evaluation import run_asks
from nzc_graph.search.evaluation import load_questions
from nzc_graph.search.index import build_index
from nzc_graph.search.intents import Lexicon, load_lexicon


@pytest.fixture(scope="module")
def sources(store, settings) -> Sources:
    library = QueryLibrary(settings.queries_dir)
    return Sources(build_index(store, library, "off"), store, library)


@pytest.fixture(scope="module")
def lexicon(sources) -> Lexicon:
    return load_lexicon(sources.index, sources.store, sources.queries)


def test_every_dev_fact_question_answers_with_its_value(sources, lexicon, settings) -> None:
    questions = load_questions(settings.root / "eval" / "dev_facts.jsonl", sources.index)
    assert 25 <= len(questions) <= 60
    assert {q.aspect for q in questions} >= {"amount", "count", "date", "participants"}
    report = run_asks(sources, questions, lexicon)
    wrong = [(o.question.id, o.question.question, o.values, o.message) for o in report.outcomes if not o.right]
    assert not wrong, wrong
    assert all(o.recognised for o in report.outcomes)


def test_every_dev_fact_answer_carries_a_verbatim_quote_and_its_section(sources, lexicon, settings, source_text):
    report = plain_text(source_text)
    for q in load_questions(settings.root / "eval" / "dev_facts.jsonl", sources.index):
        answer = answer_question(sources, q.question, lexicon=lexicon)
        assert answer.fact is not None and answer.fact.values, q.id
        for v in answer.fact.values:
            if v.value == "no":  # "did X take part?" — no: there is no quote for an absence
                continue
            assert v.evidence is not None and v.evidence.section, (q.id, v)
            assert plain_text(v.evidence.quote) in report, (q.id, v.evidence.quote)


def test_the_issue_examples(sources, lexicon) -> None:
    loan = answer_question(sources, "how much did Turku borrow from the EIB?", lexicon=lexicon)
    assert loan.intent == "fact" and loan.aspect == "amount" and loan.answered
    assert loan.fact is not None and loan.fact.values[0].value == "334000000" and loan.fact.values[0].unit == "EUR"
    assert loan.fact.values[0].display == "€334 million" and loan.fact.evidence is not None
    assert "€334 million" in loan.fact.evidence.quote and loan.fact.evidence.section == "1.4.1"
    assert [v.value for v in loan.fact.related][:1] == ["150000000"]  # the framework loan is part of it

    when = answer_question(sources, "when was the session on innovative financing?", lexicon=lexicon)
    assert when.answered and when.fact is not None and when.fact.values[0].value == "2025-04-02"
    assert when.fact.values[0].display == "2 April 2025"
    assert when.fact.evidence is not None and "2nd April 2025" in when.fact.evidence.quote

    mel = answer_question(sources, "which cities presented on MEL?", lexicon=lexicon)
    assert mel.answered and mel.aspect == "participants"
    assert [n.iri.rsplit("/", 1)[-1] for n in mel.named] == ["p2p-reflexivity-mel"]
    assert mel.fact is not None and [v.display for v in mel.fact.values] == ["Barcelona", "Cluj-Napoca", "Porto"]


@pytest.mark.parametrize(
    "question",
    [
        "How much did Aachen borrow from the EIB?",  # Aachen has no loan figure; Turku's must not be given
        "How much did Turku borrow from the World Bank?",
        "When is the next Collective Sensemaking round?",  # after the report's cut-off
        "Which cities took part in the climate hackathon?",  # no such session
        "How far has Aachen got with its tram network?",  # no such practice
        "How many bicycles does Tampere own?",
    ],
)
def test_facts_the_graph_does_not_hold_are_not_answered(sources, lexicon, question) -> None:
    answer = answer_question(sources, question, lexicon=lexicon)
    assert answer.intent == "fact" and not answer.answered, answer.message
    assert answer.fact is not None and not answer.fact.values
    assert answer.message  # says what the graph does hold, or why not


@pytest.mark.parametrize("question", ["?", "!!!"])
def test_a_question_without_words_is_unknown(sources, lexicon, question) -> None:
    answer = answer_question(sources, question, lexicon=lexicon)
    assert answer.intent == "unknown" and not answer.answered and "Ask who solved" in answer.message


def test_an_off_topic_problem_gets_nobody_yet(sources, lexicon) -> None:
    answer = answer_question(sources, "snow removal in winter", lexicon=lexicon)
    assert answer.intent == "solved" and not answer.answered and answer.search is not None
    assert "No city in the graph reports solving this yet" in answer.message


def test_whom_to_talk_to_runs_matchmaking_for_the_named_city(sources, lexicon) -> None:
    answer = answer_question(sources, "Who should Kozani talk to?", lexicon=lexicon)
    assert answer.intent == "match" and answer.answered and answer.match is not None
    assert answer.match.city.endswith("/kozani") and answer.match.results
    assert all(m.city_label in answer.message for m in answer.match.results[:3])
    topic = answer_question(sources, "Who should Kozani talk to about keeping partners engaged?", lexicon=lexicon)
    assert topic.match is not None and len(topic.match.needs) == 1  # matchmaking on that one need
    assert topic.match.needs[0].challenge_label in topic.message


def test_a_faces_question_lists_who_faces_it(sources, lexicon) -> None:
    answer = answer_question(sources, "Who else faces stakeholder fatigue?", lexicon=lexicon)
    assert answer.intent == "faces" and answer.answered and answer.search is not None
    assert answer.search.faces.results and answer.search.faces.results[0].city_label in answer.message


def test_dates_and_sessions_of_a_named_city(sources, lexicon) -> None:
    since = answer_question(sources, "When did Aachen start working with the EIB?", lexicon=lexicon)
    assert since.fact is not None and since.fact.values[0].value == "2024-10"
    assert since.fact.values[0].display == "October 2024"
    porto = answer_question(sources, "Which sessions did Porto take part in?", lexicon=lexicon)
    assert porto.fact is not None and len(porto.fact.values) == 2 and "2 sessions" in porto.message
