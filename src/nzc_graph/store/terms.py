"""Conversion between rdflib terms and pyoxigraph terms, and Oxigraph's strict RDF parser."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from nzc_graph.errors import RdfParseError
from nzc_graph.formats import Format
from nzc_graph.store.oxformats import ox_rdf_format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox_quad(s: Node, p: Node, o: Node, graph: ox.NamedNode) -> ox.Quad:
    """A pyoxigraph quad from rdflib terms; a literal subject or a non-IRI predicate is a TypeError."""
    subject, predicate = to_ox(s), to_ox(p)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
    return ox.Quad(subject, predicate, to_ox(o), graph)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {type(term).__name__} to a pyoxigraph term")


def from_ox(term: object) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == XSD_STRING else URIRef(dt))
    raise TypeError(f"cannot convert {type(term).__name__} to an rdflib term")


# Oxigraph's parsers hold one token (a literal, an IRI) or line in a buffer of at most this size.
PARSER_BUFFER = 16 * 1024 * 1024


def _first_long_line(raw: bytes) -> int | None:
    """The number of the first line at least PARSER_BUFFER bytes long (where the parser gave up)."""
    start = 0
    for number, end in enumerate(_line_ends(raw), start=1):
        if end - start >= PARSER_BUFFER:
            return number
        start = end + 1
    return None


def _line_ends(raw: bytes) -> list[int]:
    ends, at = [], raw.find(b"\n")
    while at >= 0:
        ends.append(at)
        at = raw.find(b"\n", at + 1)
    return [*ends, len(raw)]


def parse_with_oxigraph(data: bytes | str, fmt: Format, source: str) -> Graph:
    """RDF (Turtle, TriG, N-Triples, …) through Oxigraph's strict parser, which names line and
    column (named graphs are merged: a submission is one graph)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    graph = Graph()
    try:
        for quad in ox.parse(raw, format=ox_rdf_format(fmt)):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except MemoryError as exc:  # Oxigraph's parser refuses a token or line over its buffer
        line = _first_long_line(raw)
        where = f" at line {line}" if line else ""
        raise RdfParseError(
            f"{source}: not valid {fmt.rdflib_name}{where}: a literal, IRI or line is longer than the "
            f"parser's limit of {PARSER_BUFFER // (1024 * 1024)} MiB ({PARSER_BUFFER} bytes); split the value "
            "or keep such content out of the graph (link to it instead)",
            source=source,
            line=line,
        ) from exc
    except SyntaxError as exc:
        where = f" at line {exc.lineno}, column {exc.offset}" if exc.lineno else ""
        detail = str(exc.msg).split(": ", 1)[-1]
        raise RdfParseError(
            f"{source}: not valid {fmt.rdflib_name}{where}: {detail}", source=source, line=exc.lineno, column=exc.offset
        ) from exc
    return graph
