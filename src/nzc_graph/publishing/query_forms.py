"""The form of a named query for people: which parameters take a city, challenge, theme, … (read
from the query header), the values to pick from (listed by other named queries), slugs resolved
to IRIs, and the library grouped by what the queries do.

A parameter's kind is the path segment of the example IRI in its header (`…/id/city/aachen` →
`city`) when the parameter is named after it or described as "the city IRI"; an integer
parameter named `cohort…` takes a cohort number. Values are listed from the store, so a slug
(`aachen`) is resolved by looking it up among them, never by pasting text into a query.

    >>> from nzc_graph.queries import Param
    >>> example = "e.g. https://w3id.org/nzc/id/city/aachen"
    >>> param_kind(Param("resource", "iri", None, True, "the city IRI, " + example))
    'city'
    >>> param_kind(Param("resource", "iri", None, True, "the resource IRI, " + example)) is None
    True
    >>> slug_of("https://w3id.org/nzc/id/practice-kind/financial-architect-role", "practice-kind")
    'financial-architect-role'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import ID, is_absolute_iri
from nzc_graph.queries import NamedQuery, Param, QueryLibrary
from nzc_graph.store.base import GraphStore

_KIND_IRI = re.compile(re.escape(str(ID)) + r"([a-z][a-z0-9-]*)/")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)*$")
INTEGER_KINDS = ("cohort",)


@dataclass(frozen=True)
class ChoiceSource:
    """The named query that lists the values of a kind, and which of its columns to show."""

    query: str
    value: str
    label: str
    detail: str | None = None


# Kinds with a catalogue query of their own; any other kind lists the resources under its IRI
# prefix (queries/list-published-resources.rq).
SOURCES: dict[str, ChoiceSource] = {
    "city": ChoiceSource("list-cities", "city", "cityLabel", "countryLabel"),
    "challenge": ChoiceSource("list-challenges", "challenge", "challengeLabel"),
    "theme": ChoiceSource("list-themes", "theme", "themeLabel", "schemeLabel"),
    "practice-kind": ChoiceSource("list-practice-kinds", "kind", "kindLabel"),
    "session": ChoiceSource("list-sessions", "session", "sessionLabel", "typeLabel"),
    "organisation": ChoiceSource("list-organisations", "resource", "label", "kindLabel"),
    "cohort": ChoiceSource("list-cohorts", "number", "cohortLabel"),
}
PREFIX_SOURCE = ChoiceSource("list-published-resources", "resource", "label")


@dataclass(frozen=True)
class Choice:
    """One value to pick: what the form sends (a slug or a number), its label, and its IRI."""

    value: str
    label: str
    iri: str | None = None


@dataclass(frozen=True)
class Field:
    """A parameter as a form field, with the value to show in it."""

    param: Param
    kind: str | None
    choices: tuple[Choice, ...]
    value: str

    @property
    def label(self) -> str:
        return self.param.name.replace("_", " ").capitalize()

    @property
    def widget(self) -> str:
        """select, number, date or text."""
        if self.choices:
            return "select"
        return {"integer": "number", "date": "date"}.get(self.param.type, "text")

    def selected(self, choice: Choice) -> bool:
        return self.value in (choice.value, choice.iri)


def kind_label(kind: str) -> str:
    return kind.replace("-", " ")


def param_kind(param: Param) -> str | None:
    """The kind of resource a parameter takes (`city`, `challenge`, …), or None."""
    names = {param.name.replace("_", "-"), param.name.split("_")[0]}
    if param.type == "integer":
        return next((k for k in INTEGER_KINDS if k in names), None)
    if param.type != "iri":
        return None
    m = _KIND_IRI.search(param.description) or _KIND_IRI.search(param.default or "")
    if m is None:
        return None
    kind = m.group(1)
    text = param.description.lower()
    if kind in names or f"the {kind} iri" in text or f"the {kind_label(kind)} iri" in text:
        return kind
    return None


def slug_of(iri: str, kind: str) -> str:
    """The short name of an IRI in its kind (`aachen`), else its path under `id/`, else the IRI."""
    for prefix in (f"{ID}{kind}/", str(ID)):
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return iri[len(prefix) :]
    return iri


def list_choices(store: GraphStore, library: QueryLibrary, kind: str) -> tuple[Choice, ...]:
    """The values a parameter of `kind` can take, in the listing query's order (labels for the rest)."""
    source = SOURCES.get(kind)
    if source is None:
        rows = library.select(store, PREFIX_SOURCE.query, {"prefix": f"{ID}{kind}/"})
        source = PREFIX_SOURCE
        rows.sort(key=lambda r: str(r.get(source.label, r[source.value])).lower())
    else:
        rows = library.select(store, source.query)
    seen: dict[str, Choice] = {}
    for row in rows:
        raw = row.get(source.value)
        if raw is None:
            continue
        label = str(row.get(source.label, "")) or str(raw)
        detail = row.get(source.detail) if source.detail else None
        if detail is not None and str(detail):
            label = f"{label} ({detail})"
        is_iri = kind not in INTEGER_KINDS
        value = slug_of(str(raw), kind) if is_iri else str(raw)
        seen.setdefault(value, Choice(value, label, str(raw) if is_iri else None))
    return tuple(seen.values())


