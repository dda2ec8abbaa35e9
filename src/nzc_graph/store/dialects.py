"""What differs between the stores RemoteStore talks to, known here and nowhere else.

Every store answers the SPARQL 1.1 Protocol a little differently; RemoteStore sends only the
request forms every one of them answers, and reads each answer through this module, so callers
never learn which store is behind. docs/deploy.md lists the differences and where each is handled.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dialect:
    """A store's habits: the graphs it keeps for itself, and how to give a user write rights."""

    name: str
    # IRI prefixes of the graphs the store creates for its own use: not ours to list or export
    system_graphs: tuple[str, ...] = ()
    update_rights: str = "give the update endpoint's user the right to update"
    # How a query is kept to our graphs: by naming them (default-graph-uri / named-graph-uri, the
    # SPARQL 1.1 Protocol) or by leaving the others out with the store's own pragmas
    exclusion_pragmas: tuple[str, ...] = ()

    def excluding(self, graphs: Sequence[str]) -> str | None:
        r"""Query text that leaves `graphs` out of the default graph and the named graphs, for a
        store with exclusion pragmas; None where the protocol's parameters must name ours instead
        (or an IRI could not be written safely).

        >>> VIRTUOSO.excluding(["urn:a"])
        'define input:default-graph-exclude <urn:a> define input:named-graph-exclude <urn:a>\n'
        >>> STANDARD.excluding(["urn:a"]) is None, VIRTUOSO.excluding(["urn:a>b"]) is None
        (True, True)
        """
        if not self.exclusion_pragmas or any(UNSAFE_IN_IRI.search(g) for g in graphs):
            return None
        return "".join(f"define {p} <{g}> " for g in graphs for p in self.exclusion_pragmas).rstrip() + "\n"

    def is_system_graph(self, iri: str) -> bool:
        """
        >>> VIRTUOSO.is_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
        True
        >>> VIRTUOSO.is_system_graph("https://w3id.org/nzc/graph/data"), STANDARD.is_system_graph("http://a/")
        (False, False)
        """
        return bool(self.system_graphs) and iri.startswith(self.system_graphs)


STANDARD = Dialect("SPARQL 1.1 store")
# Measured on Virtuoso Open Source 7.2 (Debian's package, default configuration): a fresh database
# holds its mapping schema, the LDP vocabulary and a graph named after its default host.
VIRTUOSO = Dialect(
    "Virtuoso",
    system_graphs=("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/"),
    update_rights=(
        'grant SPARQL_UPDATE to the endpoint\'s user (isql-vt: GRANT SPARQL_UPDATE TO "SPARQL";), or set '
        "NZC_UPDATE_ENDPOINT to its /sparql-auth endpoint with NZC_STORE_USER and NZC_STORE_PASSWORD"
    ),
    # Naming our graphs in the request made its queries 3-10 times slower (search corpus 0.25 s ->
    # 0.92 s on the report graph); leaving its own and our bookkeeping graphs out costs nothing.
    exclusion_pragmas=("input:default-graph-exclude", "input:named-graph-exclude"),
)
UNSAFE_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # what an IRIREF may not hold


def dialect_for(server: str | None) -> Dialect:
    """The dialect of a store from its `Server` response header.

    >>> dialect_for("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu").name
    'Virtuoso'
    >>> dialect_for("Oxigraph/0.4").name, dialect_for(None).name
    ('SPARQL 1.1 store', 'SPARQL 1.1 store')
    """
    return VIRTUOSO if server and server.lower().startswith("virtuoso") else STANDARD


def what_the_store_said(body: bytes | str) -> str:
    """The store's own message in an error answer, in one line: the first line of its text (of an
    HTML page, its text without tags), at most 300 characters.

    >>> what_the_store_said(b"Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error\\n\\nSPARQL:\\n")
    'Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error'
    >>> what_the_store_said("<html><body><h1>406 Unacceptable</h1><p>An appropriate representation...</p>")
    '406 Unacceptable An appropriate representation...'
    >>> what_the_store_said(b"")
    'no message'
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if re.search(r"<(html|body|h1|p)\b", text[:1000], re.IGNORECASE):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<(script|style|title).*?</\1>", "", text)))
    lines = (line.strip() for line in text.splitlines())
    first = next((line for line in lines if line), "no message")
    return first if len(first) <= 300 else first[:299] + "…"


def exception_body(exc: Exception) -> bytes:
    """The answer body SPARQLWrapper keeps in its exception's text (as a bytes literal after
    'Response:'), or b'' when it kept none."""
    text = str(exc)
    _, found, rest = text.partition("Response:\n")
    if not found:
        return b""
    try:
        value = ast.literal_eval(rest.strip())
    except (ValueError, SyntaxError):
        return rest.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def refused_for_rights(message: str) -> bool:
    """Whether a store's error says the user may not do this (rather than that it failed).

    >>> refused_for_rights("Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure")
    True
    >>> refused_for_rights("Virtuoso 37000 Error SP030: syntax error")
    False
    """
    return bool(re.search(r"SR186|SECURITY|permission|not allowed to|forbidden", message, re.IGNORECASE))


def standard_results(data: dict[str, Any]) -> dict[str, Any]:
    """A SPARQL JSON result as the standard writes it. Virtuoso answers some ASKs as a SELECT of
    one variable `__ASK_RETVAL` (a row with 1 for true, 0 or no row for false), still writes
    SPARQL 1.0's `typed-literal`, and adds `link`, `distinct` and `ordered`.

    >>> one = {"__ASK_RETVAL": {"value": "1"}}
    >>> standard_results({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [one]}})
    {'head': {}, 'boolean': True}
    >>> row = {"n": {"type": "typed-literal", "value": "1", "datatype": "x"}}
    >>> standard_results({"head": {"link": [], "vars": ["n"]}, "results": {"distinct": False, "bindings": [row]}})
    {'head': {'vars': ['n']}, 'results': {'bindings': [{'n': {'type': 'literal', 'value': '1', 'datatype': 'x'}}]}}
    """
    head = data.get("head", {})
    if "boolean" in data:
        return {"head": {}, "boolean": bool(data["boolean"])}
    rows = data.get("results", {}).get("bindings", [])
    if head.get("vars") == ["__ASK_RETVAL"]:
        return {"head": {}, "boolean": any(r.get("__ASK_RETVAL", {}).get("value") not in ("0", "false") for r in rows)}
    bindings = [
        {k: {**v, "type": "literal"} if v.get("type") == "typed-literal" else v for k, v in row.items()} for row in rows
    ]
    return {"head": {"vars": list(head.get("vars", []))}, "results": {"bindings": bindings}}


def standard_json(body: bytes) -> bytes:
    """`standard_results` on the bytes of a SPARQL JSON answer."""
    return json.dumps(standard_results(json.loads(body)), ensure_ascii=False).encode()
