"""SERVICE targets from a real SPARQL parse, and the allow-list decision on them.

A text scan is not a parser: `FILTER(?x<2)SERVICE<http://…>` reads as one IRI to a tokeniser and
slipped past the old check. Here every `SERVICE` clause is found in rdflib's parse of the query or
update — `SERVICE SILENT`, prefixed names resolved against PREFIX and BASE, IRIs with escapes,
nested groups, sub-selects, OPTIONAL, MINUS, EXISTS, every operation of an update — and the
decision is taken on those resolved targets.

Only text that holds the word "service" is parsed (the keyword cannot be spelt without it: the
SPARQL engines read codepoint escapes inside IRIs and strings, never in keywords), so ordinary
queries pay nothing. Text with the word that rdflib cannot parse is refused with rdflib's message:
we never run a SERVICE we could not check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nzc_graph.errors import QueryRefused

if TYPE_CHECKING:
    from pyparsing import ParseResults

_SERVICE = re.compile("service", re.IGNORECASE)


def _nodes(node: object) -> Iterator[object]:
    """Every node of a pyparsing / rdflib CompValue tree, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        here = stack.pop()
        yield here
        if isinstance(here, CompValue):
            stack.extend(here.values())
        elif isinstance(here, (list, tuple, ParseResults)):
            stack.extend(here)


def _targets(parts: list[tuple[ParseResults, object]]) -> list[str]:
    """Targets of the SERVICE clauses of each (prologue, body); an update's later operations see
    the PREFIX and BASE declarations of the earlier ones, as the SPARQL grammar says."""
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    found, resolved = [], None
    for prologue, body in parts:
        resolved = translatePrologue(prologue, None, prologue=resolved)
        for node in _nodes(body):
            if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(f"?{term}" if isinstance(term, Variable) else str(resolved.absolutize(term)))
    return found


def service_targets(text: str, *, update: bool = False) -> list[str]:
    """The endpoint of every SERVICE clause of a query (or an update), resolved to an absolute IRI,
    or `?name` for a variable endpoint. Raises QueryRefused if the text names "service" but does
    not parse.

    >>> service_targets("SELECT * { BIND(1 AS ?x) FILTER(?x<2)SERVICE<http://127.0.0.1:9/x>{ ?s ?p ?o } }")
    ['http://127.0.0.1:9/x']
    >>> service_targets("PREFIX e: <http://h/> SELECT * { { SELECT ?s { service silent e:x { ?s ?p ?o } } } }")
    ['http://h/x']
    >>> service_targets('SELECT ("no SERVICE here" AS ?x) {}')
    []
    """
    if not _SERVICE.search(text):
        return []
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        if update:
            parsed = parseUpdate(text)
            return _targets(list(zip(parsed.prologue, parsed.request, strict=False)))
        prologue, body = parseQuery(text)
        return _targets([(prologue, body)])
    except ParseException as e:
        raise QueryRefused(
            f"the query mentions SERVICE but its SERVICE clauses could not be checked: it does not parse "
            f"(line {e.lineno}, column {e.col}: {e.msg}); fix the syntax or remove the word"
        ) from e
    except Exception as e:  # rdflib raises plain exceptions for some bad prologues (e.g. an unknown prefix)
        raise QueryRefused(f"the query's SERVICE clauses could not be checked: {e}; fix the query") from e


def check_services(text: str, allowlist: list[str] | tuple[str, ...], *, update: bool = False) -> None:
    """Refuse SERVICE to any endpoint not on the allow-list, and any variable endpoint (no
    server-side request forgery)."""
    for target in service_targets(text, update=update):
        if target.startswith("?"):
            raise QueryRefused(f"SERVICE with a variable endpoint ({target}) is not allowed on this server")
        if not any(target == allowed or target.startswith(allowed.rstrip("/") + "/") for allowed in allowlist):
            allowed = ", ".join(allowlist) or "none"
            raise QueryRefused(
                f"SERVICE <{target}> is not allowed: this server only federates with "
                f"endpoints on its allow-list ({allowed}); set NZC_SERVICE_ALLOWLIST to change it"
            )
