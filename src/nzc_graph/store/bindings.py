"""Binding query parameters as a VALUES block of RDF terms, identical for every backend.

The block is placed at the start of the query's outermost WHERE group, so parameters are in
scope for every pattern and FILTER of that group. Terms are written with `Identifier.n3()`,
which escapes them; the query text itself is never edited around user input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib.term import Identifier

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.store.sparql_text import skip_opaque

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def where_brace(query: str) -> int:
    """Index of the opening brace of the outermost WHERE group."""
    i, n = 0, len(query)
    first_brace = -1
    while i < n:
        j = skip_opaque(query, i)
        if j != i:
            i = j
            continue
        if query[i] == "{" and first_brace < 0:
            first_brace = i
        if query[i : i + 5].upper() == "WHERE" and (i == 0 or not query[i - 1].isalnum()):
            k = i + 5
            while k < n and query[k].isspace():
                k += 1
            if k < n and query[k] == "{":
                return k
        i += 1
    if first_brace < 0:
        raise InvalidQueryParameter("cannot bind parameters: the query has no WHERE group")
    return first_brace


def _n3(name: str, term: Identifier) -> str:
    try:
        return term.n3()
    except Exception as exc:  # rdflib raises a bare Exception for IRIs it cannot write
        raise InvalidQueryParameter(f"parameter '{name}' is not a valid RDF term: {exc}") from exc


def inject_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """The query with `bindings` as a VALUES block at the top of its outermost WHERE group.

    >>> from rdflib import Literal
    >>> print(inject_values('SELECT ?c WHERE { ?c rdfs:label ?name }', {"name": Literal('Kozani "West"')}))
    SELECT ?c WHERE {
      VALUES (?name) { ("Kozani \\"West\\"") }
     ?c rdfs:label ?name }
    """
    if not bindings:
        return query
    for name in bindings:
        if not _NAME.match(name):
            raise InvalidQueryParameter(f"bad parameter name {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(_n3(k, v) for k, v in bindings.items())
    at = where_brace(query) + 1
    return f"{query[:at]}\n  VALUES ({names}) {{ ({terms}) }}\n{query[at:]}"


def inject_column(query: str, name: str, terms: Sequence[Identifier]) -> str:
    """The query with a one-variable VALUES block of many terms (one row each) at the top of its
    outermost WHERE group: to run a named query for a set of resources at once.

    >>> from rdflib import URIRef
    >>> print(inject_column('SELECT ?c WHERE { ?c a ?t }', "c", [URIRef("https://e/a"), URIRef("https://e/b")]))
    SELECT ?c WHERE {
      VALUES ?c { <https://e/a> <https://e/b> }
     ?c a ?t }
    """
    if not _NAME.match(name):
        raise InvalidQueryParameter(f"bad parameter name {name!r}")
    rows = " ".join(_n3(name, t) for t in terms)
    at = where_brace(query) + 1
    return f"{query[:at]}\n  VALUES ?{name} {{ {rows} }}\n{query[at:]}"
