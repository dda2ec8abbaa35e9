"""Provenance: every quote is plain text, verbatim in the source once the source's markup is left
out, 5-40 words, and lies in the section it names; it starts a sentence or carries the sentence it
starts in; it lists every city it names, and evidence that names only other cities is indirect."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from nzc_graph.graph.evidence import PlainSource, cities_named, plain_text
from nzc_graph.namespaces import INFERRED_GRAPH, NZC

CLAIMS = (NZC.PracticeAdoption, NZC.ChallengeStatement, NZC.PeerLink, NZC.Membership, NZC.Figure, NZC.Participation)
CLAIM_CITY = (NZC.city, NZC.fromCity, NZC.toCity)
# What the report's markup looks like: **bold**, *italic*, <i>tags</i>, \_ escapes, [links](…), [^notes].
MARKUP = re.compile(r"\*\*|\*\w|\w\*|</?[A-Za-z]+[\s/>]|\\[_*\[\]]|\]\(|\[\^")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def data(built) -> Graph:
    store, _ = built
    return store.export("https://w3id.org/nzc/graph/data")


@pytest.fixture(scope="module")
def doc(source_text: str) -> PlainSource:
    return PlainSource.of(source_text)


def section_spans(text: str, numbers: list[str]) -> dict[str, tuple[int, int]]:
    """Where each numbered section starts and ends in the plain, one-line source (after the contents list)."""
    body_start = text.index("1 Peer-to-peer online learning sessions with Mission Cities Introduction")
    starts = {}
    for n in numbers:
        if n == "summary":
            starts[n] = text.index("Summary This report")
            continue
        heading = re.compile(r"(?<![\d.])" + re.escape(n) + r"\.? [A-Z]")
        m = heading.search(text, body_start if n != "1" else body_start - 1)
        if m:
            starts[n] = m.start()
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    spans = {}
    for n, s in ordered:
        # a section runs until the next section that is not its own subsection
        end = next((t for m, t in ordered if t > s and not m.startswith(n + ".")), len(text))
        spans[n] = (s, end)
    return spans


@pytest.fixture(scope="module")
def spans(data: Graph, doc: PlainSource) -> dict[str, tuple[int, int]]:
    numbers = sorted({str(data.value(s, NZC.sectionNumber)) for s in data.subjects(RDF.type, NZC.Section)})
    return section_spans(doc.text, numbers)


def quotes(data: Graph) -> list[tuple[URIRef, str, str]]:
    """(quote, text, section number) of every quote."""
    return [
        (q, str(t), str(data.value(data.value(q, NZC.section), NZC.sectionNumber)))
        for q, t in data.subject_objects(NZC.quoteText)
    ]


def place(doc: PlainSource, spans: dict[str, tuple[int, int]], text: str, number: str) -> int | None:
    """Where the quote starts in the plain source, inside its section (None if it is not there)."""
    start, end = spans.get(number, (0, len(doc.text)))
    return next((p for p in doc.find(text) if start <= p < end), None)


def test_every_claim_has_a_quote_with_a_section(data: Graph) -> None:
    """Every report claim has quotes with sections; a claim from a roster page (nzc:citation, no
    quote) is checked in test_roster.py instead."""
    missing = []
    for cls in CLAIMS:
        for claim in set(data.subjects(RDF.type, cls)):
            found = list(data.objects(claim, NZC.evidence))
            if not found and (claim, NZC.citation, None) in data:
                continue
            if not found or not all(data.value(q, NZC.section) for q in found):
                missing.append(str(claim))
    assert not missing, missing


def test_no_quote_shows_markup(data: Graph) -> None:
    texts = [str(o) for p in (NZC.quoteText, NZC.quoteContext) for o in data.objects(None, p)]
    assert len(texts) > 300
    marked = [t for t in texts if MARKUP.search(t) or plain_text(t) != norm(t)]
    assert not marked, marked


def test_every_quote_is_verbatim_in_the_source_and_5_to_40_words(data: Graph, doc: PlainSource) -> None:
    bad = []
    found = quotes(data)
    assert len(found) > 100
    for _, text, _ in found:
        t = plain_text(text)
        if t not in doc.text or not 5 <= len(t.split()) <= 40:
            bad.append(t)
    assert not bad, bad


def test_every_quote_lies_in_its_section(data: Graph, doc: PlainSource, spans) -> None:
    wrong = [
        f"§{number}: {text[:60]}"
        for _, text, number in quotes(data)
        if number in spans and doc.find(text) and place(doc, spans, text, number) is None
    ]
    assert not wrong, wrong


def test_every_quote_starts_a_sentence_or_carries_the_sentence_it_starts_in(
    data: Graph, doc: PlainSource, spans
) -> None:
    wrong = []
    for q, text, number in quotes(data):
        at = place(doc, spans, text, number)
        context = data.value(q, NZC.quoteContext)
        if at is None:
            continue  # reported by the verbatim and section tests
        if doc.starts_sentence(at):
            if context is not None:
                wrong.append(f"starts its sentence, needs no context: {text[:60]}")
            continue
        if context is None:
            wrong.append(f"starts mid-sentence without nzc:quoteContext: {text[:60]}")
            continue
        begins = [p for p in doc.find(str(context)) if p < at <= p + len(plain_text(str(context)))]
        if not begins or not doc.starts_sentence(begins[0]):
            wrong.append(f"context is not the sentence the quote starts in: {text[:60]}")
    assert not wrong, wrong


@pytest.fixture(scope="module")
def city_names(data: Graph) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for city in data.subjects(RDF.type, NZC.City):
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            names[str(city)] |= {str(n) for n in data.objects(city, p)}
    assert len(names) > 50
    return names


def test_every_quote_lists_the_cities_it_names(data: Graph, city_names) -> None:
    wrong = []
    for q, text, _ in quotes(data):
        named = cities_named(text, city_names)
        listed = {str(c) for c in data.objects(q, NZC.mentionsCity)}
        if named != listed:
            wrong.append(f"{text[:60]}: names {sorted(named)}, lists {sorted(listed)}")
    assert not wrong, wrong


def test_evidence_that_names_only_other_cities_is_indirect(built, data: Graph) -> None:
    store, _ = built
    inferred = store.export(str(INFERRED_GRAPH))
    expected, flagged = set(), set(inferred.subject_objects(NZC.indirectEvidence))
    for claim, q in data.subject_objects(NZC.evidence):
        own = {c for p in CLAIM_CITY for c in data.objects(claim, p)}
        named = set(data.objects(q, NZC.mentionsCity))
        if own and named and not own & named:
            expected.add((claim, q))
    assert expected == flagged
    by_claim = {str(c).rsplit("/", 1)[-1] for c, _ in flagged}
    # Budapest's brand is told through Guimarães, Cluj-Napoca's sports partners through Valencia's advice
    assert {"budapest--green-budapest-brand", "cluj-napoca--sports-club-partnership"} <= by_claim
