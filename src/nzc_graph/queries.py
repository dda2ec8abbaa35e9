"""Named SPARQL queries from queries/*.rq: headers, typed parameters, safe binding."""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from nzc_graph.errors import InvalidQueryParameter, QueryNotFound
from nzc_graph.namespaces import is_absolute_iri
from nzc_graph.store.base import GraphStore, QueryKind, Row, TextRow
from nzc_graph.store.sparql_text import query_form

PARAM_TYPES: tuple[str, ...] = ("iri", "string", "integer", "decimal", "date", "boolean")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>\w+)\s*(?:=\s*(?P<default>\S+)|(?P<req>required))?\s*(?:-\s*(?P<doc>.*))?$"
)


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    default: str | None
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its parsed header."""

    name: str
    text: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    example: str
    kind: QueryKind

    @property
    def example_params(self) -> dict[str, str]:
        """The `--param name=value` pairs of the example call (empty when it has none).

        >>> call = 'nzc-graph query --name q --param "text=green bonds"'
        >>> NamedQuery("q", "", "", "", (), (), call, "select").example_params
        {'text': 'green bonds'}
        """
        try:
            args = shlex.split(self.example)
        except ValueError:
            return {}
        pairs = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--param", "-p")]
        return dict(p.split("=", 1) for p in pairs if "=" in p)


def _header(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m = re.match(r"#\s*(\w+)\s*:\s*(.*)$", stripped)
        if m:
            fields.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    return fields


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    h = _header(text)
    params = []
    for raw in h.get("param", []):
        m = _PARAM.match(raw)
        if not m or m.group("type") not in PARAM_TYPES:
            raise InvalidQueryParameter(
                f"{path.name}: bad parameter header '# param: {raw}' "
                f"(expected 'name: type [= default | required] - description', "
                f"type one of {', '.join(PARAM_TYPES)})"
            )
        params.append(
            Param(
                m.group("name"),
                m.group("type"),
                m.group("default"),
                bool(m.group("req")),
                (m.group("doc") or "").strip(),
            )
        )
    return NamedQuery(
        name=path.stem,
        text=text,
        title=" ".join(h.get("title", [path.stem])),
        description=" ".join(h.get("description", [])),
        params=tuple(params),
        columns=tuple(" ".join(h.get("columns", [])).split()),
        example=" ".join(h.get("example", [])),
        kind=query_form(text),
    )


def to_term(param: Param, value: str) -> Identifier:
    """Convert a raw parameter value to an RDF term of the declared type, or fail saying why."""
    v = value.strip()
    try:
        if param.type == "iri":
            if not is_absolute_iri(v):
                raise ValueError("not an absolute IRI")
            return URIRef(v)
        if param.type == "integer":
            return Literal(int(v), datatype=XSD.integer)
        if param.type == "decimal":
            if not math.isfinite(float(v)):  # rdflib would write "NaN"^^xsd:decimal, which is no decimal
                raise ValueError("not a finite number")
            return Literal(v, datatype=XSD.decimal)
        if param.type == "date":
            return Literal(date.fromisoformat(v).isoformat(), datatype=XSD.date)
        if param.type == "boolean":
            if v.lower() not in ("true", "false", "1", "0"):
                raise ValueError("expected true or false")
            return Literal(v.lower() in ("true", "1"), datatype=XSD.boolean)
        return Literal(v)
    except ValueError as exc:
        raise InvalidQueryParameter(
            f"parameter '{param.name}' must be of type {param.type}; got {value!r} ({exc})"
        ) from exc


class QueryLibrary:
    """The named queries of a folder, loaded once and looked up by name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cache  # noqa: B019 - one library per process; caching for its lifetime is the point
    def _all(self) -> dict[str, NamedQuery]:
        return {p.stem: parse_query_file(p) for p in sorted(self.folder.glob("*.rq"))}

    def names(self) -> list[str]:
        return list(self._all())

    def all(self) -> list[NamedQuery]:
        return list(self._all().values())

    def get(self, name: str) -> NamedQuery:
        try:
            return self._all()[name]
        except KeyError:
            raise QueryNotFound(f"no named query '{name}'; known: {', '.join(self.names())}") from None

    def folder_queries(self, sub: str) -> list[NamedQuery]:
        """Queries of a sub-folder (rules/, checks/), in file-name order."""
        return [parse_query_file(p) for p in sorted((self.folder / sub).glob("*.rq"))]

    def bind(self, name: str, raw: Mapping[str, str]) -> dict[str, Identifier]:
        """Validate raw parameters against the header; return RDF-term bindings."""
        q = self.get(name)
        declared = {p.name: p for p in q.params}
        unknown = sorted(set(raw) - set(declared))
        if unknown:
            raise InvalidQueryParameter(
                f"query '{name}' has no parameter {', '.join(unknown)}; it takes: {', '.join(declared) or 'none'}"
            )
        bindings: dict[str, Identifier] = {}
        for p in q.params:
            if p.name in raw and raw[p.name] != "":
                bindings[p.name] = to_term(p, raw[p.name])
            elif p.default is not None:
                bindings[p.name] = to_term(p, p.default)
            elif p.required:
                raise InvalidQueryParameter(f"query '{name}' needs parameter '{p.name}' ({p.type}): {p.description}")
        return bindings

    def select(self, store: GraphStore, name: str, raw: Mapping[str, str] | None = None) -> list[Row]:
        return store.select(self.get(name).text, self.bind(name, raw or {}))

    def select_text(self, store: GraphStore, name: str, raw: Mapping[str, str] | None = None) -> list[TextRow]:
        """Like `select`, with plain strings for values (see GraphStore.select_text)."""
        return store.select_text(self.get(name).text, self.bind(name, raw or {}))
