"""Questions in German, French, Spanish, Italian and Portuguese: language detection, stemming, and
choosing the answer language (lang=, Accept-Language, English)."""

from __future__ import annotations

import json

import pytest

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.languages import FOREIGN, LANGUAGES, accepted_language, phrase, phrases, preferred_language
from nzc_graph.search.foreign import ForeignReader, analyse_in, detect_language, stem_in

QUESTIONS = {
    "de": "Wie bekommen wir die Unternehmen dazu, bei unserem Klimaschutz mitzumachen?",
    "fr": "Comment les autres villes font-elles pour garder les habitants motivés sur la durée ?",
    "es": "¿Cómo han conseguido otras ciudades que los vecinos sigan participando?",
    "it": "Come fanno le altre città a coinvolgere le imprese nel piano per il clima?",
    "pt": "Como é que as outras cidades conseguem envolver as empresas na ação climática?",
}


@pytest.mark.parametrize(("language", "question"), QUESTIONS.items())
def test_each_language_is_told_from_its_stop_words(language, question) -> None:
    assert detect_language(question) == language


def test_english_questions_stay_english(settings) -> None:
    english = [
        json.loads(line)["question"]
        for path in sorted((settings.root / "eval").glob("*.jsonl"))
        if not path.stem.endswith(tuple(f"_{lang}" for lang in FOREIGN))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("//")
    ]
    assert len(english) > 200
    assert [q for q in english if detect_language(q) != "en"] == []


def test_one_shared_word_does_not_make_a_question_foreign() -> None:
    assert detect_language("e-buses via tender rules") == "en"


def test_a_tie_between_languages_goes_to_the_one_whose_labels_know_the_words() -> None:
    question = "con la gente"  # "con" and "la" are Spanish and Italian stop words
    assert detect_language(question) == "es"
    assert detect_language(question, lambda lang, _: 2 if lang == "it" else 0) == "it"


def test_stems_follow_each_language_and_drop_accents_after_stemming() -> None:
    assert stem_in("de", "Bürgern".lower()) == stem_in("de", "bürger")
    assert stem_in("es", "empresas") == stem_in("es", "empresa")
    assert stem_in("fr", "entreprises") == stem_in("fr", "entreprise")
    assert analyse_in("it", "Le imprese e i cittadini") == [stem_in("it", "imprese"), stem_in("it", "cittadini")]


def test_question_framing_is_not_content() -> None:
    assert analyse_in("de", "Welche Stadt hat das schon gelöst?") == []
    assert analyse_in("es", "¿Qué ciudades lo han resuelto ya?") == []


def test_a_german_compound_is_read_by_its_known_tail() -> None:
    reader = ForeignReader("de", {stem_in("de", "beratung"), stem_in("de", "energie")})
    (term,) = reader.terms("Energieberatung")
    assert term.alternatives == ((stem_in("de", "beratung"), 0.8),)


@pytest.mark.parametrize(
    ("lang", "header", "chosen"),
    [
        (None, None, "en"),
        (None, "de-DE,de;q=0.9,en;q=0.8", "de"),
        (None, "nl, es;q=0.5, en;q=0.4", "es"),
        (None, "en;q=0.3, fr;q=0.7", "fr"),
        (None, "nl, sv", "en"),
        ("es", "de", "es"),
        ("PT-br", None, "pt"),
    ],
)
def test_the_answer_language_is_lang_then_accept_language_then_english(lang, header, chosen) -> None:
    assert preferred_language(lang, header) == chosen


def test_an_unknown_lang_is_refused_naming_the_languages() -> None:
    with pytest.raises(InvalidQueryParameter, match="de, fr, es, it, pt"):
        preferred_language("nl", None)
    assert accepted_language("de;q=0, fr;q=bad") is None


def test_every_phrase_is_in_every_language() -> None:
    english = phrases("en")
    for lang in LANGUAGES:
        texts = phrases(lang)
        assert set(texts) == set(english)
        missing = [k for k in english if lang != "en" and k != "quote_note" and texts[k] == english[k]]
        assert len(missing) <= 3, (lang, missing)  # only words that are the same ("Source", "Status")
    assert phrase("de", "why_evidence", {"section": "1.4"}) == "; Beleg in §1.4"
