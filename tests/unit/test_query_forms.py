"""Named-query forms: parameter kinds read from the headers, pick-lists from the store, slugs
resolved among listed values, result tables, and the library's groups."""

from __future__ import annotations

import pytest

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.publishing.query_forms import (
    form_fields,
    grouped,
    list_choices,
    missing_required,
    param_kind,
    resolve_slugs,
)
from nzc_graph.publishing.result_tables import compact, graph_table, results_table
from nzc_graph.queries import QueryLibrary


@pytest.fixture(scope="module")
def library(settings) -> QueryLibrary:
    return QueryLibrary(settings.queries_dir)


EXPECTED = {
    ("who-solved", "challenge"): "challenge",
    ("show-city-profile", "city"): "city",
    ("describe-city-practices", "resource"): "city",
    ("practices-of-kind", "kind"): "practice-kind",
    ("list-practices-by-status", "status"): "status",
    ("list-peer-links", "link_type"): "link-type",
    ("list-cities", "country"): "country",
    ("find-challenges-shared-by-cohorts", "cohort_a"): "cohort",
    ("show-cohort-overview", "cohort"): "cohort",
    ("describe-resource", "resource"): None,  # any resource: a free field
    ("list-figures", "about"): None,
    ("who-solved", "min_rank"): None,
    ("list-organisations", "kind"): None,  # a class IRI, not a resource of ours
}


def test_parameter_kinds_come_from_the_headers(library) -> None:
    for (name, param), kind in EXPECTED.items():
        p = next(p for p in library.get(name).params if p.name == param)
        assert param_kind(p) == kind, (name, param)


def test_every_kind_has_values_to_pick(store, library) -> None:
    kinds = {param_kind(p) for q in library.all() for p in q.params} - {None}
    assert kinds >= {"city", "challenge", "theme", "cohort", "status", "session", "organisation"}
    for kind in kinds:
        assert kind is not None
        choices = list_choices(store, library, kind)
        assert choices, kind
        assert len({c.value for c in choices}) == len(choices), kind
        assert all(c.label for c in choices), kind


def test_slugs_resolve_among_listed_values_only(store, library) -> None:
    q = library.get("who-solved")

    def choices_of(kind: str):
        return list_choices(store, library, kind)

    iri = "https://w3id.org/nzc/id/challenge/stakeholder-fatigue"
    assert resolve_slugs(q, {"challenge": "stakeholder-fatigue"}, choices_of)["challenge"] == iri
    assert resolve_slugs(q, {"challenge": iri}, choices_of)["challenge"] == iri
    assert resolve_slugs(q, {"challenge": "not an iri"}, choices_of)["challenge"] == "not an iri"  # bind refuses it
    with pytest.raises(InvalidQueryParameter, match="no challenge 'atlantis'"):
        resolve_slugs(q, {"challenge": "atlantis"}, choices_of)
    cohorts = library.get("show-cohort-overview")
    assert resolve_slugs(cohorts, {"cohort": "3"}, choices_of) == {"cohort": "3"}


def test_form_fields_show_values_and_defaults(store, library) -> None:
    q = library.get("who-solved")
    fields = form_fields(q, {"challenge": "stakeholder-fatigue"}, lambda k: list_choices(store, library, k))
    challenge, min_rank = fields
    assert challenge.widget == "select" and any(challenge.selected(c) for c in challenge.choices)
    assert min_rank.widget == "number" and min_rank.value == "1"
    assert [p.name for p in missing_required(q, {})] == ["challenge"]
    assert missing_required(q, {"challenge": "x"}) == ()


def test_every_query_is_in_one_group(library) -> None:
    groups = grouped(library.all())
    names = [q.name for _, qs in groups for q in qs]
    assert sorted(names) == sorted(library.names())
    assert "Other" not in dict(groups)


def test_result_tables() -> None:
    assert compact("https://w3id.org/nzc/id/city/aachen") == "city:aachen"
    assert compact("http://example.org/x") == "http://example.org/x"
    ask = results_table(b'{"head": {}, "boolean": true}', 10)
    assert ask.boolean is True and not ask.rows
    body = (
        b'{"head": {"vars": ["n"]}, "results": {"bindings": ['
        + b",".join(b'{"n": {"type": "literal", "value": "%d"}}' % i for i in range(5))
        + b"]}}"
    )
    capped = results_table(body, 3)
    assert capped.total == 5 and len(capped.rows) == 3 and capped.truncated
    graph = graph_table(b'<http://example.org/s> <http://example.org/p> "o"@en .\n', 10)
    assert graph.columns == ("subject", "predicate", "object") and graph.rows[0][2].note == "en"
