"""The named-query library as a whole: documented headers, docs listing, typed and safe parameters.

What each query returns is checked against the report in test_named_queries_report.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.queries import NamedQuery, QueryLibrary

# A value of the wrong type for each parameter type; strings accept anything, so they have none.
WRONG_VALUE = {"iri": "not an iri", "integer": "three", "decimal": "1,5", "date": "2025-13-45", "boolean": "maybe"}
INJECTION = '") } SELECT * WHERE { ?s ?p ?o } #'


@pytest.fixture(scope="module")
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


def example_params(q: NamedQuery) -> dict[str, str]:
    """The --param k=v pairs of a query's example call."""
    args = shlex.split(q.example)
    pairs = [args[i + 1] for i, a in enumerate(args) if a in ("--param", "-p") and i + 1 < len(args)]
    return dict(p.split("=", 1) for p in pairs)


def test_every_top_level_query_file_has_a_complete_header(settings) -> None:
    library = QueryLibrary(settings.queries_dir)
    files = sorted(settings.queries_dir.glob("*.rq"))
    assert len(files) >= 20
    for path in files:
        q = library.get(path.stem)
        assert q.title and q.title != q.name, f"{path.name}: '# title:' missing"
        assert q.description, f"{path.name}: '# description:' missing"
        assert q.columns, f"{path.name}: '# columns:' missing"
        assert q.example.startswith(f"nzc-graph query --name {path.stem}"), (
            f"{path.name}: '# example:' must start with 'nzc-graph query --name {path.stem}'"
        )


def test_every_example_names_only_declared_parameters(library) -> None:
    for q in library.all():
        declared = {p.name for p in q.params}
        assert set(example_params(q)) <= declared, f"{q.name}: example uses undeclared parameters"
        library.bind(q.name, example_params(q))  # example values have the declared types


def test_every_select_query_runs_its_example_and_returns_only_declared_columns(store, library) -> None:
    for q in library.all():
        if q.kind != "select":
            continue
        rows = library.select(store, q.name, example_params(q))
        undeclared = {k for r in rows for k in r} - set(q.columns)
        assert not undeclared, f"{q.name}: columns {sorted(undeclared)} are not in '# columns:'"


def test_every_query_is_listed_in_docs(settings, library) -> None:
    doc = (Path(settings.root) / "docs" / "queries.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", doc, re.MULTILINE))
    missing = sorted(set(library.names()) - listed)
    assert not missing, f"add a row '| `name` | title | parameters |' to docs/queries.md for: {missing}"
    stale = sorted(listed - set(library.names()))
    assert not stale, f"docs/queries.md lists queries that no longer exist: {stale}"


def test_every_parameter_rejects_a_wrongly_typed_value(library) -> None:
    checked = 0
    for q in library.all():
        valid = {
            p.name: (example_params(q).get(p.name) or p.default or "https://w3id.org/nzc/id/x")
            for p in q.params
            if p.required
        }
        for p in q.params:
            if p.type not in WRONG_VALUE:
                continue
            with pytest.raises(InvalidQueryParameter, match=f"'{p.name}' must be of type {p.type}"):
                library.bind(q.name, {**valid, p.name: WRONG_VALUE[p.type]})
            checked += 1
    assert checked >= 20


def test_every_required_parameter_is_enforced(library) -> None:
    for q in library.all():
        for p in q.params:
            if p.required:
                others = {o.name: example_params(q).get(o.name, "1") for o in q.params if o.required and o is not p}
                with pytest.raises(InvalidQueryParameter, match=f"needs parameter '{p.name}'"):
                    library.bind(q.name, others)


def test_optional_parameters_without_default_can_be_left_out(store, library) -> None:
    """An optional parameter is simply unbound: the query must still run and list everything."""
    for q in library.all():
        optional = [p for p in q.params if not p.required and p.default is None]
        if q.kind != "select" or not optional or any(p.required for p in q.params):
            continue
        unfiltered = library.select(store, q.name, {})
        filtered = library.select(store, q.name, example_params(q))
        assert len(filtered) <= len(unfiltered), q.name


def test_search_text_cannot_break_out_of_its_literal(store, library) -> None:
    assert library.select(store, "search-labels", {"text": INJECTION}) == []
    assert library.select(store, "search-labels", {"text": 'architect" . ?s ?p ?o . FILTER("'}) == []
    assert library.select(store, "list-quotes-by-section", {"section": '1.4.1" || true || "'}) == []
    # the same query does find the plain words
    assert library.select(store, "search-labels", {"text": "architect"})


@pytest.mark.parametrize(
    "name",
    [
        "show-city-profile",
        "list-city-challenges",
        "find-cities-facing-challenge",
        "show-practice-evidence",
        "find-practices-involving-organisation",
    ],
)
def test_an_unknown_resource_gives_no_rows(store, library, name) -> None:
    q = library.get(name)
    required = [p for p in q.params if p.required]
    assert [p.type for p in required] == ["iri"]
    assert library.select(store, name, {required[0].name: "https://w3id.org/nzc/id/city/atlantis"}) == []
