"""Light lexical inspection of SPARQL text: keywords outside strings, IRIs and comments.

Used to tell queries from updates, find the query form, and add USING clauses for the
protocol's using-graph-uri parameters. SERVICE targets are decided on a real parse
(store/service_check.py), never on this scan. It never rewrites user text except to insert clauses
built from IRIs it has validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nzc_graph.errors import QuerySyntaxError
from nzc_graph.namespaces import is_absolute_iri
from nzc_graph.store.base import QueryKind

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Token:
    """A keyword, IRI, variable or brace outside comments and strings."""

    pos: int
    text: str
    depth: int


def skip_opaque(text: str, i: int) -> int:
    """Index after a comment, IRI or string literal starting at i; i if none starts there."""
    c = text[i]
    if c == "#":
        j = text.find("\n", i)
        return len(text) if j < 0 else j
    if c == "<":
        j = i + 1
        while j < len(text) and text[j] not in "> \n\t{}":
            j += 1
        return j + 1 if j < len(text) and text[j] == ">" else i
    if c in "\"'":
        quote = c * 3 if text.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(text)
    return i


def tokens(text: str) -> Iterator[Token]:
    i, depth, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "<":
            j = skip_opaque(text, i)
            if j != i:
                yield Token(i, text[i:j], depth)
                i = j
                continue
        j = skip_opaque(text, i) if c in "#\"'" else i
        if j != i:
            i = j
            continue
        if c == "{":
            yield Token(i, c, depth)
            depth += 1
        elif c == "}":
            depth -= 1
            yield Token(i, c, depth)
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            if m:
                yield Token(i, text[i : m.end()], depth)
                i = m.end()
                continue
        elif c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ":_-")):
            m = _WORD.match(text, i)
            if m:
                end = m.end()
                if end < n and text[end] == ":":  # a prefixed name, not a keyword
                    i = end + 1
                    continue
                yield Token(i, m.group(0), depth)
                i = end
                continue
        i += 1


FORMS: dict[str, QueryKind] = {"select": "select", "ask": "ask", "construct": "construct", "describe": "describe"}


def query_form(query: str) -> QueryKind:
    """select, ask, construct or describe: the first query-form keyword outside comments, strings
    and IRIs (select if none). The one query-form detector of the project.

    >>> query_form("PREFIX ask: <http://x/#> # CONSTRUCT in a comment\\nDESCRIBE <http://x/a>")
    'describe'
    >>> query_form('SELECT ("ASK" AS ?w) {}')
    'select'
    """
    for t in tokens(query):
        form = FORMS.get(t.text.lower())
        if form is not None:
            return form
    return "select"


def names_its_dataset(query: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause (outside comments, strings and IRIs).

    >>> names_its_dataset("SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }")
    True
    >>> names_its_dataset('SELECT ("FROM" AS ?w) WHERE { ?s <http://x/from> ?o } # FROM here')
    False
    """
    return any(t.text.lower() == "from" for t in tokens(query))


# Functions whose value changes from one evaluation to the next, and federation (the remote data
# changes without our version changing): an answer that uses them is not reusable. Matched in the
# raw text, strings and comments included, and any codepoint escape counts too: a false alarm only
# costs a cache entry, a miss would serve a stale answer.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID)\s*\(|\bSERVICE\b|\\[uU]", re.IGNORECASE)


def is_volatile(query: str) -> bool:
    """Whether two evaluations of `query` on the same data may differ: it calls NOW(), RAND(),
    UUID() or STRUUID(), or uses SERVICE. A plain-text scan that errs on the side of "yes" (the
    tokens above can be fooled, e.g. `FILTER(?x<2)SERVICE<…>`, see service_check.py).

    >>> is_volatile("SELECT (NOW() AS ?t) {}"), is_volatile("SELECT * {FILTER(?x<2)SERVICE<http://e/>{}}")
    (True, True)
    >>> is_volatile("SELECT ?now ?uuid { ?now <http://x/rand> ?uuid }"), is_volatile("SELECT (N\\u004fW() AS ?t) {}")
    (False, True)
    """
    return _VOLATILE.search(query) is not None


UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
QUERY_KEYWORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def looks_like_update(text: str) -> bool:
    """True if the first operation keyword (after PREFIX/BASE) is an update keyword."""
    for t in tokens(text):
        word = t.text.upper()
        if word in ("PREFIX", "BASE") or t.text.startswith("<") or t.text.endswith(":"):
            continue
        if word in QUERY_KEYWORDS:
            return False
        if word in UPDATE_KEYWORDS:
            return True
    return False


def _iri(value: str) -> str:
    if not is_absolute_iri(value):  # one rule for every IRI we write in <…>
        raise QuerySyntaxError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    Refuses (400) an update that already has USING or WITH, as the protocol requires.
    """
    if not default_graphs and not named_graphs:
        return update
    toks = list(tokens(update))
    if any(t.depth == 0 and t.text.upper() in ("USING", "WITH") for t in toks):
        raise QuerySyntaxError(
            "the update has USING or WITH clauses and the request also gives "
            "using-graph-uri / using-named-graph-uri; use one or the other"
        )
    clause = " ".join(
        [*(f"USING {_iri(g)}" for g in default_graphs), *(f"USING NAMED {_iri(g)}" for g in named_graphs)]
    )
    out, last = [], 0
    for k, t in enumerate(toks):
        if t.depth == 0 and t.text.upper() == "WHERE":
            prev = toks[k - 1].text.upper() if k else ""
            if prev in ("DELETE", "INSERT"):  # DELETE WHERE shorthand takes no USING
                continue
            out.append(update[last : t.pos])
            out.append(clause + " ")
            last = t.pos
    out.append(update[last:])
    return "".join(out)
