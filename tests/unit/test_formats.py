"""The format registry (formats.py): lookups, and that the records agree with each other and
with the libraries that read and write them."""

from __future__ import annotations

import doctest
from typing import get_args

import pyoxigraph as ox
import pytest
from rdflib.plugin import Parser, ResultParser
from rdflib.plugin import get as plugin

from nzc_graph import formats
from nzc_graph.errors import UnsupportedOperation
from nzc_graph.formats import (
    FORMATS,
    JSON_LD,
    N_QUADS,
    N_TRIPLES,
    RDF_FORMATS,
    RDF_XML,
    RESULT_FORMATS,
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    TRIG,
    TURTLE,
    Format,
    by_media_type,
    by_name,
    by_query_kind,
    by_suffix,
)
from nzc_graph.store.oxformats import ox_format, ox_rdf_format
from nzc_graph.submissions.service import ACCEPTED, SubmissionFormat

IDS = [f.name for f in FORMATS]


def test_docstring_examples_run() -> None:
    assert doctest.testmod(formats).failed == 0


def test_lookups() -> None:
    assert by_media_type("text/turtle") is TURTLE
    assert by_media_type("Application/X-Turtle") is TURTLE
    assert by_media_type("application/json") is SPARQL_JSON  # what the SPARQL endpoint means by it
    assert by_media_type("text/plain") is N_TRIPLES
    assert by_media_type("text/html") is None and by_media_type("text/csv; charset=utf-8") is None
    assert by_suffix(".TTL") is TURTLE and by_suffix(".owl") is RDF_XML and by_suffix(".json") is JSON_LD
    assert by_suffix("ttl") is None
    assert by_name("nt") is N_TRIPLES and by_name("json-ld") is JSON_LD and by_name("json") is SPARQL_JSON
    assert by_name("owl") is None


def test_query_kinds_in_the_endpoints_order() -> None:
    graphs = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS)
    assert by_query_kind("construct") == by_query_kind("describe") == graphs == RDF_FORMATS
    assert by_query_kind("select") == by_query_kind("ask") == (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
    assert RESULT_FORMATS == by_query_kind("select")
    assert {f.name for f in FORMATS if "dataset" in f.carries} == {"trig", "nquads"}


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_every_name_media_type_and_suffix_maps_back_to_its_record(fmt: Format) -> None:
    for name in (fmt.name, *fmt.other_names):
        assert by_name(name) is fmt
    for media_type in (*fmt.media_types, *fmt.accept_aliases):
        assert by_media_type(media_type) is fmt
    for suffix in fmt.suffixes:
        assert by_suffix(suffix) is fmt
    assert fmt.suffixes[0] == "." + fmt.ext and fmt.media_type == fmt.media_types[0]


@pytest.mark.parametrize("attribute", ["names", "media types", "suffixes", "IRIs", "labels"])
def test_nothing_names_two_records(attribute: str) -> None:
    values = {
        "names": [n for f in FORMATS for n in (f.name, *f.other_names)],
        "media types": [m for f in FORMATS for m in (*f.media_types, *f.accept_aliases)],
        "suffixes": [s for f in FORMATS for s in f.suffixes],
        "IRIs": [f.iri for f in FORMATS],
        "labels": [f.label for f in FORMATS],
    }[attribute]
    assert len(values) == len(set(values)), f"a duplicate among the {attribute}"


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_record_is_well_formed(fmt: Format) -> None:
    assert fmt.iri.startswith("http://www.w3.org/ns/formats/")
    assert all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)
    assert all(m == m.lower() and ";" not in m and "/" in m for m in (*fmt.media_types, *fmt.accept_aliases))
    assert fmt.carries and (fmt.carries <= {"select", "ask"} or fmt.carries <= {"graph", "dataset"})
    assert "graph" in fmt.carries or fmt.is_results


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_rdflib_has_the_named_plugin(fmt: Format) -> None:
    assert plugin(fmt.rdflib_name, ResultParser if fmt.is_results else Parser) is not None


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.oxigraph_name], ids=lambda f: f.name)
def test_every_record_pyoxigraph_supports_resolves_in_the_store(fmt: Format) -> None:
    found = ox_format(fmt)
    assert isinstance(found, ox.QueryResultsFormat if fmt.is_results else ox.RdfFormat)
    assert found.media_type.split(";")[0] == fmt.media_type
    assert "." + found.file_extension == fmt.suffixes[0]


def test_the_store_refuses_a_results_format_as_rdf() -> None:
    with pytest.raises(UnsupportedOperation, match="SPARQL Results CSV is not an RDF syntax"):
        ox_rdf_format(SPARQL_CSV)


def test_submissions_accept_exactly_the_formats_they_name() -> None:
    assert sorted(f.rdflib_name for f in ACCEPTED) == sorted(get_args(SubmissionFormat))
    assert not {m for f in ACCEPTED for m in f.media_types} & {m for f in FORMATS for m in f.accept_aliases}
