"""Provenance: every quote is verbatim in the source, 5-40 words, and lies in the section it names."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from nzc_graph.namespaces import NZC

CLAIMS = (NZC.PracticeAdoption, NZC.ChallengeStatement, NZC.PeerLink, NZC.Membership, NZC.Figure, NZC.Participation)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def data(built) -> Graph:
    store, _ = built
    return store.export("https://w3id.org/nzc/graph/data")


def section_spans(source: str, numbers: list[str]) -> dict[str, tuple[int, int]]:
    """Where each numbered section starts and ends in the normalised source (after the contents list)."""
    text = norm(source)
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
        end = len(text)
        for m, t in ordered:
            if t > s and not m.startswith(n + ".") and (n == "summary" or True):
                end = t
                break
        spans[n] = (s, end)
    return spans


def test_every_claim_has_a_quote_with_a_section(data: Graph) -> None:
    """Every report claim has quotes with sections; a claim from a roster page (nzc:citation, no
    quote) is checked in test_roster.py instead."""
    missing = []
    for cls in CLAIMS:
        for claim in set(data.subjects(RDF.type, cls)):
            quotes = list(data.objects(claim, NZC.evidence))
            if not quotes and (claim, NZC.citation, None) in data:
                continue
            if not quotes or not all(data.value(q, NZC.section) for q in quotes):
                missing.append(str(claim))
    assert not missing, missing


def test_every_quote_is_verbatim_in_the_source_and_5_to_40_words(data: Graph, source_text: str) -> None:
    src = norm(source_text)
    bad = []
    quotes = list(data.subject_objects(NZC.quoteText))
    assert len(quotes) > 100
    for _, text in quotes:
        t = norm(str(text))
        if t not in src or not 5 <= len(t.split()) <= 40:
            bad.append(t)
    assert not bad, bad


def test_every_quote_lies_in_its_section(data: Graph, source_text: str) -> None:
    src = norm(source_text)
    numbers = sorted({str(data.value(s, NZC.sectionNumber)) for s in data.subjects(RDF.type, NZC.Section)})
    spans = section_spans(source_text, numbers)
    wrong = []
    for q, text in data.subject_objects(NZC.quoteText):
        number = str(data.value(data.value(q, NZC.section), NZC.sectionNumber))
        if number not in spans:
            continue
        start, end = spans[number]
        t = norm(str(text))
        positions = [m.start() for m in re.finditer(re.escape(t), src)]
        if positions and not any(start <= p < end for p in positions):
            wrong.append(f"§{number}: {t[:60]}")
    assert not wrong, wrong
