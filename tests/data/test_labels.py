"""Labels in other languages: every challenge, practice kind and theme has one skos:prefLabel in each
language its scheme declares (dcterms:language) and, beyond English, at least one skos:altLabel; the
translations are our own words, not the English copied; the shapes name a missing language; and the
English answers do not change (the search reads English texts, pages show English labels, while the
linked data publishes every language)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from nzc_graph.graph.validate import load_shapes, validate_graph
from nzc_graph.namespaces import CHALLENGE, PRACTICE_KIND, THEME
from nzc_graph.publishing.linked_data import describe
from nzc_graph.publishing.pages import build_page
from nzc_graph.queries import QueryLibrary

CATALOGUE = ("challenges.ttl", "practice-kinds.ttl", "themes.ttl")
LANGUAGES = {"en", "de", "fr", "es", "it", "pt"}
SHAPE = "https://w3id.org/nzc/shapes#ConceptLanguagesShape"
# True loan words: the one way a city officer says it in that language is the English word.
LOAN_WORDS = {
    ("de", "Blended Finance"),
    ("de", "Green Bonds"),
    ("fr", "repair café"),
    ("it", "living lab"),
    *((lang, "MEL") for lang in ("de", "fr", "es", "it", "pt")),
}


@pytest.fixture(scope="module")
def catalogue(settings) -> Graph:
    g = Graph()
    for name in CATALOGUE:
        g.parse(settings.data_dir / name)
    return g


@pytest.fixture(scope="module")
def translations(settings) -> dict[str, Graph]:
    return {lang: Graph().parse(settings.data_dir / f"labels-{lang}.ttl") for lang in sorted(LANGUAGES - {"en"})}


@pytest.fixture(scope="module")
def labelled(catalogue: Graph, translations: dict[str, Graph]) -> Graph:
    g = Graph()
    g += catalogue
    for t in translations.values():
        g += t
    return g


def concepts(g: Graph) -> list[URIRef]:
    return sorted(c for c in g.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef))


def declared(g: Graph, concept: URIRef) -> set[str]:
    return {str(lang) for scheme in g.objects(concept, SKOS.inScheme) for lang in g.objects(scheme, DCTERMS.language)}


def in_language(g: Graph, concept: URIRef, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in g.objects(concept, prop) if isinstance(o, Literal) and o.language == lang]


def test_the_catalogue_schemes_declare_the_six_languages(catalogue: Graph) -> None:
    schemes = set(catalogue.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 6
    assert {s: {str(x) for x in catalogue.objects(s, DCTERMS.language)} for s in schemes} == {
        s: LANGUAGES for s in schemes
    }
    assert len(concepts(catalogue)) == 180
    assert not [c for c in concepts(catalogue) if declared(catalogue, c) != LANGUAGES]


def test_every_concept_has_one_pref_label_and_an_alt_label_per_language(labelled: Graph) -> None:
    wrong = []
    for c in concepts(labelled):
        for lang in sorted(declared(labelled, c)):
            prefs = in_language(labelled, c, SKOS.prefLabel, lang)
            if len(prefs) != 1:
                wrong.append(f"{c}: {len(prefs)} prefLabels @{lang}")
            if lang != "en" and not in_language(labelled, c, SKOS.altLabel, lang):
                wrong.append(f"{c}: no altLabel @{lang}")
    assert not wrong, wrong


def test_label_files_only_label_catalogue_concepts_in_their_own_language(catalogue, translations) -> None:
    known = set(concepts(catalogue))
    for lang, g in translations.items():
        assert set(g.subjects()) == known, f"labels-{lang}.ttl must label every catalogue concept and nothing else"
        assert set(g.predicates()) == {SKOS.prefLabel, SKOS.altLabel}, lang
        assert {o.language for o in g.objects() if isinstance(o, Literal)} == {lang}, lang
        assert all(isinstance(o, Literal) for o in g.objects()), lang


def test_no_translation_repeats_the_english_except_listed_loan_words(labelled: Graph) -> None:
    copied, used = [], set()
    for c in concepts(labelled):
        english = {
            str(o).casefold()
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for o in labelled.objects(c, p)
            if o.language == "en"
        }
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in labelled.objects(c, p):
                if o.language != "en" and str(o).casefold() in english:
                    if (o.language, str(o)) in LOAN_WORDS:
                        used.add((o.language, str(o)))
                    else:
                        copied.append(f"{c}: {o!r}")
    assert not copied, copied
    assert used == LOAN_WORDS, f"loan words listed but not used: {sorted(LOAN_WORDS - used)}"


def test_labels_are_distinct_within_a_language(labelled: Graph) -> None:
    wrong = []
    pref_owner: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in concepts(labelled):
        scheme = str(labelled.value(c, SKOS.inScheme))
        for lang in LANGUAGES:
            prefs = {s.casefold() for s in in_language(labelled, c, SKOS.prefLabel, lang)}
            alts = [s.casefold() for s in in_language(labelled, c, SKOS.altLabel, lang)]
            if prefs & set(alts) or len(alts) != len(set(alts)):
                wrong.append(f"{c} @{lang}: a label is repeated")
            for pref in prefs:
                pref_owner[(scheme, lang, pref)].append(str(c))
    wrong += [f"{key}: {owners}" for key, owners in pref_owner.items() if len(owners) > 1]
    assert not wrong, wrong


def language_results(g: Graph, settings) -> list:
    report = validate_graph(g, load_shapes(settings.shapes_dir))
    return [r for r in report.results if r.shape == SHAPE]


def without(g: Graph, concept: URIRef, prop: URIRef, lang: str) -> Graph:
    out = Graph()
    out += g
    for o in list(out.objects(concept, prop)):
        if isinstance(o, Literal) and o.language == lang:
            out.remove((concept, prop, o))
    return out


def test_the_shapes_accept_the_labelled_catalogue(labelled: Graph, settings) -> None:
    assert language_results(labelled, settings) == []


def test_the_shapes_name_a_missing_pref_label_language(labelled: Graph, settings) -> None:
    concept = CHALLENGE["stakeholder-fatigue"]
    results = language_results(without(labelled, concept, SKOS.prefLabel, "de"), settings)
    assert [(r.focus, r.path, r.severity) for r in results] == [(str(concept), "skos:prefLabel", "Violation")]
    assert "in language de," in results[0].message


def test_the_shapes_name_a_missing_alt_label_language(labelled: Graph, settings) -> None:
    concept = PRACTICE_KIND["one-stop-shop"]
    results = language_results(without(labelled, concept, SKOS.altLabel, "pt"), settings)
    assert [(r.focus, r.path, r.severity) for r in results] == [(str(concept), "skos:altLabel", "Violation")]
    assert "in language pt," in results[0].message


def test_the_languages_are_data_a_new_one_is_required_at_once(labelled: Graph, settings) -> None:
    g = Graph()
    g += labelled
    g.add((URIRef("https://w3id.org/nzc/id/scheme/subject-areas"), DCTERMS.language, Literal("nl")))
    results = language_results(g, settings)
    themes = {
        c for c in concepts(labelled) if (c, SKOS.inScheme, URIRef("https://w3id.org/nzc/id/scheme/subject-areas")) in g
    }
    assert {(r.focus, r.path) for r in results} == {
        (str(c), p) for c in themes for p in ("skos:prefLabel", "skos:altLabel")
    }
    assert all("in language nl," in r.message for r in results)


def test_the_search_reads_english_texts_only(store, settings) -> None:
    rows = QueryLibrary(settings.queries_dir).select(store, "search-concept-texts")
    assert len(rows) > 1000
    assert {r["text"].language for r in rows} == {"en"}


def test_a_concept_page_is_english_and_its_linked_data_has_every_language(store, settings) -> None:
    library = QueryLibrary(settings.queries_dir)
    iri = str(THEME["finance"])
    graph = describe(store, library, iri)
    assert {o.language for o in graph.objects(URIRef(iri), SKOS.prefLabel)} == LANGUAGES
    page = build_page(store, library, iri, graph)
    assert page.label == "Finance and funding"
    shown = {v for f in (*page.facts, *page.statements) for v in f.values if isinstance(v, str)}
    assert {"money", "investment", "budget"} <= shown
    assert not shown & {"Geld", "argent", "dinero", "soldi", "dinheiro", "Finanzierung und Förderung"}
