"""The CSV template (read into the same triples a Turtle submission holds; problems named by line
and column) and API keys (hashed storage, scopes, constant-time lookup, file errors)."""

from __future__ import annotations

import os

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from nzc_graph.errors import AuthError, ConfigurationError, RdfParseError
from nzc_graph.namespaces import NZC, PRACTICE
from nzc_graph.submissions.apikeys import KeyRing, hash_key, parse_keys
from nzc_graph.submissions.csv_template import read_practices_csv
from nzc_graph.submissions.keyfile import add_key

HEADER = "city,practice_kind,status,description,challenges,evidence,section\n"
ROW = (
    'aachen,financial-architect-role,planned,"Aachen plans a post for a finance specialist.",'
    'lack-of-financial-expertise; complex-funding-requirements,"To address this, Aachen aims to hire a '
    '""financial architect""",1.4.1\n'
)


def test_template_file_reads_and_validates(settings, store) -> None:
    from nzc_graph.submissions.service import validator_for

    template = settings.root / "data" / "templates" / "practices-template.csv"
    graph = read_practices_csv(template.read_bytes(), template.name)
    practices = set(graph.subjects(RDF.type, NZC.PracticeAdoption))
    assert len(practices) >= 2
    report = validator_for(settings.shapes_dir, settings.queries_dir).check(store, graph, new_only=True).report
    assert report.conforms, report.text()


def test_a_row_becomes_a_practice_with_quote_and_challenges() -> None:
    g = read_practices_csv(HEADER + ROW)
    p = PRACTICE["aachen--financial-architect-role"]
    assert (p, RDF.type, NZC.PracticeAdoption) in g
    assert str(g.value(p, NZC.status)).endswith("/status/planned")
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(p, NZC.addresses)} == {
        "lack-of-financial-expertise",
        "complex-funding-requirements",
    }
    quote = g.value(p, NZC.evidence)
    assert str(g.value(quote, NZC.quoteText)) == 'To address this, Aachen aims to hire a "financial architect"'
    assert g.value(quote, NZC.section) == URIRef("https://w3id.org/nzc/id/report/d4-8/section/s1-4-1")


@pytest.mark.parametrize(
    "sheet,line,column,words",
    [
        (HEADER + ROW.replace("aachen,", "Aachen City,", 1), 2, 1, "'Aachen City' is neither a slug nor an IRI"),
        (HEADER + ROW + ROW, 3, None, "a second row for"),
        (HEADER + ROW.replace("planned", ""), 2, 3, "(status): this column is required"),
        (HEADER.replace("status", "stauts") + ROW, 1, None, "unknown column(s) stauts; missing column(s) status"),
        (HEADER + "aachen,x,planned\n", 2, None, "3 field(s) where the header has 7"),
        (HEADER, 2, None, "no practice rows"),
        ("", 1, None, "the sheet is empty"),
    ],
)
def test_sheet_problems_name_line_and_column(sheet: str, line: int, column: int | None, words: str) -> None:
    with pytest.raises(RdfParseError) as err:
        read_practices_csv(sheet, "sheet.csv")
    assert err.value.line == line and err.value.column == column
    assert words in str(err.value)


def test_non_utf8_sheet_is_refused_with_position() -> None:
    with pytest.raises(RdfParseError, match="not UTF-8 text at line 2"):
        read_practices_csv((HEADER + "m\xfcnster,").encode("latin-1"), "sheet.csv")


def test_keys_are_stored_hashed_and_scoped(tmp_path) -> None:
    path = tmp_path / "keys"
    city_key = add_key(path, "aachen", "Aachen climate office")
    admin_key = add_key(path, "admin", "")
    text = path.read_text()
    assert city_key not in text and admin_key not in text and hash_key(city_key) in text
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    ring = KeyRing("settings-admin-key", path)
    aachen = ring.authenticate(city_key)
    assert aachen.city == "aachen" and not aachen.is_admin and aachen.label == "Aachen climate office"
    assert ring.authenticate(admin_key).is_admin
    assert ring.authenticate("settings-admin-key").is_admin
    with pytest.raises(AuthError, match="not valid"):
        ring.authenticate(city_key + "x")
    with pytest.raises(AuthError, match="needs an API key"):
        ring.authenticate(None)


def test_new_keys_work_without_restart_and_bad_files_are_named(tmp_path) -> None:
    path = tmp_path / "keys"
    ring = KeyRing(None, path)
    with pytest.raises(ConfigurationError, match="does not exist"):
        ring.authenticate("anything")
    first = add_key(path, "leuven", "Leuven")
    assert ring.authenticate(first).city == "leuven"
    second = add_key(path, "porto", "Porto")
    assert ring.authenticate(second).city == "porto"
    with pytest.raises(ConfigurationError, match="line 2"):
        parse_keys("# comment\nnot-a-hash aachen label\n", "keys")
    with pytest.raises(ConfigurationError, match="not a city slug"):
        add_key(path, "Aachen City", "x")


def test_problems_in_a_sheet_point_at_the_row(settings, store) -> None:
    from nzc_graph.submissions.service import read_input, validator_for

    sheet = (
        HEADER.replace("section\n", "section,name\n")
        + ROW.replace("1.4.1\n", "1.4.1,first\n").replace(
            '"To address this, Aachen aims to hire a ""financial architect"""', "Too short"
        )
        + ROW.replace("1.4.1\n", "1.4.1,second\n").replace("planned", "finished")
    )
    graph, lines = read_input(sheet, "csv", "sheet.csv")
    report = (
        validator_for(settings.shapes_dir, settings.queries_dir).check(store, graph, new_only=True, lines=lines).report
    )
    by_message = {r.message.split(" ")[0] + " " + r.path: r.line for r in report.results if r.severity == "Violation"}
    assert by_message == {"nzc:quoteText nzc:quoteText": 2, "nzc:status nzc:status": 3}, report.text()
    assert "(line 3)" in report.text()
