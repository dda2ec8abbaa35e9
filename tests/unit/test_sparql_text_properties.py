"""Properties of the lexical SPARQL helpers (store/sparql_text.py), held against a real parser.

Queries and updates are generated with keywords hidden where a naive scan would find them: in
comments, strings, IRIs and prefixed names. Oxigraph parses each one, so the form the helpers
find is the form the engine runs, and what `with_using` writes is an update the engine takes.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nzc_graph.errors import QuerySyntaxError
from nzc_graph.store.sparql_text import is_volatile, looks_like_update, query_form, tokens, with_using

FAST = settings(max_examples=200, deadline=None)


def cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word.lower(), word.upper(), word.title()])


# Places a keyword may hide without being one: the scan must look past every one of them.
DECOYS = st.sampled_from(
    [
        "# CONSTRUCT { } WHERE USING\n",
        "#ASK\n",
        "\n",
        "  ",
    ]
)
PROLOGUE = st.lists(
    st.one_of(
        DECOYS,
        st.just("PREFIX ask: <http://x/ask#> "),
        st.just("PREFIX select: <http://x/construct?describe> "),
        st.just("BASE <http://x/delete/> "),
    ),
    max_size=4,
).map(lambda parts: "PREFIX ask: <http://x/ask#> PREFIX select: <http://x/s#> " + "".join(parts))
PATTERNS = st.lists(
    st.sampled_from(
        [
            "?ask ?p ?o .",
            "?s ask:describe 'SELECT' .",
            '?s select:insert """CONSTRUCT { } WHERE {"""@en .',
            "?s <http://x/ask?where=1> ?where .",
            "OPTIONAL { ?s ?p 'DELETE WHERE {' }",
            'FILTER(?o != "ASK\\" {")',
            "# DESCRIBE }\n",
        ]
    ),
    max_size=4,
).map(" ".join)


@st.composite
def queries(draw: st.DrawFn) -> tuple[str, str]:
    """(query text, its form)."""
    form = draw(st.sampled_from(["select", "ask", "construct", "describe"]))
    where = draw(st.sampled_from(["WHERE ", "where ", ""]))
    body = "{ " + draw(PATTERNS) + " }"
    head = draw(cased(form))
    if form == "select":
        text = f"{head} ?ask ('CONSTRUCT' AS ?c) {where}{body}"
    elif form == "ask":
        text = f"{head} {where}{body}"
    elif form == "construct":
        text = f"{head} {{ ?s ?p 'ASK' }} {where}{body}"
    else:
        text = f"{head} <http://x/select> ?s {where}{body}"
    return draw(PROLOGUE) + text, form


def run(text: str) -> object:
    return ox.Store().query(text)


@FAST
@given(queries())
@example(("PREFIX ask: <http://x/#> # CONSTRUCT in a comment\nDESCRIBE <http://x/a>", "describe"))
def test_the_form_found_is_the_form_oxigraph_runs(query: tuple[str, str]) -> None:
    text, form = query
    result = run(text)  # the generated text is valid SPARQL
    engine = {ox.QuerySolutions: "select", ox.QueryBoolean: "ask", ox.QueryTriples: "triples"}[type(result)]
    assert query_form(text) == form
    assert engine == ("triples" if form in ("construct", "describe") else form)
    assert not looks_like_update(text)


VOLATILE_CALLS = st.sampled_from(["NOW()", "RAND()", "UUID()", "STRUUID()", "now ()", "Rand( )"])


@FAST
@given(queries(), st.one_of(st.none(), VOLATILE_CALLS))
def test_a_query_is_volatile_exactly_when_it_calls_a_volatile_function(
    query: tuple[str, str], call: str | None
) -> None:
    text, _ = query
    if call is not None:
        i = text.rindex("}")
        text = f"{text[:i]} BIND({call} AS ?volatile) {text[i:]}"
        run(text)
    assert is_volatile(text) == (call is not None)


GRAPH = "<http://x/g>"
UPDATES = st.sampled_from(
    [
        ("INSERT DATA { <http://x/a> <http://x/p> 'WHERE' }", 0),
        ("DELETE WHERE { ?s <http://x/where> ?o }", 0),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = 'USING') }", 1),
        ("INSERT { ?s <http://x/using> 1 } WHERE { ?s ?p ?o }", 1),
        ("delete { ?s ?p ?o } insert { ?s ?p 'x' } where { ?s ?p ?o }", 1),
        ('INSERT { ?s ?p """ WHERE { } """ } WHERE { ?s ?p ?o } # WHERE\n', 1),
        (f"CLEAR SILENT GRAPH {GRAPH}", 0),
        (f"DROP SILENT GRAPH {GRAPH}", 0),
        (f"CREATE SILENT GRAPH {GRAPH}", 0),
    ]
)
IRIS = st.lists(st.sampled_from(["http://x/g1", "https://w3id.org/nzc/graph/data", "urn:x:g"]), max_size=3)


@FAST
@given(PROLOGUE, st.lists(UPDATES, min_size=1, max_size=4), IRIS, IRIS)
def test_with_using_adds_one_clause_per_modify_where_and_oxigraph_takes_the_result(
    prologue: str, ops: list[tuple[str, int]], default: list[str], named: list[str]
) -> None:
    update = prologue + " ;\n".join(text for text, _ in ops)
    ox.Store().update(update)
    assert looks_like_update(update) and query_form(update) == "select"  # no query form in an update
    out = with_using(update, default, named)
    ox.Store().update(out)
    if not default and not named:
        assert out == update
        return
    clause = " ".join([*(f"USING <{g}>" for g in default), *(f"USING NAMED <{g}>" for g in named)]) + " "
    assert out.count(clause) == sum(n for _, n in ops) + update.count(clause)
    assert out.replace(clause, "") == update.replace(clause, "")
    if sum(n for _, n in ops):
        with pytest.raises(QuerySyntaxError, match="USING or WITH"):
            with_using(out, default, named)  # once is all: the protocol refuses USING twice


@FAST
@given(st.text(st.characters(exclude_categories=("Cs",))), st.sampled_from(["http://x/g", "urn:x:g"]))
@example("\n", "urn:x:g").via("discovered: re.match with $ let a final line end through")
@example("\x01", "urn:x:g").via("discovered: control characters passed as IRI characters")
def test_with_using_refuses_what_cannot_be_written_as_an_iri(junk: str, base: str) -> None:
    update = "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    iri = base + junk
    try:
        out = with_using(update, [iri], [])
    except QuerySyntaxError as err:
        assert "not an absolute IRI" in str(err)
        return
    assert not any(c <= " " or "\x7f" <= c <= "\x9f" or c in '<>"{}|\\^`' for c in junk)
    assert f"USING <{iri}>" in out


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(["{", "}", "<", ">", "#", "'", '"', '"""', "\\", "\n", "?x", "a:b", "SELECT", " "])
        ).map("".join),
    )
)
def test_any_text_scans_into_tokens_at_their_places_without_error(text: str) -> None:
    found = list(tokens(text))
    assert [t.pos for t in found] == sorted({t.pos for t in found})
    assert all(text.startswith(t.text, t.pos) and t.text for t in found)
    query_form(text), looks_like_update(text), is_volatile(text)  # never raise on any text
