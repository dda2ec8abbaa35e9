"""Inputs that used to fail unclearly now fail with a precise 4xx / exit 2 and a message that says
what, where and how to fix: an oversize literal, RDF/XML with a DTD, JSON-LD with a remote context
(never fetched), and a path or query string that is not UTF-8."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from typer.testing import CliRunner

from nzc_graph.api.app import create_app
from nzc_graph.cli.main import app as cli
from nzc_graph.config import Settings
from nzc_graph.errors import RdfParseError
from nzc_graph.graph.rdfio import parse_rdf
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.terms import PARSER_BUFFER

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/hostname">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/">
  <rdf:Description rdf:about="http://x/a"><ex:q>&x;</ex:q></rdf:Description>
</rdf:RDF>
"""


def test_a_literal_over_the_parser_buffer_is_exit_2_naming_the_limit_and_line(tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    big.write_text('<http://x/a> <http://x/b> "ok" .\n<http://x/a> <http://x/c> "' + "a" * PARSER_BUFFER + '" .\n')
    result = CliRunner().invoke(cli, ["validate", str(big)])
    assert result.exit_code == 2, result.output
    assert "line 2" in result.output and "16 MiB" in result.output and "internal error" not in result.output


def test_rdf_xml_with_a_dtd_is_refused_before_parsing() -> None:
    with pytest.raises(RdfParseError, match=r"<!DOCTYPE …> declaration is not accepted \(line 2\)"):
        parse_rdf(XXE, "xml", "x.rdf")


def test_json_ld_remote_contexts_are_refused_everywhere_not_fetched() -> None:
    doc = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x/a", "http://x/p": 1}'
    with pytest.raises(RdfParseError, match="remote @context"):
        parse_rdf(doc, "json-ld", "x.jsonld")


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings, store)) as c:
        yield c


@pytest.mark.parametrize(
    "url",
    ["/sparql?query=SELECT%20*%20%7B%7D%20%23%E9", "/solved?q=caf%E9", "/id/city/k%FFzani", "/queries?x=%C3"],
)
def test_a_request_that_is_not_utf8_is_a_400_saying_where(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "InvalidQueryParameter" and "not valid UTF-8" in body["message"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_utf8_text_still_passes(client: TestClient) -> None:
    assert client.get("/solved?q=caf%C3%A9").status_code == 200


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """About 4 MB of JSON results: over the part of an answer held in memory (1 MiB) and, with a
    3 MB cap, over the cap only once far more than the first chunks have been produced."""
    store = EmbeddedStore(tmp_path_factory.mktemp("wide") / "s")
    rows = "\n".join(f'<http://x/s{i}> <http://x/p> "{"w" * 40}{i}" .' for i in range(40_000))
    store.add_graph("http://x/g", Graph().parse(data=rows, format="nt"))
    yield store
    store.close()


@pytest.mark.parametrize("cap, expect", [(3_000_000, 413), (20_000_000, 200)])
def test_an_answer_is_complete_or_a_413_never_a_body_cut_off_after_a_200(
    app_settings: Settings, wide_store: EmbeddedStore, cap: int, expect: int
) -> None:
    settings = Settings.model_validate({**app_settings.model_dump(), "max_result_bytes": cap})
    query = {"query": "SELECT ?s ?o { GRAPH ?g { ?s ?p ?o } }"}
    with TestClient(create_app(settings, wide_store)) as c:
        r = c.get("/sparql", params=query, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == expect, r.text[:300]
    if expect == 413:
        assert f"{cap}" in r.json()["message"] and "LIMIT" in r.json()["message"]
    else:
        assert len(r.json()["results"]["bindings"]) == 40_000  # parses: the whole document arrived