ChoicesOf = Callable[[str], Sequence[Choice]]


def resolve_slugs(query: NamedQuery, raw: Mapping[str, str], choices_of: ChoicesOf) -> dict[str, str]:
    """`raw` with every slug of a kind parameter replaced by the IRI it names.

    IRIs and values of other parameters pass unchanged (their type is checked when bound). A slug
    the kind does not know is refused, naming the parameter.
    """
    resolved = dict(raw)
    for param in query.params:
        value = raw.get(param.name, "").strip()
        kind = param_kind(param)
        if param.type != "iri" or kind is None or not value or is_absolute_iri(value):
            continue
        if not _SLUG.match(value):
            continue  # not a slug either: binding reports the wrong type
        by_value = {c.value: c.iri for c in choices_of(kind) if c.iri}
        if value not in by_value:
            known = ", ".join(list(by_value)[:12])
            raise InvalidQueryParameter(
                f"parameter '{param.name}' must be of type iri or a {kind_label(kind)} slug; "
                f"there is no {kind_label(kind)} '{value}' (known: {known}{', …' if len(by_value) > 12 else ''})"
            )
        resolved[param.name] = by_value[value]
    return resolved


def form_fields(query: NamedQuery, raw: Mapping[str, str], choices_of: ChoicesOf) -> tuple[Field, ...]:
    """One field per parameter, showing the value given (or the default)."""
    fields = []
    for param in query.params:
        kind = param_kind(param)
        choices: tuple[Choice, ...] = tuple(choices_of(kind)) if kind else ()
        if param.type == "boolean":
            choices = (Choice("true", "yes"), Choice("false", "no"))
        value = raw.get(param.name) or param.default or ""
        fields.append(Field(param, kind, choices, value))
    return tuple(fields)


def missing_required(query: NamedQuery, raw: Mapping[str, str]) -> tuple[Param, ...]:
    return tuple(p for p in query.params if p.required and p.default is None and not raw.get(p.name, "").strip())


# The library by what the queries do, from the verb that starts each name (queries/<verb>-<noun>.rq).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Profiles and overviews", ("show",)),
    ("Who did what, who can help", ("who", "find", "peers", "suggest", "trace", "practices")),
    ("Lists and catalogues", ("list",)),
    ("Counts and rankings", ("count", "rank")),
    ("Page sections and linked data", ("describe",)),
    ("Used by search and submissions", ("search", "context")),
)


def grouped(queries: Sequence[NamedQuery]) -> list[tuple[str, list[NamedQuery]]]:
    """The queries under the heading of their verb, in GROUPS order; unknown verbs go last."""
    verb_group = {verb: title for title, verbs in GROUPS for verb in verbs}
    groups: dict[str, list[NamedQuery]] = {title: [] for title, _ in GROUPS}
    for q in queries:
        groups.setdefault(verb_group.get(q.name.split("-", 1)[0], "Other"), []).append(q)
    return [(title, qs) for title, qs in groups.items() if qs]
