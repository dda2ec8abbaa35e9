"""The maintained list of every city named in the report is in the graph, with the roles and cohorts
the report claims for it. The roster pages add cities and claims of their own (tests/data/test_roster.py);
the report's claims are the memberships with a verbatim quote (nzc:evidence), checked here on their own."""

from __future__ import annotations

import csv

import pytest

from nzc_graph.namespaces import CITY, ROLE


@pytest.fixture(scope="module")
def expected(settings) -> list[dict[str, str]]:
    with (settings.root / "tests" / "fixtures" / "report-cities.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_list_is_not_trivial(expected) -> None:
    assert len(expected) >= 50


def test_every_listed_city_is_in_the_graph_with_label_country_and_roles(store, expected) -> None:
    problems = []
    for row in expected:
        city = CITY[row["slug"]]
        labels = {
            str(r["l"])
            for r in store.select(
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "SELECT ?l WHERE { { ?c rdfs:label ?l } UNION { ?c skos:altLabel ?l } }",
                {"c": city},
            )
        }
        if row["label"] not in labels:
            problems.append(f"{row['slug']}: label {row['label']!r} not among {sorted(labels)}")
        code = store.select(
            "PREFIX nzc: <https://w3id.org/nzc/ontology#> SELECT ?code WHERE { ?c nzc:country/nzc:isoCode ?code }",
            {"c": city},
        )
        if [str(r["code"]).lower() for r in code] != [row["country"].lower()]:
            problems.append(f"{row['slug']}: country {code} != {row['country']}")
        roles = {
            str(r["r"]).rsplit("/", 1)[-1]
            for r in store.select(
                "PREFIX nzc: <https://w3id.org/nzc/ontology#> "
                "SELECT ?r WHERE { ?m a nzc:Membership ; nzc:city ?c ; nzc:role ?r ; nzc:evidence ?q }",
                {"c": city},
            )
        }
        want = {r for r in row["roles"].split(";") if r}
        if roles != want:
            problems.append(f"{row['slug']}: roles {sorted(roles)} != {sorted(want)}")
        cohorts = {
            str(r["n"])
            for r in store.select(
                "PREFIX nzc: <https://w3id.org/nzc/ontology#> SELECT ?n WHERE "
                "{ ?m a nzc:Membership ; nzc:city ?c ; nzc:evidence ?q ; nzc:cohort/nzc:cohortNumber ?n }",
                {"c": city},
            )
        }
        want_c = {c for c in row["cohort"].split(";") if c}
        if cohorts != want_c:
            problems.append(f"{row['slug']}: cohorts {sorted(cohorts)} != {sorted(want_c)}")
    assert not problems, "\n".join(problems)


def test_no_city_in_the_graph_is_missing_from_the_list(store, expected) -> None:
    """A city the list does not name must come from a roster page (a membership or pairing citing it)."""
    listed = {CITY[r["slug"]] for r in expected}
    rows = store.select("""PREFIX nzc: <https://w3id.org/nzc/ontology#>
        SELECT ?c WHERE {
          ?c a nzc:City .
          FILTER NOT EXISTS { ?m nzc:city ?c ; nzc:citation/nzc:page ?page }
          FILTER NOT EXISTS { ?p nzc:pilotCity|nzc:twinCity ?c ; nzc:citation/nzc:page ?page }
        }""")
    extra = sorted(str(r["c"]) for r in rows if r["c"] not in listed)
    assert not extra, extra


def test_the_fourteen_mission_cities(store) -> None:
    """The report names 14 Mission Cities; the roster pages add more (test_roster.py)."""
    rows = store.select(
        "PREFIX nzc: <https://w3id.org/nzc/ontology#> "
        "SELECT ?c WHERE { ?m a nzc:Membership ; nzc:city ?c ; nzc:role ?r ; nzc:evidence ?q }",
        {"r": ROLE["mission-city"]},
    )
    slugs = {str(r["c"]).rsplit("/", 1)[-1] for r in rows}
    assert slugs == {
        "gothenburg",
        "guimaraes",
        "budapest",
        "valladolid",
        "umea",
        "tampere",
        "valencia",
        "parma",
        "cluj-napoca",
        "porto",
        "barcelona",
        "aachen",
        "kozani",
        "turku",
    }
