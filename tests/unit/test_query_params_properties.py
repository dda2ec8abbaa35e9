"""Properties of the project's own query-parameter parsing, on generated values.

`queries.to_term` turns a raw parameter into a typed RDF term or says why not; every term it
gives is one a real SPARQL engine reads back as the same value of that type, once bound into a
query with `inject_values`. `request_checks.utf8_problem` finds exactly the percent-encoded
strings whose bytes are not UTF-8, and names the first bad byte.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from nzc_graph.api.request_checks import utf8_problem
from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.queries import PARAM_TYPES, Param, to_term
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.bindings import inject_values

FAST = settings(max_examples=200, deadline=None)
TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # what a UTF-8 query string can carry
# Values near each type's lexical forms, so that both acceptance and refusal are reached.
NEAR_VALUES = st.one_of(
    TEXT,
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.dates().map(date.isoformat),
    st.sampled_from(["true", "FALSE", "1", "0", "yes", "nan", "-inf", "1e5", "1_000", "+3.", "-.5", " 7 ", "١٢"]),
    st.sampled_from(["https://w3id.org/nzc/id/city/", "urn:x:1", "mailto:a@b"]).flatmap(
        lambda base: TEXT.map(lambda rest: base + rest)
    ),
)
# The SPARQL cast per type: an error (so no binding) when the lexical form is not of the type.
CAST = {"integer": "xsd:integer", "decimal": "xsd:decimal", "date": "xsd:date", "boolean": "xsd:boolean"}


@pytest.fixture(scope="module")
def engine() -> EmbeddedStore:
    return EmbeddedStore(None)


def read_back(engine: EmbeddedStore, kind: str, term: URIRef | Literal) -> object:
    """The value the engine sees for `term` bound as ?v, cast to its declared type."""
    cast = f"{CAST[kind]}(STR(?v))" if kind in CAST else "?v"
    query = f"PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?w WHERE {{ BIND({cast} AS ?w) }}"
    rows = engine.select(inject_values(query, {"v": term}))
    return rows[0].get("w") if rows else None


def within_oxigraph(kind: str, value: str) -> bool:
    """Oxigraph's numbers are 64-bit integers and decimals of 18 fraction digits below about 1.7e20:
    its limit, not a parsing question."""
    if kind == "integer":
        return abs(int(value)) < 2**63
    if kind == "decimal":
        d = Decimal(value.strip())
        return abs(d) < Decimal("1e20") and int(d.normalize().as_tuple().exponent) >= -18
    return True


def bound(engine: EmbeddedStore, kind: str, value: str) -> tuple[URIRef | Literal, object] | None:
    """The term `to_term` makes of `value` and what the engine reads back; None if it refuses."""
    try:
        term = to_term(Param("v", kind, None, False, ""), value)
    except InvalidQueryParameter as err:
        assert f"parameter 'v' must be of type {kind}" in str(err)
        return None
    return term, read_back(engine, kind, term)


@FAST
@given(st.sampled_from([k for k in PARAM_TYPES if k != "iri"]), NEAR_VALUES)
@example("decimal", "nan").via("discovered: NaN became the ill-formed literal 'NaN'^^xsd:decimal")
@example("decimal", "-inf").via("discovered: infinity became 'INF'^^xsd:decimal")
@example("string", 'a "quoted"\\ line\nand } { # not a comment')
def test_a_literal_to_term_gives_is_read_back_by_the_engine_as_the_same_value(
    engine: EmbeddedStore, kind: str, value: str
) -> None:
    result = bound(engine, kind, value)
    if result is None:
        return
    term, seen = result
    if not within_oxigraph(kind, value):
        return
    assert seen is not None, f"{term.n3()} is not a valid {kind} for the engine"
    if kind == "string":
        assert seen == Literal(value.strip())
    elif kind == "integer":
        assert isinstance(seen, Literal) and seen.toPython() == int(value)
    elif kind == "decimal":
        assert isinstance(seen, Literal) and Decimal(str(seen)) == Decimal(value.strip())
    else:
        assert isinstance(seen, Literal) and seen.eq(term)


# IRI characters RFC 3987 allows in any path or query: unreserved, sub-delims, ':/?@', and letters
# beyond ASCII. `to_term` checks only what Turtle and SPARQL forbid, so the strict RFC rules on
# '%', '[' and private-use characters are left to the engine (a 400 naming the query).
IRI_TAIL = st.text(
    st.one_of(
        st.sampled_from("abcXYZ019-._~!$&'()*+,;=:/?@"),
        st.characters(min_codepoint=0xA0, max_codepoint=0xD7FF, categories=("L", "N")),
    )
)


@FAST
@given(st.sampled_from(["https://w3id.org/nzc/id/city/", "urn:x:", "tag:nzc,2026:"]), IRI_TAIL, TEXT)
@example("urn:x:", "a", "\x1b").via("discovered: a control character passed for an IRI and broke the query")
@example("urn:x:", "a", "\x7f").via("discovered: so did DEL")
def test_an_iri_to_term_takes_is_read_back_by_the_engine(
    engine: EmbeddedStore, base: str, tail: str, junk: str
) -> None:
    clean = bound(engine, "iri", base + tail)
    assert clean is not None and clean[1] == URIRef(base + tail)
    forbidden = [c for c in junk if c <= " " or "\x7f" <= c <= "\x9f" or c in '<>"{}|\\^`']
    if forbidden:
        assert bound(engine, "iri", base + tail + junk + "x") is None, f"took {forbidden} in an IRI"


@FAST
@given(TEXT)
def test_text_percent_encoded_as_utf8_is_never_a_problem(text: str) -> None:
    assert utf8_problem("query string", quote(text).encode("ascii")) is None
    assert utf8_problem("query string", f"q={quote_plus(text)}".encode("ascii")) is None


@FAST
@given(st.binary(), st.booleans())
@example(b"caf\xe9", True)
@example(b"\xc3", False).via("a sequence cut short at the end")
def test_bytes_are_a_problem_exactly_when_they_are_not_utf8(raw: bytes, encode: bool) -> None:
    # Sent percent-encoded, or as raw bytes (then without '%', which would start an escape).
    sent = quote(raw, safe="").encode("ascii") if encode else raw.replace(b"%", b"")
    decoded = raw if encode else sent
    problem = utf8_problem("path", sent)
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError as err:
        assert problem is not None and problem.startswith("the path is not valid UTF-8")
        assert f"byte 0x{decoded[err.start]:02x} at position {err.start} " in problem
    else:
        assert problem is None
