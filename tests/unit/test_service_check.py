"""SERVICE is decided on the parsed query: every spelling of a SERVICE clause is found and its
target resolved, so nothing off the allow-list runs (the SSRF bypasses of the old text scan)."""

from __future__ import annotations

import pytest

from nzc_graph.errors import QueryRefused
from nzc_graph.store.service_check import check_services, service_targets

EVIL = "http://127.0.0.1:9/x"
ALLOWED = "https://query.wikidata.org/sparql"


def bypasses(evil: str = EVIL) -> dict[str, str]:
    """Spellings that each hide a SERVICE call to `evil` (an IRI ending in /x) or a variable
    endpoint from a lexical scan (the end-to-end test sends them to a real server)."""
    base, esc = evil.removesuffix("x"), evil.removesuffix("x") + "\\u0078"
    return {
        "comparison before the keyword": f"SELECT * {{ BIND(1 AS ?x) FILTER(?x<2)SERVICE<{evil}>{{ ?s ?p ?o }} }}",
        "constant comparison": f"SELECT * {{ FILTER(1<2)SERVICE<{evil}>{{ ?s ?p ?o }} }}",
        "no spaces": f"SELECT*{{SERVICE<{evil}>{{?s ?p ?o}}}}",
        "lower case and silent": f"select * {{ service silent <{evil}> {{ ?s ?p ?o }} }}",
        "prefixed name": f"PREFIX e: <{base}> SELECT * {{ SERVICE e:x {{ ?s ?p ?o }} }}",
        "relative IRI against BASE": f"BASE <{base}> SELECT * {{ SERVICE <x> {{ ?s ?p ?o }} }}",
        "escaped characters in the IRI": f"SELECT * {{ SERVICE <{esc}> {{ ?s ?p ?o }} }}",
        "comment before the keyword": f"SELECT * {{ ?s ?p ?o # }}\n SERVICE <{evil}> {{ ?s ?p ?o }} }}",
        "inside a sub-select": f"SELECT * {{ {{ SELECT ?s {{ SERVICE <{evil}> {{ ?s ?p ?o }} }} }} }}",
        "nested in OPTIONAL and MINUS": (
            f"SELECT * {{ ?a ?b ?c OPTIONAL {{ ?a ?b ?c MINUS {{ SERVICE <{evil}> {{ ?a ?b ?c }} }} }} }}"
        ),
        "inside FILTER EXISTS": f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{evil}> {{ ?s ?p ?o }} }} }}",
        "behind an allowed one": f"SELECT * {{ SERVICE <{ALLOWED}> {{ SERVICE <{evil}> {{ ?s ?p ?o }} }} }}",
        "allowed host as a prefix of another": f"SELECT * {{ SERVICE <{ALLOWED}.evil.example/> {{ ?s ?p ?o }} }}",
        "variable endpoint": f"SELECT * {{ VALUES ?e {{ <{evil}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    }


BYPASSES = bypasses()


@pytest.mark.parametrize("query", BYPASSES.values(), ids=BYPASSES.keys())
def test_every_bypass_spelling_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_services(query, [ALLOWED])


def test_targets_are_resolved_from_the_parse() -> None:
    assert service_targets(BYPASSES["prefixed name"]) == [EVIL]
    assert service_targets(BYPASSES["relative IRI against BASE"]) == [EVIL]
    assert service_targets(BYPASSES["escaped characters in the IRI"]) == [EVIL]
    assert service_targets(BYPASSES["variable endpoint"]) == ["?e"]


def test_words_in_strings_comments_and_prefixes_are_not_clauses() -> None:
    q = """PREFIX service: <http://x/>
    SELECT * WHERE { ?s service:p "SERVICE <http://in-string>" .
      SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } } # SERVICE <http://in-comment>"""
    assert service_targets(q) == [ALLOWED]
    check_services(q, [ALLOWED])


def test_allow_list_accepts_its_endpoints_and_paths_below() -> None:
    check_services(f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}", [ALLOWED])
    check_services("SELECT * { SERVICE <https://example.org/sparql/a> {} }", ["https://example.org/sparql/"])
    with pytest.raises(QueryRefused, match=r"allow-list \(none\)"):
        check_services(f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}", [])


def test_updates_are_checked_operation_by_operation() -> None:
    u = (
        "PREFIX e: <http://127.0.0.1:9/> INSERT DATA { <x:a> <x:b> 1 } ; "
        "INSERT { ?s ?p ?o } WHERE { SERVICE e:x { ?s ?p ?o } }"
    )
    assert service_targets(u, update=True) == [EVIL]
    with pytest.raises(QueryRefused):
        check_services(u, [ALLOWED], update=True)


def test_text_that_names_service_but_does_not_parse_is_refused_with_the_place() -> None:
    with pytest.raises(QueryRefused, match=r"does not parse \(line 1, column \d+"):
        check_services("SELECT * { SERVICE <" + EVIL + "> { ?s ?p ?o }", [ALLOWED])


def test_queries_without_the_word_are_not_parsed() -> None:
    assert service_targets("SELECT * { ?s ?p ?o } garbage that does not parse {{") == []
